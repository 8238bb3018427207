from anxin.accounts.capabilities import CLIENT_EDIT, CLIENT_VIEW
from anxin.core.exceptions import NotPermitted, NotVisible

from .models import Client


def access_client(user, client_id, *, for_write: bool = False) -> Client:
    """The client, if `user` may see it (and edit it, with `for_write`); 404 otherwise.

    A missing capability answers 403 before any lookup, so it reveals nothing about the id.
    """
    if not user.can(CLIENT_VIEW):
        raise NotPermitted
    if for_write and not user.can(CLIENT_EDIT):
        raise NotPermitted
    try:
        return (Client.objects.visible_to(user)
                .select_related("province", "city", "district", "street", "registered_by")
                .get(pk=client_id))
    except (Client.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
