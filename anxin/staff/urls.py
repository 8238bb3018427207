"""Organisation administration pages, mounted at /staff/."""

from django.urls import path

from . import views

app_name = "staff"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("add/", views.member_add, name="member_add"),
    path("teams/add/", views.team_add, name="team_add"),
    path("compliance/", views.compliance_view, name="compliance"),
    path("organizations/add/", views.organization_add, name="organization_add"),
    path("<int:member_id>/", views.member_detail, name="member"),
    path("<int:member_id>/role/", views.member_role, name="member_role"),
    path("<int:member_id>/record/", views.member_record, name="member_record"),
    path("<int:member_id>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path("<int:member_id>/reactivate/", views.member_reactivate, name="member_reactivate"),
    path("<int:member_id>/unlock/", views.member_unlock, name="member_unlock"),
    path("<int:member_id>/reset-password/", views.member_reset_password,
         name="member_reset_password"),
    path("<int:member_id>/qualifications/add/", views.qualification_add, name="qualification_add"),
    path("<int:member_id>/training/add/", views.training_add, name="training_add"),
    path("<int:member_id>/<str:kind>/<int:record_id>/file/", views.attachment, name="attachment"),
]
