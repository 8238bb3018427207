"""Referral pages: prepare one with the client's consent, answer one sent to the
organisation, record an outside body's feedback, receive one from outside."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anxin.accounts.capabilities import CASE_CREATE, CASE_VIEW, REFERRAL_DECIDE
from anxin.clients.access import access_client
from anxin.core.exceptions import NotPermitted

from .. import actions, facts
from ..access import access_case, access_referral
from ..case_forms import (
    OutsideReferralForm,
    ReferralAnswerForm,
    ReferralFeedbackForm,
    ReferralForm,
)
from ..choices import ReferralStatus, SharedItem
from ..models import Referral


@login_required
def referral_prepare(request, case_id):
    """Where to, why, and the client's consent (CMH-4.1); then the case page offers 转介."""
    case = access_case(request.user, case_id, for_write=True)
    draft = facts.draft_referral(case)
    initial = {"consent_on": timezone.localdate(), "shared_items": [SharedItem.BASIC]}
    if draft:
        initial = {"kind": draft.kind, "to_organization": draft.to_organization_id,
                   "external_name": draft.external_name,
                   "external_contact": draft.external_contact, "reason": draft.reason,
                   "consent_mode": draft.consent_mode, "consent_on": draft.consent_on,
                   "shared_items": draft.shared_items}
    form = ReferralForm(request.POST or None, initial=initial, organization=case.organization)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_prepare_referral(case, acting_user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Referral prepared. Send it with \"Refer out\"."))
            return redirect(case)
    return render(request, "cases/referrals/prepare.html", {"form": form, "case": case})


@login_required
@require_GET
def referral_list(request):
    user = request.user
    if not user.can(CASE_VIEW):
        raise NotPermitted
    referrals = (Referral.objects.visible_to(user)
                 .select_related("case__client", "organization", "to_organization", "new_case")
                 .order_by("-created_at")[:100])
    return render(request, "cases/referrals/list.html", {"referrals": referrals})


@login_required
def referral_detail(request, referral_id):
    """The receiving side sees only what the client agreed to share."""
    referral = access_referral(request.user, referral_id)
    user = request.user
    receiving = referral.to_organization_id == user.membership.organization_id
    can_answer = (receiving and user.can(REFERRAL_DECIDE)
                  and referral.status == ReferralStatus.SENT)
    answer_form = ReferralAnswerForm(request.POST or None, organization=user.organization) \
        if can_answer else None
    sending = referral.case is not None and referral.organization_id == user.organization.pk
    feedback_form = None
    if sending and referral.status == ReferralStatus.AWAITING_FEEDBACK:
        feedback_form = ReferralFeedbackForm(request.POST or None,
                                             initial={"feedback_on": timezone.localdate()})
    if request.method == "POST":
        form = answer_form or feedback_form
        if form is None:
            raise NotPermitted
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is answer_form:
                    referral = actions.do_answer_referral(
                        referral, acting_user=user, accept=data["accept"],
                        reason=data["decline_reason"], worker=data["worker"],
                        supervisor=data["supervisor"])
                else:
                    actions.do_record_referral_feedback(
                        referral, acting_user=user, feedback=data["feedback"],
                        feedback_on=data["feedback_on"], completed=data["completed"])
            except ValidationError as exc:
                form.apply_action_error(exc)
            else:
                messages.success(request, _("Saved."))
                if referral.new_case_id:
                    return redirect(referral.new_case)
                return redirect("cases:referral_detail", referral.pk)
    shared = set(referral.shared_items)
    return render(request, "cases/referrals/detail.html", {
        "referral": referral, "receiving": receiving, "sending": sending,
        "answer_form": answer_form, "feedback_form": feedback_form,
        "client": referral.case.client if referral.case and (
            sending or SharedItem.BASIC in shared) else None,
    })


@login_required
def outside_referral(request, client_id):
    """A referral received from outside Anxin opens a case (source 他人转介)."""
    if not request.user.can(CASE_CREATE):
        raise NotPermitted
    client = access_client(request.user, client_id)
    form = OutsideReferralForm(request.POST or None, organization=client.organization,
                               initial={"application_date": timezone.localdate(),
                                        "worker": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = actions.do_receive_outside_referral(
                client, acting_user=request.user, external_name=data["external_name"],
                external_contact=data["external_contact"], reason=data["reason"],
                worker=data["worker"], supervisor=data["supervisor"],
                application_date=data["application_date"])
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Referral received; the case is open."))
            return redirect(referral.new_case)
    return render(request, "cases/referrals/outside.html", {"form": form, "client": client})
