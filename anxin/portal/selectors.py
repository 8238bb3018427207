"""Reads: the organisation behind a public page, what staff may see, and counts by band."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from anxin.accounts.models import Organization
from anxin.core.exceptions import NotVisible
from anxin.instruments.registry import latest
from anxin.safety.selectors import settings_for

from .constants import MAIN_SCALE, PUBLIC_INSTRUMENTS


def public_organization(code: str):
    """The organisation whose public page this is, with its safety settings; 404 for an unknown
    code and for an organisation that has closed its page. The code is matched whatever its
    case (a poster's "cdwh" opens CDWH's page); the pages then use the stored spelling."""
    organization = Organization.objects.filter(code__iexact=code).order_by("pk").first()
    if organization is None:
        raise NotVisible
    settings = settings_for(organization)
    if not settings.self_assessment_enabled:
        raise NotVisible
    return organization, settings


@dataclass(frozen=True)
class BandCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class InstrumentSummary:
    code: str
    name: str
    total: int
    bands: list[BandCount]
    self_harm: int
    contact: int


def summary(queryset: QuerySet) -> list[InstrumentSummary]:
    """Counts by questionnaire and band (in the definition's order, zeros included), with how
    many reported thoughts of self-harm and how many asked to be contacted. One query."""
    rows = (queryset.order_by().values("instrument", "band")
            .annotate(n=Count("id"), self_harm=Count("id", filter=Q(self_harm_thoughts=True)),
                      contact=Count("id", filter=Q(contact_consent=True))))
    counts: dict[tuple[str, str], dict] = {(r["instrument"], r["band"]): r for r in rows}
    result = []
    for code in PUBLIC_INSTRUMENTS:
        definition = latest(code)
        mine = [r for (instrument, _band), r in counts.items() if instrument == code]
        result.append(InstrumentSummary(
            code=code, name=str(definition.name),
            total=sum(r["n"] for r in mine),
            bands=[BandCount(b.code, str(b.text), counts.get((code, b.code), {}).get("n", 0))
                   for b in definition.scale(MAIN_SCALE).bands],
            self_harm=sum(r["self_harm"] for r in mine),
            contact=sum(r["contact"] for r in mine),
        ))
    return result
