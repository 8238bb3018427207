from .capabilities import (
    ALERT_VIEW,
    AUDIT_VIEW,
    CASE_APPROVE,
    CASE_VIEW,
    CLIENT_CREATE,
    CLIENT_EXPORT,
    CLIENT_VIEW,
    REFERRAL_DECIDE,
    SAFETY_SETTINGS,
    VISIT_PLAN,
)


def membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from anxin.notifications.models import Notification

    return {
        "membership": user.membership,
        # One query a page: the bell must show an alert on whatever page the user is on.
        "unread_notifications": Notification.objects.visible_to(user).unread().count(),
        "nav": {
            "clients": user.can(CLIENT_VIEW),
            "client_create": user.can(CLIENT_CREATE),
            "client_export": user.can(CLIENT_EXPORT),
            "audit": user.can(AUDIT_VIEW),
            "cases": user.can(CASE_VIEW),
            "queue": user.can(CASE_APPROVE) or user.can(REFERRAL_DECIDE),
            "alerts": user.can(ALERT_VIEW),
            "visits": user.can(VISIT_PLAN),
            "safety_settings": user.can(SAFETY_SETTINGS),
        },
    }
