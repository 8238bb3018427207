"""A rehabilitation centre's medication record, mounted at /medication/."""

from django.urls import path

from . import views

app_name = "medication"

urlpatterns = [
    path("", views.index, name="index"),
    path("today/", views.today, name="today"),
    path("clients/<int:client_id>/", views.client_detail, name="client"),
    path("clients/<int:client_id>/prescriptions/add/", views.prescription_add,
         name="prescription_add"),
    path("clients/<int:client_id>/prescriptions/<int:prescription_id>/end/",
         views.prescription_end, name="prescription_end"),
    path("clients/<int:client_id>/doses/", views.dose_record, name="dose_record"),
]
