"""The coded values of caring teams and peer supporters."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberRole(models.TextChoices):
    """The people REH-3.6 names as a caring team's members, in its order."""

    GRID_MANAGER = "grid_manager", _("Grid manager")
    COMMUNITY_CADRE = "community_cadre", _("Community cadre")
    POLICE_OFFICER = "police_officer", _("Police officer")
    COMMUNITY_DOCTOR = "community_doctor", _("Community doctor / mental-health prevention staff")
    FAMILY_REPRESENTATIVE = "family_representative", _("Family representative")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    VOLUNTEER = "volunteer", _("Volunteer")


class PeerStatus(models.TextChoices):
    """A peer supporter's way from candidate to supporting others (CMH-7.2.2 评估、培训、督导)."""

    CANDIDATE = "candidate", _("Candidate")
    ASSESSED = "assessed", _("Assessed")
    TRAINED = "trained", _("Trained")
    ACTIVE = "active", pgettext_lazy("peer supporter", "Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


# Statuses in which a peer supporter is on the way or at work: supervision and training go on.
PEER_CURRENT = frozenset({PeerStatus.CANDIDATE, PeerStatus.ASSESSED, PeerStatus.TRAINED,
                          PeerStatus.ACTIVE, PeerStatus.PAUSED})


class AssessmentResult(models.TextChoices):
    PASSED = "passed", _("Suitable to support peers")
    NOT_PASSED = "not_passed", _("Not suitable yet")
