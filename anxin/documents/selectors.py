"""Reading documents across subjects: what waits for the user's approval."""

from django.db.models import Q

from .models import Document, DocumentStatus
from .registry import kinds


def awaiting_approval(user):
    """Submitted documents of the subjects `user` sees, of kinds they may approve, that they
    neither filled in nor last saved: oldest submission first. One query a page."""
    codes = kinds.approved_by(user.can) if user.is_authenticated else ()
    if not codes:
        return Document.objects.none()
    return (Document.objects.visible_to(user)
            .filter(status=DocumentStatus.SUBMITTED, kind__in=codes)
            .exclude(Q(created_by=user) | Q(updated_by=user))
            .select_related("case__client", "group", "group_session__group",
                            "activity__region", "created_by")
            .order_by("submitted_at", "id"))
