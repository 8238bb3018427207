"""Alert rules listen for what is recorded elsewhere: instrument responses, and the risk level on
a case's assessment (form C). They run inside the recording transaction."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from anxin.cases.models import Assessment
from anxin.cases.signals import case_reassigned
from anxin.instruments.signals import response_recorded

from . import details
from .actions import hand_over_open_alerts, raise_alert
from .rules import matching

HIGH_RISK = 3  # 危险性评估 3–5级 (CMH-6.2; domain-facts §3.1)


@receiver(response_recorded)
def alert_on_response(sender, response, acting_user=None, **kwargs):
    # No `detail`: the alert page shows the response itself, in the reader's language.
    for rule in matching(response):
        raise_alert(rule.code, organization=response.organization, client=response.client,
                    case=response.case, source=response, acting_user=acting_user,
                    worker=None if response.case else response.recorded_by)


@receiver(pre_save, sender=Assessment)
def remember_previous_risk(sender, instance, **kwargs):
    instance._previous_risk_level = (
        Assessment.objects.filter(pk=instance.pk).values_list("risk_level", flat=True).first()
        if instance.pk else None)


@receiver(post_save, sender=Assessment)
def alert_on_assessment_risk(sender, instance, **kwargs):
    """Raise when the level becomes 3 or more, not on every later save of the same form."""
    if instance.risk_level is None or instance.risk_level < HIGH_RISK:
        return
    previous = getattr(instance, "_previous_risk_level", None)
    if previous is not None and previous >= HIGH_RISK:
        return
    case = instance.case
    raise_alert("assessment_risk_high", organization=case.organization, client=case.client,
                case=case, source=instance, detail_code=details.ASSESSMENT_RISK,
                detail_params={"level": instance.risk_level,
                               "date": instance.filled_on.isoformat()
                               if instance.filled_on else ""})


@receiver(case_reassigned)
def alerts_follow_the_case(sender, case, acting_user, **kwargs):
    hand_over_open_alerts(case, acting_user=acting_user)
