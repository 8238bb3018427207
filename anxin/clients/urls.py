from django.urls import path

from . import emergency_views, import_views, views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("export/", views.client_export, name="export"),
    path("import/", import_views.client_import_page, name="import"),
    path("import/template.csv", import_views.client_import_template, name="import_template"),
    path("check-id/", views.id_number_check, name="check_id"),
    path("streets/", views.street_options, name="streets"),
    path("emergency-access/", emergency_views.emergency_list, name="emergency_list"),
    path("emergency-access/open/", emergency_views.emergency_open, name="emergency_open"),
    path("emergency-access/<int:access_id>/reviewed/", emergency_views.emergency_review,
         name="emergency_review"),
    path("<int:client_id>/", views.client_detail, name="detail"),
    path("<int:client_id>/edit/", views.client_edit, name="edit"),
    path("<int:client_id>/contacts/", views.contact_add, name="contact_add"),
    path("<int:client_id>/contacts/<int:contact_id>/remove/", views.contact_remove,
         name="contact_remove"),
    path("<int:client_id>/household/", views.household_add, name="household_add"),
    path("<int:client_id>/household/<int:member_id>/remove/", views.household_remove,
         name="household_remove"),
    path("<int:client_id>/diagnoses/", views.diagnosis_add, name="diagnosis_add"),
    path("<int:client_id>/diagnoses/<int:diagnosis_id>/remove/", views.diagnosis_remove,
         name="diagnosis_remove"),
]
