"""The answer to a request whose input the server will not read: 400 with a message saying what
is wrong, in the user's language — as a page in the site's layout, or in the API's error shape
({"error": {"code", "message"}}, anxin/api/errors.py) under /api/."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"


def bad_request(request, message) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"error": {"code": "invalid_input", "message": str(message)}},
                            status=400, json_dumps_params={"ensure_ascii": False})
    return render(request, "core/bad_input.html", {"message": message}, status=400)
