"""What the rehabilitation centre's actions tell people (notifications/messages.py)."""

from django.utils.translation import gettext_lazy as _

from anxin.notifications.messages import Message, register

OVERRIDDEN = "rehab.eligibility.overridden"

register(
    Message(OVERRIDDEN, _("Admission criteria overridden on case %(case)s"),
            _("A supervisor admitted although %(count)s criteria were not met, and gave a "
              "reason (REH-4.7.1). Review it on the list of overrides.")),
)
