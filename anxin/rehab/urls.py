from django.urls import path

from . import views

app_name = "rehab"

urlpatterns = [
    path("cases/<int:case_id>/eligibility/", views.eligibility_page, name="eligibility"),
    path("cases/<int:case_id>/file/", views.rehabilitation_file, name="file"),
    path("enquiries/", views.enquiry_list, name="enquiries"),
    path("enquiries/new/", views.enquiry_new, name="enquiry_new"),
    path("centre/", views.centre, name="centre"),
    path("centre/partners/new/", views.partner_add, name="partner_add"),
    path("centre/partners/<int:partner_id>/end/", views.partner_end, name="partner_end"),
    path("overrides/", views.override_list, name="overrides"),
]
