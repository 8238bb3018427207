"""The crisis protocol checklist: what the standards say to do, item by item, with its clause.
An alert's rule names which items apply; each tick is logged as an AlertStep.

Labels are English msgids with the standards' Chinese wording in the catalogue, so each reader
gets one language, not both."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ProtocolItem:
    code: str
    label: Promise
    clause: str


ITEMS = (
    ProtocolItem("ensure_safety", _("Deal with the conflict or danger first; ensure everyone's "
                                    "safety"), "CMH-8.2.2b"),
    ProtocolItem("contact_family", _("Contact the family"), "CMH-8.2.2b"),
    ProtocolItem("contact_hospital", _("Contact the psychiatric hospital"),
                 "CMH-8.2.2b"),
    ProtocolItem("report_leadership", _("Report to the street (township) leadership and inform "
                                        "the community"),
                 "PSY-measure-7; CMH-8.2.2b"),
    ProtocolItem("emergency_call", _("When violence threatens: leave the danger, get help nearby, "
                                     "call 120 / 110 / 119"), "CMH-8.2.2b"),
    ProtocolItem("crisis_intervention", _("Crisis intervention by a counsellor or mental-health "
                                          "social worker"), "PSY-measure-7"),
    ProtocolItem("increase_contact",
                 _("Visit more often; give the family the emergency numbers"), "PSY-measure-7"),
    ProtocolItem("reassess_risk", _("Reassess the risk level"), "CMH-6.2; CMH-8.2.2b"),
    ProtocolItem("call_visiting_staff", _("Phone the staff on the home visit"), "CMH-8.2.2a"),
    ProtocolItem("contact_person", _("Contact the person who took the self-assessment, as they "
                                     "agreed"), "PSY-measure-2; PSY-measure-7"),
    ProtocolItem("refer_immediately", _("Give emergency treatment and refer the client at once "
                                        "(record the referral on the case)"), "REH-5.4.5"),
)
BY_CODE = {item.code: item for item in ITEMS}

CRISIS = ("ensure_safety", "contact_family", "contact_hospital", "report_leadership",
          "emergency_call", "crisis_intervention", "increase_contact", "reassess_risk")
# An emergency during community rehabilitation: the crisis steps, then referral (REH-5.4.5).
REHAB_EMERGENCY = (*CRISIS, "refer_immediately")


def not_applicable_field(code: str) -> str:
    """The name under which the reason a protocol item did not apply is sent (the resolve form,
    the API) and refused (the action)."""
    return f"not_applicable.{code}"
