"""The notifications safety sends, as message codes: an alert's rule is stored as its code and
named in the reader's language when the notification is read (`anxin.notifications.messages`)."""

from django.utils.translation import gettext_lazy as _

from anxin.notifications.messages import Message, register

RAISED = "safety.alert.raised"
ESCALATED = "safety.alert.escalated"
# The notification kinds that ask for an acknowledgement: acknowledging the alert closes them.
ASKS_TO_ACKNOWLEDGE = ("alert", "alert_escalated")


def rule_label(code: str) -> str:
    from .rules import RULES

    rule = RULES.get(code)
    return str(rule.label) if rule else code


WORDS = {"rule": rule_label}

register(
    Message(RAISED, _("Crisis alert: %(rule)s"),
            _("Open the alert, acknowledge it and follow the protocol."), words=WORDS),
    Message(ESCALATED, _("Not acknowledged: %(rule)s"),
            _("Nobody has acknowledged this crisis alert yet. Take it over."), words=WORDS),
)
