"""Signal receivers of accounts, connected in AccountsConfig.ready."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import LAST_ACTIVITY_SESSION_KEY


@receiver(user_logged_in, dispatch_uid="anxin.accounts.start_idle_clock")
def start_idle_clock(sender, request, user, **kwargs):
    """Every sign-in starts the idle clock, so the first request of a session is no different
    from the others (IdleSessionMiddleware writes the session at most once a minute)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_ACTIVITY_SESSION_KEY] = int(time.time())
