from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from anxin.core.access import access

from . import actions
from .models import Notification


@login_required
@require_GET
def notification_list(request):
    notes = Notification.objects.visible_to(request.user)[:100]
    return render(request, "notifications/list.html", {"notes": notes})


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("id") or None
    actions.mark_read(request.user, ids)
    return redirect("notifications:list")


@login_required
@require_GET
def open_notification(request, note_id):
    """Mark one read and follow its link; someone else's notification is a 404."""
    note = access(request.user, Notification.objects, note_id)
    actions.open_notification(request.user, note)
    return redirect(note.url or "notifications:list")
