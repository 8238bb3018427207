"""Break-the-glass pages: opening a client in an emergency, and the admins' review list."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from anxin.accounts.capabilities import CLIENT_EMERGENCY_REVIEW
from anxin.core.access import access, require
from anxin.core.exceptions import NotPermitted
from anxin.core.forms import StyledFormMixin

from . import emergency
from .models import Client, EmergencyAccess

PAGE_SIZE = 25


class EmergencyAccessForm(StyledFormMixin, forms.Form):
    file_number = forms.CharField(label=gettext_lazy("File number"), max_length=32)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


@login_required
def emergency_open(request):
    """GET shows the form; POST opens the file for three hours and goes to it."""
    if not emergency.may_break_glass(request.user):
        raise NotPermitted
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opening = emergency.do_open_emergency_access(
                acting_user=request.user, file_number=form.cleaned_data["file_number"],
                reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            if opening is None:
                messages.info(request, _("You can already open this client's file."))
                client = Client.objects.visible_to(request.user).get(
                    file_number=form.cleaned_data["file_number"].strip().upper())
                return redirect(client)
            messages.warning(request, _("Emergency access opened until %(time)s. The "
                                        "organisation's administrators have been told.")
                             % {"time": timezone.localtime(opening.expires_at).strftime("%H:%M")})
            return redirect(opening.client)
    return render(request, "clients/emergency_open.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def emergency_list(request):
    require(request.user, CLIENT_EMERGENCY_REVIEW)
    openings = (EmergencyAccess.objects.visible_to(request.user)
                .select_related("user", "client", "reviewed_by"))
    to_review = request.GET.get("show") != "all"
    if to_review:
        openings = openings.filter(reviewed_at__isnull=True)
    page = Paginator(openings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clients/emergency_list.html",
                  {"page": page, "to_review": to_review})


@login_required
@require_POST
def emergency_review(request, access_id):
    opening = access(request.user, EmergencyAccess.objects, access_id, CLIENT_EMERGENCY_REVIEW)
    emergency.do_review_emergency_access(opening, acting_user=request.user)
    messages.success(request, _("Marked as reviewed."))
    return redirect("clients:emergency_list")
