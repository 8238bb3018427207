"""Community-work pages, mounted at /community/."""

from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    path("", views.activity_list, name="activities"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/participants/add/", views.participant_add,
         name="participant_add"),
    path("activities/<int:activity_id>/materials/add/", views.material_add,
         name="material_add"),
    path("volunteers/", views.volunteer_list, name="volunteers"),
    path("volunteers/new/", views.volunteer_create, name="volunteer_create"),
    path("volunteers/<int:volunteer_id>/", views.volunteer_detail, name="volunteer"),
    path("volunteers/<int:volunteer_id>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("volunteers/<int:volunteer_id>/hours/add/", views.hours_add, name="hours_add"),
]
