"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "caring_team.created": _("Caring team formed"),
    "caring_team.updated": _("Caring team changed"),
    "caring_team.member_added": _("Caring-team member added"),
    "caring_team.member_ended": _("Caring-team member left"),
    "caring_team.client_added": _("Client supported by a caring team"),
    "caring_team.client_ended": _("Caring team's support of a client ended"),
    "caring_team.meeting_recorded": _("Caring-team meeting recorded"),
    "caring_team.client_discussed": _("Client discussed at a caring-team meeting"),
    "caring_team.meeting_viewed": _("Caring-team meeting minutes viewed"),
    "peer_supporter.registered": _("Peer supporter registered"),
    "peer_supporter.assessed": _("Peer supporter assessed"),
    "peer_supporter.trained": _("Peer supporter training recorded"),
    "peer_supporter.supervised": _("Peer supporter supervision recorded"),
    "peer_supporter.status_changed": _("Peer supporter status changed"),
    "peer_supporter.viewed": _("Peer supporter record viewed"),
}

# Never a client's name or an encrypted field (see TargetLabel): the team's name, the meeting's
# date and topic, the supporter's status.
TARGETS = {
    "caring.caringteam": TargetLabel(("name",)),
    "caring.caringteammeeting": TargetLabel(("held_on", "topic")),
    "caring.peersupporter": TargetLabel(("status",)),
}
