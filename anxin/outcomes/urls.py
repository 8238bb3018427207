"""Placements, relapse admissions and disability assessments, mounted at /outcomes/."""

from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("placements/", views.placement_list, name="placements"),
    path("placements/<int:placement_id>/end/", views.placement_end, name="placement_end"),
    path("clients/<int:client_id>/placements/add/", views.placement_add, name="placement_add"),
    path("clients/<int:client_id>/relapses/add/", views.relapse_add, name="relapse_add"),
    path("clients/<int:client_id>/disabilities/add/", views.disability_add,
         name="disability_add"),
]
