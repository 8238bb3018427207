"""Home-visit pages, mounted at /visits/."""

from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="list"),
    path("plan/<int:client_id>/", views.visit_plan, name="plan"),
    path("<int:visit_id>/", views.visit_detail, name="detail"),
    path("<int:visit_id>/decide/", views.visit_decide, name="decide"),
    path("<int:visit_id>/depart/", views.visit_depart, name="depart"),
    path("<int:visit_id>/check-in/", views.visit_check_in, name="check_in"),
    path("<int:visit_id>/cancel/", views.visit_cancel, name="cancel"),
    path("<int:visit_id>/service-record/", views.visit_service_record, name="service_record"),
]
