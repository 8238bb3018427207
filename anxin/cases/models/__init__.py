from .case import Case, StageChange
from .documents import (
    HOME_VISIT_CHECKLIST,
    Assessment,
    CaseApplication,
    Closure,
    Consent,
    Evaluation,
    FollowUp,
    PlanRow,
    Review,
    ServicePlan,
    ServiceRecord,
    ServiceRecordStaff,
    Signature,
    not_possible,
)
from .referrals import Referral

__all__ = [
    "HOME_VISIT_CHECKLIST", "Assessment", "Case", "CaseApplication", "Closure", "Consent",
    "Evaluation", "FollowUp",
    "PlanRow", "Referral", "Review", "ServicePlan", "ServiceRecord", "ServiceRecordStaff",
    "Signature", "StageChange",
    "not_possible",
]
