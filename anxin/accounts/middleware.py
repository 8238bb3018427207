from django.shortcuts import redirect
from django.urls import reverse

# Pages a user with a temporary password may still reach: the change itself, signing out, and
# what those pages load.
_ALLOWED_PREFIXES = ("/static/", "/jsi18n/", "/i18n/")


class PasswordChangeRequiredMiddleware:
    """A temporary password (set by an admin) opens only the page that replaces it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            path = request.path
            if path not in allowed and not path.startswith(_ALLOWED_PREFIXES):
                if path.startswith("/api/"):
                    from django.http import JsonResponse

                    return JsonResponse({"error": {
                        "code": "password_change_required",
                        "message": "Change the temporary password before using the API."}},
                        status=403)
                return redirect("accounts:password_change")
        return self.get_response(request)
