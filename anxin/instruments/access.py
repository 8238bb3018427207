"""One response, one case or one link, if the user may see it (`core.access`)."""

from anxin.accounts.capabilities import CLIENT_VIEW, INSTRUMENT_ADMINISTER
from anxin.cases.access import access_case
from anxin.cases.models import Case
from anxin.core.access import access, require

from .models import ClientLink, InstrumentResponse


def access_response(user, response_id) -> InstrumentResponse:
    return access(user, InstrumentResponse.objects.select_related(
        "client", "case", "recorded_by", "assessment", "evaluation"), response_id, CLIENT_VIEW)


def access_case_to_administer(user, case_id) -> Case:
    """The case, for giving an instrument in it or issuing a client link."""
    require(user, INSTRUMENT_ADMINISTER)
    return access_case(user, case_id)


def access_link(user, link_id) -> ClientLink:
    return access(user, ClientLink.objects.select_related("case__client", "created_by",
                                                          "response"),
                  link_id, INSTRUMENT_ADMINISTER)
