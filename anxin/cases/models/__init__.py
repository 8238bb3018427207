from .case import Case, StageChange
from .documents import (
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
    Signature,
)
from .referrals import Referral

__all__ = [
    "Assessment", "Case", "CaseApplication", "Closure", "Consent", "Evaluation", "FollowUp",
    "PlanRow", "Referral", "Review", "ServicePlan", "ServiceRecord", "Signature", "StageChange",
]
