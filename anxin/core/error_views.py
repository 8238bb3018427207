"""Django's error handlers, answering under /api/ in the API's one error shape
({"error": {"code", "message"}}, anxin/api/errors.py) instead of an HTML page: a request the
URL patterns do not match never reaches DRF, and a program must still get JSON."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from .bad_input import API_PREFIX


def _api_error(status: int, code: str, message) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": str(message)}}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if request.path.startswith(API_PREFIX):
        return _api_error(400, "invalid_input", _("The request could not be read."))
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if request.path.startswith(API_PREFIX):
        return _api_error(403, "permission_denied", _("Your role may not do this."))
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if request.path.startswith(API_PREFIX):
        return _api_error(404, "not_found", _("No such object, or not one you may see."))
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if request.path.startswith(API_PREFIX):
        return _api_error(500, "server_error", _("Something went wrong on the server."))
    return defaults.server_error(request, template_name)
