"""Who may open one self-assessment: the person who sent it (a signed link, in the same browser
session), and staff who see it (`visible_to`). Anything else is a 404."""

from django.core import signing

from anxin.accounts.capabilities import ALERT_VIEW
from anxin.core.access import access
from anxin.core.exceptions import NotVisible

from .constants import RESULT_MAX_AGE_SECONDS, RESULT_SALT, SESSION_KEEP, SESSION_KEY
from .models import SelfAssessment


def result_token(assessment: SelfAssessment) -> str:
    return signing.dumps(assessment.pk, salt=RESULT_SALT)


def remember_result(request, assessment: SelfAssessment) -> None:
    """Bind the result to this browser session: a copied or leaked link shows nothing."""
    kept = [pk for pk in request.session.get(SESSION_KEY, []) if pk != assessment.pk]
    request.session[SESSION_KEY] = [*kept, assessment.pk][-SESSION_KEEP:]


def owns_result(request, assessment: SelfAssessment) -> bool:
    """This browser session sent it (`remember_result`)."""
    return assessment.pk in request.session.get(SESSION_KEY, [])


def access_own_result(request, organization, token: str) -> SelfAssessment:
    try:
        pk = signing.loads(token, salt=RESULT_SALT, max_age=RESULT_MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise NotVisible from None
    if pk not in request.session.get(SESSION_KEY, []):
        raise NotVisible
    found = SelfAssessment.objects.filter(pk=pk, organization=organization).first()
    if found is None:
        raise NotVisible
    return found


def access_self_assessment(user, assessment_id) -> SelfAssessment:
    return access(user, SelfAssessment.objects.select_related("organization"), assessment_id,
                  ALERT_VIEW)
