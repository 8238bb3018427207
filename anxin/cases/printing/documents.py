"""The seven printable forms (CMH appendices A–G): which document each is, and what its
template needs besides the document itself — tick boxes, signatures, the client's age.

Titles and box labels are the standard's Chinese wording, not gettext strings: the printed form
is the standard's form whatever language the person printing it reads.
"""

import base64
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.safestring import SafeString, mark_safe

from anxin.core.exceptions import NotVisible

from ..choices import (
    ApplicationDecision,
    BriefKind,
    CaseSource,
    ClosingReason,
    ConsentMode,
    GoalAttainment,
    Improvement,
    NotAcceptedGround,
    NotAcceptedHandling,
    PlanKind,
    RiskLevel,
    Satisfaction,
    ServiceMode,
    Stability,
)
from ..models import (
    Assessment,
    Case,
    CaseApplication,
    Closure,
    Consent,
    Evaluation,
    ServicePlan,
    ServiceRecord,
    Signature,
)

BOX_OFF = mark_safe('<span class="box"></span>')
# U+2611 ☑ is not in Noto SC; the box is drawn by CSS and U+2713 ✓ (which is) ticks it.
BOX_ON = mark_safe('<span class="box on">✓</span>')


class UnknownBox(Exception):
    """A template asked for a box its question does not have: a typo, so fail loudly (Django
    templates would otherwise print nothing for a KeyError)."""


class Boxes:
    """The tick boxes of one question. In a template `{{ source.referred }}` prints a ticked box
    when `referred` was chosen and an empty one otherwise."""

    def __init__(self, chosen, options: Iterable):
        values = chosen if isinstance(chosen, list | tuple | set | frozenset) else [chosen]
        self.chosen = {str(v) for v in values if v is not None and v != ""}
        self.options = [str(o) for o in options]

    def __getitem__(self, key: str) -> SafeString:
        if key not in self.options:
            raise UnknownBox(key)
        return BOX_ON if key in self.chosen else BOX_OFF

    def scale(self) -> list[tuple[str, SafeString]]:
        """Every option with its box, in order, for a template to loop over (a template cannot
        reach this method: every lookup on a Boxes is a box)."""
        return [(option, self[option]) for option in self.options]


def yes_no(value: bool | None) -> Boxes:
    return Boxes({True: "yes", False: "no"}.get(value), ("yes", "no"))


def signature_uri(signature: Signature | None) -> str:
    """The signature image as a data: URI, so the PDF carries it and fetches nothing."""
    if signature is None:
        return ""
    encoded = base64.b64encode(bytes(signature.data)).decode("ascii")
    return f"data:{signature.content_type};base64,{encoded}"


def age_on(birth_date: datetime.date | None, day: datetime.date | None) -> int | None:
    if birth_date is None or day is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month,
                                                                 birth_date.day))


def padded(items: list, length: int) -> list:
    """At least `length` rows, blank ones last: a printed table leaves room to write in."""
    return list(items) + [None] * max(0, length - len(items))


# --- What each form's template needs ----------------------------------------------------------

def _consent(consent: Consent, case: Case) -> dict:
    return {
        "mode": Boxes(consent.mode, ConsentMode.values),
        "audio": yes_no(consent.audio_recording_allowed),
        "video": yes_no(consent.video_recording_allowed),
        "exceptions": yes_no(consent.exceptions_explained),
        "client_signature": signature_uri(consent.client_signature),
    }


def _application(application: CaseApplication, case: Case) -> dict:
    return {
        "sex": Boxes(case.client.sex, ("M", "F")),
        "age": age_on(case.client.birth_date, application.application_date),
        "source": Boxes(case.source, CaseSource.values),
        "decision": Boxes(application.decision, ApplicationDecision.values),
        "follow": Boxes({ApplicationDecision.NOT_ACCEPTED: "no", ApplicationDecision.BRIEF: "yes",
                         ApplicationDecision.ACCEPTED: "yes"}.get(application.decision),
                        ("yes", "no")),
        "grounds": Boxes(application.not_accepted_grounds, NotAcceptedGround.values),
        "handling": Boxes(application.not_accepted_handling, NotAcceptedHandling.values),
        "brief": Boxes(application.brief_kind, BriefKind.values),
        # 接案 once accepted; the 其他 box of that row has nothing the model records.
        "accepted": Boxes("case" if application.decision == ApplicationDecision.ACCEPTED
                          else None, ("case", "other")),
    }


def _assessment(assessment: Assessment, case: Case) -> dict:
    return {
        "sex": Boxes(case.client.sex, ("M", "F")),
        "risk_levels": Boxes(assessment.risk_level, RiskLevel.values).scale(),
        "stability": Boxes(assessment.stability, Stability.values),
    }


