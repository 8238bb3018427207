"""The centre's programmes, mounted at /programmes/."""

from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("participation/", views.participation, name="participation"),
    path("cases/<int:case_id>/sessions/", views.session_list, name="sessions"),
    path("cases/<int:case_id>/sessions/new/", views.session_add, name="session_add"),
    path("daily/", views.daily_log, name="daily"),
    path("daily/new/", views.daily_add, name="daily_add"),
]
