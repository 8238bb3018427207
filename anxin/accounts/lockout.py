"""Whether axes holds a username locked now: the sign-in refuses it, and so does the API."""

from django.conf import settings
from django.utils import timezone


def is_locked_out(username: str) -> bool:
    """AXES_FAILURE_LIMIT failures of this username within the cool-off (counted per username,
    AXES_LOCKOUT_PARAMETERS)."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        username=username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since).exists()
