"""Who a rehabilitation centre may admit (REH-4.7.1, REH-5.2.1.1), as a table of rules that cite
their clauses. Each rule reads facts Anxin already holds — the client's diagnoses and birth
date, the latest risk assessment, the incidents and crisis alerts of the last three months, the
centre's profile — and the screening form's answers; none is asked twice.

A rule that is not met says what is wrong. A supervisor may override the refusal with a reason
(actions.do_override_eligibility); the override names the rules it covers, and is reported.

Readings (not spelled out in the standard):
- "近3个月无危险事件发生" (5.2.1.1.1) is read as the last 90 days, so that the window is the
  same length whatever the month; a dangerous event is an incident of violence, self-harm or
  disorder, or a crisis alert of the high-risk rules.
- The age ranges of 5.2.1.1.3 are inclusive at both ends (15–60, 3–14); "60岁以上" is 61 and
  over. Age is in completed years on the day of the check.
- "总危险度在1级以下（含1级）" (4.7.1.4) reads the latest risk assessment (0–5, domain-facts
  §3.1); with none on record the rule is not met: it must be assessed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from anxin.clients.diagnoses import SEVERE_CODES

DANGER_WINDOW_DAYS = 90
DANGEROUS_INCIDENTS = ("violence", "self_harm", "disorder")
# The alerts of danger to self or others; not `rehab_emergency`, which a relapse or a drug
# reaction raises too (the violent or self-harm incident behind one counts above).
DANGEROUS_ALERTS = ("risk_level_high", "assessment_risk_high", "phq9_self_harm",
                    "self_assessment_self_harm")
MAX_RISK_LEVEL = 1
ADULT_AGES = (15, 60)
CHILD_AGES = (3, 14)


@dataclass
class Facts:
    """What the rules read, gathered once (gather())."""

    today: datetime.date
    age: int
    diagnoses: list[str]  # ICD-10 codes
    screening: dict | None  # the screening form's coded answers, None if not completed
    risk_level: int | None
    risk_on: datetime.date | None
    dangerous_on: datetime.date | None  # the latest dangerous event in the window
    takes_children: bool
    takes_elderly: bool


@dataclass(frozen=True)
class Rule:
    code: str
    label: str | Promise
    clause: str
    check: Callable[[Facts], str]  # "" when met, otherwise what is wrong


@dataclass(frozen=True)
class Result:
    rule: Rule
    met: bool
    problem: str


def _answer(facts: Facts, code: str):
    return (facts.screening or {}).get(code)


def _screened(facts: Facts) -> str:
    return "" if facts.screening is not None else _("The screening form is not completed yet.")


def _diagnosis(facts: Facts) -> str:
    if not facts.diagnoses:
        return _("No diagnosis is on record: the centre takes people with a clear diagnosis.")
    if any(is_severe(code) for code in facts.diagnoses):
        if _answer(facts, "national_system") is not True:
            return _("A severe mental disorder must be managed in the national information "
                     "system.")
        return ""
    if _answer(facts, "wishes_rehabilitation") is not True:
        return _("Someone without a severe mental disorder is admitted when they need and "
                 "wish to be rehabilitated.")
    return ""


def is_severe(code: str) -> bool:
    """One of the six severe mental disorders, whatever the detail of the code: F20.0 is F20,
    F71 lies in F70-F79 (the codes may be typed by hand)."""
    category = (code or "").strip().upper().split(".")[0]
    for severe in SEVERE_CODES:
        low, _sep, high = severe.partition("-")
        if category == low or (high and low <= category <= high):
            return True
    return False


def _yes(code: str, message) -> Callable[[Facts], str]:
    def check(facts: Facts) -> str:
        return "" if _answer(facts, code) is True else str(message)
    return check


def _no_disease(facts: Facts) -> str:
    problems = []
    if _answer(facts, "infectious_disease") is not False:
        problems.append(_("an infectious disease"))
    if _answer(facts, "severe_physical_disease") is not False:
        problems.append(_("a severe physical disease"))
    if not problems:
        return ""
    return _("Not admitted with %(what)s: send them for treatment first.") % {
        "what": pgettext("list separator", "; ").join(problems)}


def _risk(facts: Facts) -> str:
    if facts.risk_level is None:
        return _("No risk assessment is on record: assess the risk level (0–5) first.")
    if facts.risk_level > MAX_RISK_LEVEL:
        return _("The risk level is %(level)s (on %(date)s); the centre admits level 1 or "
                 "below.") % {"level": facts.risk_level, "date": facts.risk_on.isoformat()}
    return ""


def _no_danger(facts: Facts) -> str:
    if facts.dangerous_on is None:
        return ""
    return _("A dangerous incident or alert on %(date)s is within the last %(days)s days.") % {
        "date": facts.dangerous_on.isoformat(), "days": DANGER_WINDOW_DAYS}


def _age(facts: Facts) -> str:
    low, high = ADULT_AGES
    if low <= facts.age <= high:
        return ""
    if CHILD_AGES[0] <= facts.age <= CHILD_AGES[1]:
        return "" if facts.takes_children else _(
            "Aged %(age)s: only a centre able to rehabilitate children takes ages 3–14.") % {
            "age": facts.age}
    if facts.age > high:
        return "" if facts.takes_elderly else _(
            "Aged %(age)s: only a centre able to rehabilitate the elderly takes people over "
            "60.") % {"age": facts.age}
    return _("Aged %(age)s: no centre takes children under 3.") % {"age": facts.age}


RULES = (
    Rule("screened", gettext_lazy("Screening completed"), "REH-5.2.1.1", _screened),
    Rule("diagnosis", gettext_lazy("Diagnosed; in the national system, or wishes "
                                   "rehabilitation"), "REH-4.7.1.1", _diagnosis),
    Rule("stable", gettext_lazy("Illness stable"), "REH-4.7.1.2",
         _yes("stable", gettext_lazy("The illness is not stable."))),
    Rule("voluntary_medication", gettext_lazy("Takes medication voluntarily"), "REH-4.7.1.2",
         _yes("voluntary_medication", gettext_lazy("They do not take medication "
                                                   "voluntarily."))),
    Rule("self_caring", gettext_lazy("Basically self-caring"), "REH-4.7.1.2",
         _yes("self_caring", gettext_lazy("They are not basically self-caring."))),
    Rule("family_cooperates", gettext_lazy("Family cooperates"), "REH-4.7.1.2",
         _yes("family_cooperates", gettext_lazy("The family does not cooperate."))),
    Rule("no_disease", gettext_lazy("No infectious or severe physical disease"),
         "REH-4.7.1.3; REH-5.2.1.1.2", _no_disease),
    Rule("risk_level", gettext_lazy("Risk level 1 or below"), "REH-4.7.1.4", _risk),
    Rule("no_danger", gettext_lazy("No dangerous incident in the last 3 months"),
         "REH-5.2.1.1.1", _no_danger),
    Rule("age", gettext_lazy("Age within the centre's capability"), "REH-5.2.1.1.3", _age),
)
RULE_CODES = tuple(rule.code for rule in RULES)


def evaluate(facts: Facts) -> list[Result]:
    results = []
    for rule in RULES:
        problem = rule.check(facts)
        results.append(Result(rule, met=not problem, problem=problem))
    return results


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month,
                                                                 birth_date.day))


def gather(client, *, case=None, today: datetime.date | None = None) -> Facts:
    """The facts of `client` the rules read, in a handful of queries; the screening form is the
    case's current episode's (or the client's latest, when asked without a case)."""
    from anxin.documents.models import Document, DocumentStatus
    from anxin.instruments.models import InstrumentResponse
    from anxin.safety.models import Alert, Incident

    from .kinds import SCREENING
    from .models import CentreProfile

    today = today or timezone.localdate()
    organization_id = client.organization_id
    screenings = Document.objects.filter(organization_id=organization_id, kind=SCREENING,
                                         status__in=(DocumentStatus.COMPLETED,
                                                     DocumentStatus.APPROVED))
    if case is not None:
        screenings = screenings.filter(case=case, episode=case.episode)
    else:
        screenings = screenings.filter(case__client=client)
    screening = screenings.order_by("-submitted_at", "-id").only("coded").first()
    risk = (InstrumentResponse.objects.filter(organization_id=organization_id, client=client,
                                              instrument="risk_level")
            .order_by("-administered_on", "-id").first())
    since = today - datetime.timedelta(days=DANGER_WINDOW_DAYS)
    incident = (Incident.objects.filter(organization_id=organization_id, client=client,
                                        kind__in=DANGEROUS_INCIDENTS,
                                        occurred_at__date__gt=since)
                .order_by("-occurred_at").values_list("occurred_at", flat=True).first())
    alert = (Alert.objects.filter(organization_id=organization_id, client=client,
                                  rule__in=DANGEROUS_ALERTS, raised_at__date__gt=since)
             .order_by("-raised_at").values_list("raised_at", flat=True).first())
    dangerous = [timezone.localtime(at).date() for at in (incident, alert) if at is not None]
    profile = CentreProfile.objects.filter(organization_id=organization_id).first()
    diagnoses = [d.code for d in client.diagnoses.filter(organization_id=organization_id)]
    level = None
    if risk is not None and risk.totals.get("level") is not None:
        level = int(float(risk.totals["level"]))
    return Facts(
        today=today, age=age_on(client.birth_date, today), diagnoses=diagnoses,
        screening=dict(screening.coded) if screening is not None else None,
        risk_level=level, risk_on=risk.administered_on if risk is not None else None,
        dangerous_on=max(dangerous) if dangerous else None,
        takes_children=bool(profile and profile.takes_children),
        takes_elderly=bool(profile and profile.takes_elderly),
    )


def unmet(results: list[Result]) -> list[str]:
    return [r.rule.code for r in results if not r.met]
