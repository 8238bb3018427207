"""Handing cases to another worker from the caseload: one or many, with a reason."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anxin.accounts.capabilities import CASE_APPROVE, CASE_REASSIGN
from anxin.accounts.choices import Role
from anxin.core.exceptions import NotPermitted
from anxin.core.forms import StyledFormMixin
from anxin.core.ids import is_id

from .. import selectors
from ..actions.assignment import do_reassign_cases
from ..case_forms import staff_choices
from ..models import Case


def may_reassign(user) -> bool:
    return user.can(CASE_REASSIGN) or user.can(CASE_APPROVE)


class ReassignForm(StyledFormMixin, forms.Form):
    to_worker = forms.ModelChoiceField(label=gettext_lazy("new responsible worker"),
                                       queryset=None)
    supervisor = forms.ModelChoiceField(
        label=gettext_lazy("supervisor"), queryset=None, required=False,
        help_text=gettext_lazy("Leave empty to follow the new worker's team."))
    reason = forms.CharField(label=gettext_lazy("reason"),
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_worker"].queryset = staff_choices(organization,
                                                          [Role.WORKER, Role.SUPERVISOR])
        self.fields["supervisor"].queryset = staff_choices(organization, [Role.SUPERVISOR])
        for name in ("to_worker", "supervisor"):
            self.fields[name].label_from_instance = lambda u: u.full_name or u.username


@login_required
def reassign(request):
    """The chosen cases (`?case=1&case=2`) go to one worker, all or none."""
    if not may_reassign(request.user):
        raise NotPermitted
    ids = [pk for pk in request.POST.getlist("case") or request.GET.getlist("case")
           if is_id(pk)]  # a number beyond 64 bits was a server error
    cases = selectors.with_list_relations(
        Case.objects.visible_to(request.user).filter(pk__in=ids)).order_by("case_number")
    form = ReassignForm(request.POST if request.method == "POST" else None,
                        organization=request.user.organization)
    if request.method == "POST" and form.is_valid():
        try:
            moved = do_reassign_cases(ids, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "worker" in exc.error_dict:
                exc.error_dict["to_worker"] = exc.error_dict.pop("worker")
            form.apply_action_error(exc)
        else:
            messages.success(request, _("%(count)d cases handed to %(name)s.") % {
                "count": len(moved), "name": form.cleaned_data["to_worker"]})
            return redirect("cases:list")
    return render(request, "cases/reassign.html", {"form": form, "cases": cases})
