"""State changes of cases and their documents. Views, the API, commands and the demo loader
all call these; nothing else writes a case."""

from .assignment import do_assign_case, do_reassign_cases
from .cases import do_open_case, do_transition
from .documents import (
    DocumentLocked,
    do_add_service_record,
    do_record_consent,
    do_review,
    do_save_application,
    do_save_assessment,
    do_save_closure,
    do_save_evaluation,
    do_save_plan,
    do_submit_for_approval,
    normal_rows,
    plan_values,
)
from .referrals import (
    do_answer_referral,
    do_prepare_referral,
    do_receive_outside_referral,
    do_record_referral_feedback,
)
from .signatures import SignedImage, signature_from_data_url

__all__ = [
    "DocumentLocked", "do_add_service_record", "do_answer_referral", "do_assign_case",
    "do_reassign_cases",
    "do_open_case", "do_prepare_referral", "do_receive_outside_referral", "do_record_consent",
    "do_record_referral_feedback", "do_review", "do_save_application", "do_save_assessment",
    "do_save_closure", "do_save_evaluation", "do_save_plan", "do_submit_for_approval",
    "do_transition", "normal_rows", "plan_values", "SignedImage", "signature_from_data_url",
]
