"""The home dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from anxin.accounts.capabilities import ALERT_VIEW
from anxin.audit.models import AuditEvent
from anxin.clients.models import Client
from anxin.clients.selectors import with_list_relations
from anxin.safety.selectors import open_alerts_for


@login_required
def home(request):
    """The dashboard: the clients the user looks after (a supervisor: the team's), most
    recently changed first, and the work the user did lately (changes, not reads or sign-ins)."""
    # The eight are chosen from ids alone, then joined to their districts and registrars:
    # joined first, every client the user sees would be.
    newest = (Client.objects.visible_to(request.user).order_by("-updated_at", "-id")
              .values("pk")[:8])
    my_clients = with_list_relations(Client.objects.filter(pk__in=newest)
                                     .order_by("-updated_at", "-id"))
    activity = (AuditEvent.objects.filter(actor=request.user).work_done()
                .with_client_numbers().defer("reason", "data")[:10])
    alerts = open_alerts_for(request.user)[:10] if request.user.can(ALERT_VIEW) else []
    return render(request, "workspace/home.html",
                  {"my_clients": my_clients, "activity": activity, "alerts": alerts})
