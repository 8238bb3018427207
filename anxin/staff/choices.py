from django.db import models
from django.utils.translation import gettext_lazy as _


class QualificationKind(models.TextChoices):
    """Certificates the standards ask of staff (CMH-9.1, CMH-9.2, REH-4.4.2, REH-5.6.1,
    MSW-9.1.1.1, MSW-9.1.2, CHR-5.1.1)."""

    ASSISTANT_SOCIAL_WORKER = "assistant_social_worker", _("Assistant social worker")
    SOCIAL_WORKER = "social_worker", _("Social worker (intermediate)")
    SENIOR_SOCIAL_WORKER = "senior_social_worker", _("Senior social worker")
    SUPERVISOR_CERTIFICATE = "supervisor_certificate", _("Social-work supervisor certificate")
    PSYCHOLOGICAL_COUNSELLOR = "psychological_counsellor", _("Psychological counsellor")
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    PSYCHIATRIC_NURSE = "psychiatric_nurse", _("Psychiatric nurse")
    REHABILITATION_THERAPIST = "rehabilitation_therapist", _("Rehabilitation therapist")
    OTHER = "other", _("Other")


# The national social-work qualifications (社会工作者职业资格): what MSW-9.1.1.1 and
# CHR-5.1.1a ask of a social worker, and what the hospital staffing ratio counts.
SOCIAL_WORK_QUALIFICATIONS = frozenset({
    QualificationKind.ASSISTANT_SOCIAL_WORKER, QualificationKind.SOCIAL_WORKER,
    QualificationKind.SENIOR_SOCIAL_WORKER})
# 社会工作师 or above: what CMH-9.2 asks of a supervisor.
SOCIAL_WORKER_OR_ABOVE = frozenset({
    QualificationKind.SOCIAL_WORKER, QualificationKind.SENIOR_SOCIAL_WORKER})


class TrainingTopic(models.TextChoices):
    """CHR-5.1.2: the four trainings before a social worker serves chronic-disease patients."""

    CHRONIC_DISEASE = "chr_disease", _("Chronic-disease management (CHR-5.1.2a)")
    ASSESSMENT_TOOLS = "chr_assessment_tools", _("Mental-health assessment tools (CHR-5.1.2b)")
    INTERVENTIONS = "chr_interventions", _("Common intervention methods (CHR-5.1.2c)")
    FOLLOW_UP_SYSTEMS = "chr_follow_up_systems", _(
        "Digital follow-up and health-management systems (CHR-5.1.2d)")
