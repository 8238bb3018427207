"""Role capabilities on API endpoints, from the one table in anxin.accounts.capabilities."""

from rest_framework.permissions import BasePermission


class HasCapability(BasePermission):
    """The user's role has every capability the view requires for the current action.

    Views declare `required_capabilities = {"list": {CLIENT_VIEW}, ...}`. The check runs before
    any lookup, so a 403 says nothing about whether an object exists. An action missing from the
    table is refused, so a new endpoint is closed until someone decides who may use it.
    """

    def has_permission(self, request, view) -> bool:
        action = getattr(view, "action", None)
        if action is None and getattr(view, "action_map", None) is not None:
            return True  # a method this viewset does not offer: let it answer 405
        required = getattr(view, "required_capabilities", {}).get(action)
        if required is None:
            return False
        return all(request.user.can(capability) for capability in required)
