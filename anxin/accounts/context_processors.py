from .capabilities import (
    AUDIT_VIEW,
    CASE_APPROVE,
    CASE_VIEW,
    CLIENT_CREATE,
    CLIENT_EXPORT,
    CLIENT_VIEW,
    REFERRAL_DECIDE,
)


def membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "membership": user.membership,
        "nav": {
            "clients": user.can(CLIENT_VIEW),
            "client_create": user.can(CLIENT_CREATE),
            "client_export": user.can(CLIENT_EXPORT),
            "audit": user.can(AUDIT_VIEW),
            "cases": user.can(CASE_VIEW),
            "queue": user.can(CASE_APPROVE) or user.can(REFERRAL_DECIDE),
        },
    }