def _plan(plan: ServicePlan, case: Case) -> dict:
    goals = plan.goal_list
    return {
        "kind": Boxes(plan.kind, PlanKind.values),
        "goals": padded(goals, 3),
        "rows": padded(list(plan.rows.filter(organization_id=plan.organization_id)), 3),
        "client_signature": signature_uri(plan.client_signature),
    }


# CMH-8.2.2a 家访服务安全管理, in the standard's words, for the row a home visit's record adds.
HOME_VISIT_SAFETY_WORDING = {
    "checked_home_safety": "首先确保家居环境的安全性、风险性，确保出入安全",
    "phone_kept_on": "时刻保持通讯设备畅通",
    "sat_near_exit": "访谈地点选择客厅且离出入口较近的地方",
    "kept_distance": "避免背对服务对象，并保持1米左右距离",
}


def _service_record(record: ServiceRecord, case: Case) -> dict:
    return {
        "mode": Boxes(record.mode, ServiceMode.values),
        "audio": yes_no(record.audio_recorded),
        "video": yes_no(record.video_recorded),
        # An item that was not possible prints unticked with the reason (MSW-B.1.2).
        "home_visit_safety": [
            (HOME_VISIT_SAFETY_WORDING[item.name], BOX_ON if item.ticked else BOX_OFF,
             item.not_possible)
            for item in record.home_visit_checklist()
        ] if record.mode == ServiceMode.HOME_VISIT else [],
    }


def _evaluation(evaluation: Evaluation, case: Case) -> dict:
    return {
        "sex": Boxes(case.client.sex, ("M", "F")),
        "coping": Boxes(evaluation.coping_improved, Improvement.values),
        "satisfaction": Boxes(evaluation.satisfaction, Satisfaction.values),
        "improvement": Boxes(evaluation.improvement, range(1, 11)).scale(),
        "attainment": Boxes(evaluation.goal_attainment, GoalAttainment.values),
    }


PRINTED_REASON = {ClosingReason.DIED: "died_or_moved", ClosingReason.MOVED: "died_or_moved"}


def _closure(closure: Closure, case: Case) -> dict:
    application = (CaseApplication.objects.filter(organization_id=case.organization_id, case=case)
                   .only("decided_on").first())
    return {
        "sex": Boxes(case.client.sex, ("M", "F")),
        "source": Boxes(case.source, CaseSource.values),
        # The printed form has one box for both (服务对象死亡或搬迁).
        "reasons": Boxes([PRINTED_REASON.get(r, r) for r in closure.reasons],
                         [r for r in ClosingReason.values if r not in PRINTED_REASON]
                         + ["died_or_moved"]),
        "knows": yes_no(closure.client_knows_how_to_return),
        "accepted_on": application.decided_on if application else None,
        "closed_on": case.closed_on or closure.planned_closing_date,
        "client_signature": signature_uri(closure.client_signature),
    }


@dataclass(frozen=True)
class PrintedForm:
    code: str
    appendix: str
    title: str
    model: type[models.Model]
    related: tuple[str, ...]
    context: Callable[[models.Model, Case], dict]

    @property
    def template(self) -> str:
        return f"cases/print/{self.code}.html"


FORMS: dict[str, PrintedForm] = {form.code: form for form in (
    PrintedForm("consent", "A", "服务知情同意书", Consent,
                ("client_signature", "informed_by", "worker_signed_by"), _consent),
    PrintedForm("application", "B", "个案申请表", CaseApplication, ("decided_by",),
                _application),
    PrintedForm("assessment", "C", "预估表", Assessment, (), _assessment),
    PrintedForm("plan", "D", "个案服务计划书", ServicePlan,
                ("client_signature", "worker_confirmed_by", "approved_by"), _plan),
    PrintedForm("service_record", "E", "个案服务记录表", ServiceRecord, (), _service_record),
    PrintedForm("evaluation", "F", "服务评估表", Evaluation, (), _evaluation),
    PrintedForm("closure", "G", "个案服务结案表", Closure,
                ("client_signature", "worker_confirmed_by", "approved_by"), _closure),
)}


def printed_form(code: str) -> PrintedForm:
    try:
        return FORMS[code]
    except KeyError:
        raise NotVisible from None


def get_document(case: Case, code: str, document_id) -> models.Model:
    """The case's own document of that form; another case's (or none) is a 404."""
    form = printed_form(code)
    try:
        return form.model.objects.select_related(*form.related).get(case=case, pk=document_id)
    except (form.model.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
