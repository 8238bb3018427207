"""Reads of the rehabilitation centre's records, for the user asking."""

from anxin.cases.models import Case
from anxin.documents.models import Document, DocumentStatus

from . import kinds
from .models import EligibilityOverride, Enquiry, MedicalPartner


def enquiries(user):
    return (Enquiry.objects.filter(organization_id=user.membership.organization_id)
            .select_related("received_by", "client").order_by("-received_at", "-id"))


def partners(organization):
    return MedicalPartner.objects.filter(organization=organization).order_by("ended_on", "kind",
                                                                            "name")


def overrides(user):
    """The overrides of the cases the user sees, newest first (REH-4.7.1 reported)."""
    return (EligibilityOverride.objects
            .filter(organization_id=user.membership.organization_id,
                    case__in=Case.objects.visible_to(user))
            .select_related("case__client", "decided_by").order_by("-decided_at", "-id"))


def file_documents(case) -> dict[str, list]:
    """The case's engine documents of the rehabilitation file's kinds, by kind, every episode,
    newest first; superseded ones left out."""
    rows = (Document.objects.filter(organization_id=case.organization_id, case=case,
                                    kind__in=kinds.FILE_ORDER)
            .exclude(status=DocumentStatus.SUPERSEDED)
            .only("organization", "case", "kind", "version", "episode", "status", "coded",
                  "created_at", "submitted_at")
            .order_by("-episode", "-created_at", "-id"))
    by_kind: dict[str, list] = {code: [] for code in kinds.FILE_ORDER}
    for row in rows:
        by_kind[row.kind].append(row)
    return by_kind


# The measures the intake assessment and the evaluations share (REH-5.2.5), for the change
# since admission: the instruments' totals (SDSS, ZBI-22; lower is better) and two coded
# answers.
RESPONSES = {"sdss_total": "sdss_response", "zbi_total": "zbi_response"}
CODED = ("self_care", "social_relations")
MEASURES = (*RESPONSES, *CODED)
FINAL = (DocumentStatus.COMPLETED, DocumentStatus.APPROVED)


def _totals(documents) -> dict[int, int]:
    """Response id → its total, for the responses the documents name, in one query."""
    from anxin.instruments.models import InstrumentResponse

    ids = {d.coded.get(field) for d in documents for field in RESPONSES.values()} - {None}
    if not ids:
        return {}
    rows = InstrumentResponse.objects.filter(
        organization_id=documents[0].organization_id, pk__in=ids).only("pk", "totals")
    totals = {}
    for row in rows:
        value = (row.totals or {}).get("total")
        if value is not None:
            totals[row.pk] = int(float(value))
    return totals


def progress(by_kind: dict[str, list], episode: int) -> list[dict]:
    """Each measure at the intake assessment and at each evaluation of the episode, oldest first,
    with the change of each score since admission."""
    baseline = next((d for d in by_kind.get(kinds.INTAKE_ASSESSMENT, ())
                     if d.episode == episode and d.status in FINAL), None)
    evaluations = sorted(
        (d for d in by_kind.get(kinds.EVALUATION, ())
         if d.episode == episode and d.status in FINAL),
        key=lambda d: (d.coded.get("evaluated_on") or "", d.pk))
    points = ([("intake", baseline)] if baseline else []) + [
        (d.coded.get("phase", ""), d) for d in evaluations]
    totals = _totals([document for _phase, document in points])

    def value(document, measure):
        if measure in RESPONSES:
            return totals.get(document.coded.get(RESPONSES[measure]))
        return document.coded.get(measure)

    rows = []
    for phase, document in points:
        values = {}
        for measure in MEASURES:
            now = value(document, measure)
            start = value(baseline, measure) if baseline else None
            change = (now - start if measure in RESPONSES and document is not baseline
                      and now is not None and start is not None else None)
            values[measure] = {"value": now, "change": change}
        rows.append({"phase": phase, "document": document, "values": values})
    return rows
