from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.IntegerChoices):
    """Higher is more urgent; lists sort on it first."""

    WATCH = 1, _("Watch")
    HIGH = 2, _("High")
    CRITICAL = 3, _("Critical")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Not acknowledged")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged, in hand")
    RESOLVED = "resolved", _("Resolved")


class IncidentKind(models.TextChoices):
    # CMH-8.2.2b: relapse, violence, self-harm, disorder (冲突、秩序混乱、安全危害).
    RELAPSE = "relapse", _("Relapse of the mental illness")
    VIOLENCE = "violence", _("Violence or threat of violence")
    SELF_HARM = "self_harm", _("Self-harm or suicide attempt")
    DISORDER = "disorder", _("Conflict or disorder")
    # REH-5.4.5 names these two beside self-harm, danger to others and relapse.
    ADVERSE_DRUG_REACTION = "adverse_drug_reaction", _("Acute or severe adverse drug reaction")
    PHYSICAL_ILLNESS = "physical_illness", _("Worsening physical illness")
    OTHER = "other", _("Other safety hazard")


# The emergencies of REH-5.4.5: during community rehabilitation each needs emergency handling and
# immediate referral.
REHAB_EMERGENCIES = frozenset({IncidentKind.SELF_HARM, IncidentKind.VIOLENCE, IncidentKind.RELAPSE,
                               IncidentKind.ADVERSE_DRUG_REACTION,
                               IncidentKind.PHYSICAL_ILLNESS})


class ImmediateAction(models.TextChoices):
    # CMH-8.2.2b, in the order the standard gives them.
    LEFT_DANGER = "left_danger", _("Left the source of danger")
    SOUGHT_HELP = "sought_help", _("Sought help from people nearby")
    FAMILY_CONTACTED = "family_contacted", _("Family contacted")
    HOSPITAL_CONTACTED = "hospital_contacted", _("Psychiatric hospital contacted")
    CALLED_120 = "called_120", _("Called 120 (ambulance)")
    CALLED_110 = "called_110", _("Called 110 (police)")
    CALLED_119 = "called_119", _("Called 119 (fire)")
