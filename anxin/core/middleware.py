import re
import uuid

from django.utils.translation import gettext as _

from . import request_context
from .bad_input import bad_request

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    """Give every request an id (or keep a sane one from a proxy) and remember its client IP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_context.set_current(
            request_context.RequestContext(
                request_id=request.request_id, ip=request.META.get("REMOTE_ADDR")
            )
        )
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RejectNulMiddleware:
    """Refuse, with a 400 naming the field, a NUL character anywhere in the path, the query
    string or a submitted form. PostgreSQL text cannot hold NUL: the driver raises ValueError
    at the first query that carries one (a region code in a form, `?stage=a%00b`), which was a
    server error — and no field of this product has a use for it. Checked once here, for every
    form and filter, rather than field by field. JSON bodies are checked by the API's parser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.nul_in(request)
        if problem is not None:
            return bad_request(request, problem)
        return self.get_response(request)

    @staticmethod
    def nul_in(request) -> str | None:
        if "\x00" in request.path:
            return _("The address holds a NUL character, which is not allowed.")
        sources = [request.GET]
        if request.method == "POST":
            sources.append(request.POST)  # parsed only for form and multipart bodies
        for data in sources:
            for name, values in data.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    return _("The field “%(field)s” holds a NUL character, which is not "
                             "allowed in text; remove it and send again.") % {
                        "field": name.replace("\x00", "\\0")}
        return None
