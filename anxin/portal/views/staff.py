"""Staff pages: the organisation's self-assessments, counted by band, and one of them."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from anxin.accounts.capabilities import ALERT_VIEW
from anxin.core.exceptions import NotPermitted
from anxin.safety.models import Alert
from anxin.safety.selectors import settings_for

from ..access import access_self_assessment
from ..actions import record_staff_view
from ..forms import StaffFilterForm
from ..models import SelfAssessment
from ..selectors import summary
from ..texts import SHORT_NAMES

PAGE_SIZE = 25
DEFAULT_PERIOD = "90"
# The list never reads contact details or answers: not even into memory.
LIST_DEFERRED = ("contact_name", "contact_phone", "answers")


def _alerts_by_source(user, assessments) -> dict[int, Alert]:
    """The newest alert the user can see for each listed self-assessment, in one query."""
    found: dict[int, Alert] = {}
    alerts = (Alert.objects.visible_to(user)
              .filter(source_type__app_label="portal", source_type__model="selfassessment",
                      source_id__in=[a.pk for a in assessments])
              .order_by("source_id", "-raised_at", "-id"))
    for alert in alerts:
        found.setdefault(alert.source_id, alert)
    return found


def _url(alert: Alert) -> str:
    try:
        return alert.get_absolute_url()
    except NoReverseMatch:  # the alert pages are not mounted (yet): show the alert unlinked
        return ""


@login_required
@require_GET
def staff_list(request):
    user = request.user
    if not user.can(ALERT_VIEW):
        raise NotPermitted
    form = StaffFilterForm(request.GET or None, initial={"period": DEFAULT_PERIOD})
    instrument, period, held = "", DEFAULT_PERIOD, False
    if form.is_valid():
        instrument = form.cleaned_data["instrument"]
        period = form.cleaned_data["period"] or period
        held = form.cleaned_data["held"]
    rows = SelfAssessment.objects.visible_to(user).defer(*LIST_DEFERRED)
    if instrument:
        rows = rows.filter(instrument=instrument)
    if period != "all":
        rows = rows.filter(created_at__gte=timezone.now() - datetime.timedelta(days=int(period)))
    # Held back past the alert limit: the most urgent and longest waiting first (ADR 0014).
    ordered = rows.held_back_most_urgent_first() if held else rows.order_by("-created_at", "-id")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    alerts = _alerts_by_source(user, page.object_list)
    listed = [{"assessment": a, "short_name": SHORT_NAMES[a.instrument],
               "alert": alerts.get(a.pk), "alert_url": _url(alerts[a.pk]) if a.pk in alerts
               else ""} for a in page.object_list]
    organization = user.organization
    public_url = (request.build_absolute_uri(reverse("portal:landing", args=[organization.code]))
                  if organization and settings_for(organization).self_assessment_enabled else "")
    return render(request, "portal/staff_list.html", {
        "form": form, "page": page, "rows": listed, "summary": summary(rows),
        "period": period, "instrument": instrument, "public_url": public_url, "held": held,
        "held_count": rows.filter(alert_held_back=True).count()})


@login_required
@require_GET
def staff_detail(request, assessment_id):
    assessment = access_self_assessment(request.user, assessment_id)
    record_staff_view(assessment, acting_user=request.user)
    alerts = _alerts_by_source(request.user, [assessment])
    alert = alerts.get(assessment.pk)
    definition = assessment.definition
    answers = [(item, item.option(assessment.answers[item.code])
                if assessment.answers.get(item.code) is not None else None)
               for item in definition.items if item.code in assessment.answers]
    return render(request, "portal/staff_detail.html", {
        "source": assessment, "short_name": SHORT_NAMES[assessment.instrument],
        "alert": alert, "alert_url": _url(alert) if alert else "", "answers": answers})
