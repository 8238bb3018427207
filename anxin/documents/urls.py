from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("case/<int:case_id>/<slug:code>/new/", views.document_new, name="new"),
    path("<slug:subject>/<int:subject_id>/<slug:code>/new/", views.document_new_for,
         name="new_for"),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/edit/", views.document_edit, name="edit"),
    path("<int:document_id>/submit/", views.document_submit, name="submit"),
    path("<int:document_id>/review/", views.document_review, name="review"),
    path("<int:document_id>/revise/", views.document_revise, name="revise"),
    path("<int:document_id>/print.pdf", views.document_print, name="print"),
    path("files/<int:file_id>/", views.document_file, name="file"),
]
