"""The crisis-alert rules, as a table. Each rule says what raises it, how urgent it is, who is
told, which protocol items apply, and the clause it comes from.

Response rules are matched against a stored instrument response (its flags, bands and totals);
the others are raised by name by the action that sees the event (a home visit not checked in, an
incident, a public self-assessment, a risk level entered on form C).
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import Urgency
from .protocol import CRISIS, REHAB_EMERGENCY

CASE_TEAM = "case_team"  # the case's worker and supervisor
DUTY = "duty"  # the organisation's duty worker (self-assessment)
GIVEN = "given"  # whoever the raising action names (home visits)


@dataclass(frozen=True)
class AlertRule:
    code: str
    label: Promise
    urgency: Urgency
    clause: str
    protocol: tuple[str, ...]
    recipients: str = CASE_TEAM
    instrument: str = ""  # response rules: the instrument they read
    flag: str = ""  # … fire on this flag
    bands: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # … or (scale, band)
    at_least: tuple[str, int] | None = None  # … or scale total ≥ n

    def matches(self, response) -> bool:
        if not self.instrument or response.instrument != self.instrument:
            return False
        if self.flag and self.flag in response.flags:
            return True
        if any(response.bands.get(scale) == band for scale, band in self.bands):
            return True
        if self.at_least:
            scale, n = self.at_least
            total = response.totals.get(scale)
            return total is not None and float(total) >= n
        return False


TABLE = (
    AlertRule("phq9_self_harm", _("PHQ-9 item 9: thoughts of self-harm"), Urgency.CRITICAL,
              "PSY-measure-7; CMH-8.2.2b", CRISIS, instrument="phq9", flag="self_harm_thoughts"),
    AlertRule("phq9_severe", _("PHQ-9 in the severe band (20–27)"), Urgency.HIGH,
              "CMH-5.2; PSY-measure-7", CRISIS, instrument="phq9",
              bands=frozenset({("total", "severe")})),
    AlertRule("gad7_severe", _("GAD-7 in the severe band (15–21)"), Urgency.HIGH,
              "CMH-5.2; PSY-measure-7", CRISIS, instrument="gad7",
              bands=frozenset({("total", "severe")})),
    AlertRule("risk_level_high", _("Risk level 3 or above"), Urgency.CRITICAL,
              "CMH-6.2; CMH-8.2.2b", CRISIS, instrument="risk_level", at_least=("level", 3)),
    AlertRule("followup_unstable", _("Follow-up classified unstable"), Urgency.HIGH,
              "国家基本公共卫生服务规范 严重精神障碍患者管理; CMH-5.1", CRISIS,
              instrument="followup_classification",
              bands=frozenset({("classification", "unstable")})),
    AlertRule("assessment_risk_high", _("Risk level 3 or above on the assessment (form C)"),
              Urgency.CRITICAL, "CMH-6.2; CMH-8.2.2b", CRISIS),
    AlertRule("self_assessment_self_harm",
              _("Public self-assessment: thoughts of self-harm (contact agreed)"),
              Urgency.CRITICAL, "PSY-measure-2; PSY-measure-7",
              ("contact_person", "crisis_intervention", "report_leadership", "emergency_call"),
              recipients=DUTY),
    AlertRule("self_assessment_severe",
              _("Public self-assessment in the severe band (contact agreed)"), Urgency.HIGH,
              "PSY-measure-2; PSY-measure-7", ("contact_person", "crisis_intervention"),
              recipients=DUTY),
    AlertRule("self_assessment_contact",
              _("Public self-assessment: asks to be contacted"), Urgency.WATCH,
              "PSY-measure-2", ("contact_person",), recipients=DUTY),
    AlertRule("visit_overdue", _("Home visit not checked in"), Urgency.CRITICAL, "CMH-8.2.2a",
              ("call_visiting_staff", "emergency_call", "report_leadership"), recipients=GIVEN),
    AlertRule("incident_risk_review", _("Safety incident: review the risk level"), Urgency.HIGH,
              "CMH-8.2.2b; CMH-6.2", CRISIS),
    # Raised with incident_risk_review when the client is in community rehabilitation; resolved
    # only once the case records a referral (actions.do_resolve_alert).
    AlertRule("rehab_emergency", _("Emergency during rehabilitation: handle it and refer at once"),
              Urgency.CRITICAL, "REH-5.4.5", REHAB_EMERGENCY),
)
RULES = {rule.code: rule for rule in TABLE}


def matching(response) -> list[AlertRule]:
    return [rule for rule in TABLE if rule.matches(response)]
