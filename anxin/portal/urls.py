"""Public pages per organisation code; the staff pages sit beside them at paths no organisation
page can take (the root, and `view/<number>/`, since instruments are named, not numbered)."""

from django.urls import path, register_converter

from .constants import PUBLIC_INSTRUMENTS
from .views import public, staff


class PublicInstrumentConverter:
    regex = "|".join(PUBLIC_INSTRUMENTS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PublicInstrumentConverter, "public_instrument")

app_name = "portal"

urlpatterns = [
    path("", staff.staff_list, name="staff_list"),
    path("view/<int:assessment_id>/", staff.staff_detail, name="staff_detail"),
    path("<slug:org_code>/", public.landing, name="landing"),
    path("<slug:org_code>/result/<str:token>/", public.result, name="result"),
    path("<slug:org_code>/<public_instrument:instrument>/", public.questionnaire,
         name="questionnaire"),
]
