from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from anxin.audit.models import AuditEvent
from anxin.clients.models import Client
from anxin.clients.selectors import with_list_relations


@login_required
def home(request):
    """The dashboard: the user's own recent clients and their own recent activity."""
    my_clients = with_list_relations(
        Client.objects.visible_to(request.user).filter(registered_by=request.user)
    )[:8]
    activity = (AuditEvent.objects.filter(actor=request.user)
                .select_related("client")[:10])
    return render(request, "core/home.html", {"my_clients": my_clients, "activity": activity})


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
