"""Referrals (转介): prepared with the client's consent, sent by the refer_out move, answered by
the receiving organisation or closed with an outside body's feedback."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_CREATE, CASE_TRANSITION, REFERRAL_DECIDE
from anxin.accounts.models import Organization
from anxin.audit.actions import record
from anxin.clients.actions import receive_referred_client
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted

from .. import facts
from ..choices import CaseSource, ConsentMode, ReferralKind, ReferralStatus, SharedItem
from ..models import Case, Referral
from ..workflow.pathways import for_organization
from ._access import lock, require_case
from ._validation import REQUIRED, choices_subset, not_in_future
from .cases import check_application_date, check_staff, create_case


@transaction.atomic
def do_prepare_referral(case: Case, *, acting_user, data: dict) -> Referral:
    """Record where the client is to be referred and their consent (CMH-4.1): the refer_out
    move is allowed only once this is on file."""
    case = lock(case)
    require_case(acting_user, CASE_TRANSITION, case)
    if case.is_terminal:
        raise ValidationError(_("The case is over; open a new case to refer the client."))
    referral = facts.draft_referral(case) or Referral(
        case=case, organization=case.organization, created_by=acting_user)
    errors = {}
    kind = data.get("kind")
    if kind not in (ReferralKind.INTERNAL, ReferralKind.EXTERNAL):
        errors["kind"] = _("Choose an organisation on Anxin or an outside body.")
    referral.kind = kind
    referral.reason = (data.get("reason") or "").strip()
    referral.consent_mode = data.get("consent_mode") or ""
    referral.consent_on = data.get("consent_on")
    referral.shared_items = choices_subset(data.get("shared_items"), SharedItem.values,
                                           "shared_items", errors)
    if kind == ReferralKind.INTERNAL:
        target = data.get("to_organization")
        if not isinstance(target, Organization) or target.pk == case.organization_id:
            errors["to_organization"] = _("Choose another organisation.")
        referral.to_organization = target if isinstance(target, Organization) else None
        referral.external_name = referral.external_contact = ""
        if SharedItem.BASIC not in referral.shared_items:
            errors["shared_items"] = _("The receiving organisation needs at least the basic "
                                       "details; without that consent, refer outside Anxin.")
    else:
        referral.to_organization = None
        referral.external_name = (data.get("external_name") or "").strip()
        referral.external_contact = (data.get("external_contact") or "").strip()
        if not referral.external_name:
            errors["external_name"] = REQUIRED
    if not referral.reason:
        errors["reason"] = REQUIRED
    if referral.consent_mode not in ConsentMode.values:
        errors["consent_mode"] = _("Record how the client consented to the referral.")
    if not referral.consent_on:
        errors["consent_on"] = REQUIRED
    not_in_future(referral, ("consent_on",), errors)
    if errors:
        raise ValidationError(errors)
    referral.save()
    record("referral.prepared", actor=acting_user, target=referral, client=case.client,
           data={"case": case.pk, "kind": kind, "to": referral.to_organization_id,
                 "shared": referral.shared_items})
    return referral


def _lock_referral(referral: Referral) -> Referral:
    # Only the referral row: `case` and `to_organization` are nullable, so they are outer
    # joins, which PostgreSQL refuses to lock ("FOR UPDATE cannot be applied to the nullable
    # side of an outer join").
    return Referral.objects.select_for_update(of=("self",)).select_related(
        "case__client", "organization", "to_organization").get(pk=referral.pk)


@transaction.atomic
def do_answer_referral(referral: Referral, *, acting_user, accept: bool, reason: str = "",
                       worker=None, supervisor=None) -> Referral:
    """The receiving organisation accepts (a new case opens there, linked to the old one, with
    only what the client's consent covers) or declines with a reason."""
    referral = _lock_referral(referral)
    organization = acting_user.organization
    if not acting_user.can(REFERRAL_DECIDE) or referral.to_organization != organization:
        raise NotPermitted
    if referral.status != ReferralStatus.SENT:
        raise ValidationError(_("This referral has already been answered."))
    reason = (reason or "").strip()
    referral.decided_by, referral.decided_at = acting_user, timezone.now()
    if not accept:
        if not reason:
            raise ValidationError({"decline_reason": _("Say why the referral is declined.")})
        referral.status, referral.decline_reason = ReferralStatus.DECLINED, reason
        referral.save()
        record("referral.declined", actor=acting_user, target=referral, reason=reason,
               data={"from_organization": referral.organization_id})
        return referral
    errors = check_staff(organization, worker, supervisor)
    if errors:
        raise ValidationError(errors)
    old_case = referral.case
    shared = set(referral.shared_items)
    client = receive_referred_client(
        organization, acting_user=acting_user, source=old_case.client,
        share_contacts=SharedItem.CONTACTS in shared,
        share_diagnoses=SharedItem.DIAGNOSES in shared)
    needs = [_("Referred by %(organization)s: %(reason)s")
             % {"organization": referral.organization.name, "reason": referral.reason}]
    assessment = facts.current_assessment(old_case)
    if SharedItem.ASSESSMENT in shared and assessment is not None:
        needs.append(_("Risk level at referral: %(level)s. Problem: %(problem)s. Needs: "
                       "%(needs)s") % {"level": assessment.risk_level,
                                       "problem": assessment.problem_diagnosis,
                                       "needs": assessment.prioritised_needs})
    new_case = create_case(
        client, acting_user=acting_user, worker=worker, supervisor=supervisor,
        source=CaseSource.REFERRED,
        source_detail=f"{referral.organization.name} {old_case.case_number}",
        application_date=timezone.localdate(), needs="\n".join(str(n) for n in needs),
        table=for_organization(client.organization), referred_from=old_case)
    referral.status, referral.new_case = ReferralStatus.ACCEPTED, new_case
    referral.save()
    record("referral.accepted", actor=acting_user, target=referral, client=client,
           data={"from_organization": referral.organization_id, "new_case": new_case.pk,
                 "shared": sorted(shared)})
    return referral


@transaction.atomic
def do_record_referral_feedback(referral: Referral, *, acting_user, feedback: str,
                                feedback_on, completed: bool) -> Referral:
    """The outside body's feedback on a referral; `completed` ends the tracking."""
    referral = _lock_referral(referral)
    if referral.kind != ReferralKind.EXTERNAL or referral.case is None:
        raise ValidationError(_("Feedback is recorded only for referrals to outside bodies."))
    require_case(acting_user, CASE_TRANSITION, referral.case)
    if referral.status != ReferralStatus.AWAITING_FEEDBACK:
        raise ValidationError(_("This referral is not awaiting feedback."))
    errors = {}
    referral.feedback = (feedback or "").strip()
    referral.feedback_on = feedback_on
    if not referral.feedback:
        errors["feedback"] = REQUIRED
    if not feedback_on:
        errors["feedback_on"] = REQUIRED
    not_in_future(referral, ("feedback_on",), errors)
    if errors:
        raise ValidationError(errors)
    if completed:
        referral.status = ReferralStatus.COMPLETED
    referral.save()
    record("referral.feedback", actor=acting_user, target=referral, client=referral.case.client,
           data={"completed": completed})
    return referral


@transaction.atomic
def do_receive_outside_referral(client: Client, *, acting_user, external_name: str,
                                external_contact: str, reason: str, worker, supervisor,
                                application_date) -> Referral:
    """A referral in from outside Anxin (e.g. a hospital or the street office): the case opens
    with source 他人转介 and the referrer on file, to send feedback to."""
    if not acting_user.can(CASE_CREATE) or acting_user.organization != client.organization:
        raise NotPermitted
    if not Client.objects.visible_to(acting_user).filter(pk=client.pk).exists():
        raise NotPermitted
    errors = check_staff(client.organization, worker, supervisor)
    errors.update(check_application_date(application_date))
    if not (external_name or "").strip():
        errors["external_name"] = REQUIRED
    if not (reason or "").strip():
        errors["reason"] = REQUIRED
    if errors:
        raise ValidationError(errors)
    case = create_case(client, acting_user=acting_user, worker=worker, supervisor=supervisor,
                       source=CaseSource.REFERRED, source_detail=external_name.strip(),
                       application_date=application_date, needs=reason.strip(),
                       table=for_organization(client.organization))
    referral = Referral.objects.create(
        organization=client.organization, kind=ReferralKind.INCOMING,
        external_name=external_name.strip(), external_contact=(external_contact or "").strip(),
        reason=reason.strip(), status=ReferralStatus.ACCEPTED, new_case=case,
        decided_by=acting_user, decided_at=timezone.now(), created_by=acting_user)
    record("referral.received", actor=acting_user, target=referral, client=client,
           data={"case": case.pk, "from": external_name.strip()})
    return referral
