"""Reads of instrument responses."""

import datetime
from dataclasses import dataclass

from .models import InstrumentResponse


@dataclass(frozen=True)
class RiskReading:
    level: int
    on: datetime.date
    source: str  # "instrument" (a 危险性评估 response) or "assessment" (form C)
    url: str = ""


def latest_risk_level(client) -> RiskReading | None:
    """The client's most recent risk level (危险性评估, 0–5), from a risk-level response or the
    risk level on a case assessment (form C), whichever is later. CMH-6.2, CMH-8.2.2a."""
    from anxin.cases.models import Assessment

    response = (InstrumentResponse.objects.filter(client=client, instrument="risk_level")
                .order_by("-administered_on", "-id").first())
    assessment = (Assessment.objects.filter(case__client=client, risk_level__isnull=False)
                  .order_by("-filled_on", "-id").first())
    readings = []
    if response is not None:
        readings.append(RiskReading(int(response.totals["level"]), response.administered_on,
                                    "instrument"))
    if assessment is not None:
        readings.append(RiskReading(assessment.risk_level, assessment.filled_on, "assessment",
                                    assessment.case.get_absolute_url()))
    return max(readings, key=lambda r: r.on, default=None)


def client_responses(client, user):
    """The client's responses `user` may see, oldest first, in one query; without their answers
    (the charts show scores), so a long history is not decrypted item by item."""
    return (InstrumentResponse.objects.visible_to(user, client=client).filter(client=client)
            .defer("answers").order_by("administered_on", "id"))


def case_responses(case, user):
    """The responses given in a case, newest first, with who recorded them, in one query;
    without their answers (the panel shows scores)."""
    return (InstrumentResponse.objects.visible_to(user, client=case.client, case=case)
            .filter(case=case)
            .select_related("recorded_by").defer("answers")
            .order_by("-administered_on", "-id"))


def case_links(case, user):
    """Links issued in a case (open ones first), in one query."""
    from django.db.models import F

    from .models import ClientLink

    return (ClientLink.objects.visible_to(user, case=case).filter(case=case)
            .select_related("created_by")
            .order_by(F("used_at").asc(nulls_first=True), "-created_at")[:20])


def attach_choices(case) -> set[str]:
    """Which of the current episode's forms (C, F) exist for a response to join."""
    from anxin.cases.models import Assessment, Evaluation

    from .models import AttachTo

    choices = set()
    if Assessment.objects.filter(case=case, episode=case.episode).exists():
        choices.add(AttachTo.ASSESSMENT.value)
    if Evaluation.objects.filter(case=case, episode=case.episode).exists():
        choices.add(AttachTo.EVALUATION.value)
    return choices
