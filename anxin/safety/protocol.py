"""The crisis protocol checklist: what the standards say to do, item by item, with its clause.
An alert's rule names which items apply; each tick is logged as an AlertStep."""

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
                                    "safety (处理冲突、秩序混乱、安全危害)"), "CMH-8.2.2b"),
    ProtocolItem("contact_family", _("Contact the family (与家属沟通)"), "CMH-8.2.2b"),
    ProtocolItem("contact_hospital", _("Contact the psychiatric hospital (联系精神专科医院)"),
                 "CMH-8.2.2b"),
    ProtocolItem("report_leadership", _("Report to the street (township) leadership and inform "
                                        "the community (向街道负责领导报告并通报社区)"),
                 "PSY-measure-7; CMH-8.2.2b"),
    ProtocolItem("emergency_call", _("When violence threatens: leave the danger, get help nearby, "
                                     "call 120 / 110 / 119"), "CMH-8.2.2b"),
    ProtocolItem("crisis_intervention", _("Crisis intervention by a counsellor or mental-health "
                                          "social worker (危机干预)"), "PSY-measure-7"),
    ProtocolItem("increase_contact", _("Visit more often; give the family the emergency numbers "
                                       "(增加走访密度，告知紧急联系电话)"), "PSY-measure-7"),
    ProtocolItem("reassess_risk", _("Reassess the risk level (危险性评估)"), "CMH-6.2; CMH-8.2.2b"),
    ProtocolItem("call_visiting_staff", _("Phone the staff on the home visit"), "CMH-8.2.2a"),
    ProtocolItem("contact_person", _("Contact the person who took the self-assessment, as they "
                                     "agreed"), "PSY-measure-2; PSY-measure-7"),
)
BY_CODE = {item.code: item for item in ITEMS}

CRISIS = ("ensure_safety", "contact_family", "contact_hospital", "report_leadership",
          "emergency_call", "crisis_intervention", "increase_contact", "reassess_risk")
