from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from anxin.accounts.capabilities import AUDIT_VIEW
from anxin.core.exceptions import NotPermitted
from anxin.core.paging import CappedPaginator

from .filters import AuditEventFilter
from .labels import describe_targets
from .models import AuditEvent


@login_required
def event_list(request):
    """Org admins browse and filter their organisation's audit trail."""
    if not request.user.can(AUDIT_VIEW):
        raise NotPermitted
    # The page shows each event's reason, not its data: the data stays encrypted (ADR 0015).
    events = (AuditEvent.objects.visible_to(request.user).with_client_numbers()
              .select_related("actor").defer("data"))
    event_filter = AuditEventFilter(request.GET, queryset=events, request=request)
    page = CappedPaginator(event_filter.qs, 50).get_page(request.GET.get("page"))
    # Named in one query per kind of target on the page, not one per row.
    page.object_list = list(page.object_list)
    names = describe_targets(page.object_list)
    for event in page.object_list:
        event.target_name = names.get((event.target_type, event.target_id))
    template = "audit/_rows.html" if request.htmx else "audit/list.html"
    return render(request, template, {"filter": event_filter, "page": page})
