from anxin.accounts.capabilities import CASE_TRANSITION, CASE_VIEW
from anxin.core.access import access, mark_seen

from .models import Case, Referral


def access_case(user, case_id, *, for_write: bool = False) -> Case:
    """The case, if `user` may see it (and work on it, with `for_write`); 404 otherwise."""
    needs = (CASE_VIEW, CASE_TRANSITION) if for_write else (CASE_VIEW,)
    case = access(user, Case.objects.select_related("client", "worker", "supervisor",
                                                    "organization"), case_id, *needs)
    # Whoever sees a case sees its client (visible_client_ids gathers the clients of the cases
    # a user sees; test_visibility_rule holds the two together).
    mark_seen(case.client, user)
    return case


def access_referral(user, referral_id) -> Referral:
    return access(user, Referral.objects.select_related("case__client", "organization",
                                                        "to_organization"),
                  referral_id, CASE_VIEW)
