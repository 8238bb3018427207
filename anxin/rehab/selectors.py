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
# since admission: (field, is a score where lower is better).
MEASURES = ("sdss_total", "zbi_total", "self_care", "social_relations")


def progress(by_kind: dict[str, list], episode: int) -> list[dict]:
    """Each measure at the intake assessment and at each evaluation of the episode, oldest first,
    with the change of each number since admission."""
    baseline = next((d for d in by_kind.get(kinds.INTAKE_ASSESSMENT, ())
                     if d.episode == episode and d.status in (DocumentStatus.COMPLETED,
                                                              DocumentStatus.APPROVED)), None)
    evaluations = sorted(
        (d for d in by_kind.get(kinds.EVALUATION, ())
         if d.episode == episode and d.status in (DocumentStatus.COMPLETED,
                                                  DocumentStatus.APPROVED)),
        key=lambda d: (d.coded.get("evaluated_on") or "", d.pk))
    points = ([("intake", baseline)] if baseline else []) + [
        (d.coded.get("phase", ""), d) for d in evaluations]
    start = baseline.coded if baseline else {}
    rows = []
    for phase, document in points:
        values = {}
        for measure in MEASURES:
            value = document.coded.get(measure)
            change = None
            if isinstance(value, int) and isinstance(start.get(measure), int) \
                    and document is not baseline:
                change = value - start[measure]
            values[measure] = {"value": value, "change": change}
        rows.append({"phase": phase, "document": document, "values": values})
    return rows
