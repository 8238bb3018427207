from django.urls import path

from . import views

app_name = "roster"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("import/", views.import_roster, name="import"),
    path("<int:import_id>/", views.entries, name="entries"),
]
