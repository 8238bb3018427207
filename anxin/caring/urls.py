"""Caring teams, their coverage, and peer supporters, mounted at /caring/."""

from django.urls import path

from . import views

app_name = "caring"
urlpatterns = [
    path("", views.team_list, name="teams"),
    path("add/", views.team_add, name="team_add"),
    path("coverage/", views.coverage_view, name="coverage"),
    path("<int:team_id>/", views.team_detail, name="team"),
    path("<int:team_id>/edit/", views.team_edit, name="team_edit"),
    path("<int:team_id>/members/add/", views.member_add, name="member_add"),
    path("<int:team_id>/members/<int:member_id>/end/", views.member_end, name="member_end"),
    path("<int:team_id>/clients/add/", views.client_add, name="client_add"),
    path("<int:team_id>/clients/<int:row_id>/end/", views.client_end, name="client_end"),
    path("<int:team_id>/meetings/add/", views.meeting_add, name="meeting_add"),
    path("<int:team_id>/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("peers/", views.peer_list, name="peers"),
    path("peers/add/", views.peer_add, name="peer_add"),
    path("peers/<int:supporter_id>/", views.peer_detail, name="peer"),
    path("peers/<int:supporter_id>/assessments/add/", views.assessment_add,
         name="assessment_add"),
    path("peers/<int:supporter_id>/trainings/add/", views.training_add, name="training_add"),
    path("peers/<int:supporter_id>/supervisions/add/", views.supervision_add,
         name="supervision_add"),
    path("peers/<int:supporter_id>/status/", views.peer_status, name="peer_status"),
]
