"""Case pages, mounted at /cases/."""

from django.urls import path

from .printing import views as printing
from .views import assignment, cases, documents, referrals

app_name = "cases"
urlpatterns = [
    path("", cases.case_list, name="list"),
    path("queue/", cases.queue, name="queue"),
    path("open/<int:client_id>/", cases.case_open, name="open"),
    path("<int:case_id>/", cases.case_detail, name="detail"),
    path("<int:case_id>/do/<slug:action>/", cases.transition, name="transition"),
    path("<int:case_id>/follow-up/", cases.follow_up, name="follow_up"),
    path("<int:case_id>/forms/<slug:code>/", documents.document_edit, name="document_edit"),
    path("<int:case_id>/forms/<slug:code>/<int:document_id>/", documents.document_view,
         name="document_view"),
    path("<int:case_id>/forms/<slug:code>/<int:document_id>/confirm/", documents.document_submit,
         name="document_submit"),
    path("<int:case_id>/forms/<slug:code>/<int:document_id>/review/", documents.document_review,
         name="document_review"),
    path("<int:case_id>/signatures/<int:signature_id>/", documents.signature_image,
         name="signature"),
    path("<int:case_id>/referral/", referrals.referral_prepare, name="referral_prepare"),
    path("referrals/", referrals.referral_list, name="referrals"),
    path("referrals/<int:referral_id>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/from-outside/<int:client_id>/", referrals.outside_referral,
         name="outside_referral"),
    path("<int:case_id>/print/<str:code>/<int:document_id>.pdf", printing.print_document,
         name="print"),
    path("<int:case_id>/print/file/", printing.print_case_file, name="print_case_file"),
    path("reassign/", assignment.reassign, name="reassign"),
]
