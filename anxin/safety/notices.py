"""The notifications safety sends, as message codes: an alert's rule is stored as its code and
named in the reader's language when the notification is read (`anxin.notifications.messages`)."""

from django.utils.translation import gettext_lazy as _

from anxin.notifications.messages import Message, register

RAISED = "safety.alert.raised"
ESCALATED = "safety.alert.escalated"
HANDED_OVER = "safety.alert.handed_over"
LIMIT_REACHED = "safety.alert.limit_reached"
# The notification kinds that ask for an acknowledgement: acknowledging the alert closes them,
# and a hand-over closes those of the addressees it replaces.
ASKS_TO_ACKNOWLEDGE = ("alert", "alert_escalated", "alert_handed_over")


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
    Message(HANDED_OVER, _("Crisis alert handed to you: %(rule)s"),
            _("The case was reassigned to you while this alert is still open. Follow it up."),
            words=WORDS),
    # ADR 0014: one notice per hour in place of the alerts held back; the count stays current.
    Message(LIMIT_REACHED,
            _("Self-assessment alert limit reached: %(held)s held back"),
            _("More than %(limit)s public self-assessments asked for help within the hour from "
              "%(since)s. %(held)s of them raised no alert of their own: review them now on the "
              "self-assessment list, where those with thoughts of self-harm and in the severe "
              "band come first.")),
)
