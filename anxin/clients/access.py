from anxin.accounts.capabilities import CLIENT_EDIT, CLIENT_VIEW
from anxin.core.access import access

from .models import Client


def access_client(user, client_id, *, for_write: bool = False) -> Client:
    """The client, if `user` may see it (and edit it, with `for_write`); 404 otherwise."""
    needs = (CLIENT_VIEW, CLIENT_EDIT) if for_write else (CLIENT_VIEW,)
    return access(user, Client.objects.select_related(
        "province", "city", "district", "street", "registered_by"), client_id, *needs)
