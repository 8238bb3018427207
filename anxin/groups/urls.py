from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_new, name="new"),
    path("<int:group_id>/", views.group_detail, name="detail"),
    path("<int:group_id>/close/", views.group_close, name="close"),
    path("<int:group_id>/members/add/", views.member_add, name="member_add"),
    path("<int:group_id>/members/<int:member_id>/leave/", views.member_leave,
         name="member_leave"),
    path("<int:group_id>/members/<int:member_id>/measure/<slug:phase>/", views.measure,
         name="measure"),
    path("<int:group_id>/sessions/new/", views.session_new, name="session_new"),
    path("<int:group_id>/sessions/<int:session_id>/attendance/", views.session_attendance,
         name="attendance"),
    path("<int:group_id>/sessions/<int:session_id>/cancel/", views.session_cancel,
         name="session_cancel"),
    path("<int:group_id>/sessions/<int:session_id>/record/", views.session_record,
         name="session_record"),
]
