from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anxin.core.access import access
from anxin.core.bad_input import bad_request
from anxin.core.ids import parse_ids

from . import actions
from .models import Notification

# More than a page of the list shows (100), far fewer than a database's bound parameters.
MAX_IDS = 500


@login_required
@require_GET
def notification_list(request):
    notes = Notification.objects.visible_to(request.user)[:100]
    return render(request, "notifications/list.html", {"notes": notes})


@login_required
@require_POST
def mark_read(request):
    """Mark the given notifications read (`id`, repeated), or all of them when none is given.
    An id that is not one ("abc", "1.5", empty, beyond 64 bits) is refused before any query:
    it used to reach the database as a server error."""
    try:
        ids = parse_ids(request.POST.getlist("id"), limit=MAX_IDS) or None
    except ValidationError as exc:
        return bad_request(request, _("Notification id: %(error)s") % {"error": exc.messages[0]})
    actions.mark_read(request.user, ids)
    return redirect("notifications:list")


@login_required
@require_GET
def open_notification(request, note_id):
    """Mark one read and follow its link; someone else's notification is a 404."""
    note = access(request.user, Notification.objects, note_id)
    actions.open_notification(request.user, note)
    return redirect(note.url or "notifications:list")
