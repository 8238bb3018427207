"""One response, one case or one link, if the user may see it: 404 for "not found" and "not
allowed" alike; 403 when the role lacks the capability, before any lookup."""

from anxin.accounts.capabilities import CLIENT_VIEW, INSTRUMENT_ADMINISTER
from anxin.cases.access import access_case
from anxin.cases.models import Case
from anxin.core.exceptions import NotPermitted, NotVisible

from .models import ClientLink, InstrumentResponse


def access_response(user, response_id) -> InstrumentResponse:
    if not user.can(CLIENT_VIEW):
        raise NotPermitted
    try:
        return (InstrumentResponse.objects.visible_to(user)
                .select_related("client", "case", "recorded_by", "assessment", "evaluation")
                .get(pk=response_id))
    except (InstrumentResponse.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None


def access_case_to_administer(user, case_id) -> Case:
    """The case, for giving an instrument in it or issuing a client link."""
    if not user.can(INSTRUMENT_ADMINISTER):
        raise NotPermitted
    return access_case(user, case_id)


def access_link(user, link_id) -> ClientLink:
    if not user.can(INSTRUMENT_ADMINISTER):
        raise NotPermitted
    try:
        return (ClientLink.objects.visible_to(user)
                .select_related("case__client", "created_by", "response")
                .get(pk=link_id))
    except (ClientLink.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
