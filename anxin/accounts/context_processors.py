from .capabilities import (
    ALERT_VIEW,
    AUDIT_VIEW,
    CASE_APPROVE,
    CASE_VIEW,
    CLIENT_CREATE,
    CLIENT_EMERGENCY_REVIEW,
    CLIENT_EXPORT,
    CLIENT_VIEW,
    COMMUNITY_VIEW,
    REFERRAL_DECIDE,
    REGION_INDICATORS_VIEW,
    SAFETY_SETTINGS,
    STAFF_MANAGE,
    VISIT_PLAN,
)


def _org_admin_links(user) -> list[tuple[str, str]]:
    """Organisation administration entries of the menu, as (address, label)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    links = []
    if user.can(STAFF_MANAGE):
        links += [(reverse("staff:directory"), _("Staff directory")),
                  (reverse("staff:compliance"), _("Qualifications and training"))]
    if user.can(CLIENT_EMERGENCY_REVIEW):
        links.append((reverse("clients:emergency_list"), _("Emergency access review")))
    if user.is_superuser:
        links.append((reverse("staff:organization_add"), _("Register an organisation")))
    return links


def _community_links(user) -> list[tuple[str, str]]:
    """Group and community work's entries of the menu, as (address, label)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not user.can(COMMUNITY_VIEW):
        # A regional viewer reads the caring teams' coverage of their streets, counts only.
        return ([(reverse("caring:coverage"), _("Caring-team coverage"))]
                if user.can(REGION_INDICATORS_VIEW) else [])
    return [(reverse("groups:list"), _("Groups")),
            (reverse("community:activities"), _("Community activities")),
            (reverse("community:volunteers"), _("Volunteers")),
            (reverse("caring:teams"), _("Caring teams")),
            (reverse("caring:peers"), _("Peer supporters"))]


def _rehab_links(user) -> list[tuple[str, str]]:
    """The rehabilitation centre's entries of the menu (REH), each app naming its own."""
    from anxin.medication import menu as medication
    from anxin.outcomes import menu as outcomes
    from anxin.programmes import menu as programmes
    from anxin.rehab import menu as rehab
    from anxin.roster import menu as roster

    return [link for app in (rehab, programmes, medication, outcomes, roster)
            for link in app.links(user)]


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
            # Exports and imports run as background jobs; their results wait under "My jobs".
            "jobs": user.can(CLIENT_EXPORT) or user.can(CLIENT_CREATE),
            "audit": user.can(AUDIT_VIEW),
            "cases": user.can(CASE_VIEW),
            "queue": user.can(CASE_APPROVE) or user.can(REFERRAL_DECIDE),
            "alerts": user.can(ALERT_VIEW),
            "visits": user.can(VISIT_PLAN),
            "safety_settings": user.can(SAFETY_SETTINGS),
            "staff": user.can(STAFF_MANAGE),
            "org_admin_links": _org_admin_links(user),
            "community_links": _community_links(user),
            "rehab_links": _rehab_links(user),
        },
    }
