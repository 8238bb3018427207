"""State changes of clients and their files. Each writes its audit event in its transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CLIENT_CREATE, CLIENT_EDIT, CLIENT_EXPORT
from anxin.accounts.models import Organization
from anxin.audit.actions import record
from anxin.core.concurrency import check_version, save_version
from anxin.core.exceptions import NotPermitted

from .choices import ContactKind
from .models import Client, ClientDiagnosis, Contact, HouseholdMember
from .selectors import categories_index, id_number_index, phone_index
from .validation import clean_client_data

CLIENT_FIELDS = ("name", "sex", "birth_date", "id_number", "phone", "province", "city",
                 "district", "street", "address_detail", "population_categories")


class DuplicateClient(ValidationError):
    """The organisation already has a client with this ID number: offer that file instead."""

    def __init__(self, existing: Client):
        self.existing = existing
        super().__init__({"id_number": ValidationError(
            _("A client with this ID number is already registered: %(file_number)s."),
            code="duplicate_id_number", params={"file_number": existing.file_number})})


class PossibleDuplicate(ValidationError):
    """Same name and birth date as existing clients; registering needs a confirmation."""

    def __init__(self, candidates: list[Client]):
        self.candidates = candidates
        super().__init__({"name": ValidationError(
            _("A client with the same name and birth date exists: %(files)s. Check it is not "
              "the same person, then confirm."),
            code="possible_duplicate",
            params={"files": "、".join(c.file_number for c in candidates)})})


def _require(user, capability: str, organization: Organization) -> None:
    if not user.can(capability) or user.organization != organization:
        raise NotPermitted


def _require_client(user, capability: str, client: Client) -> None:
    """The capability, and the client among those the user may see: callers other than views
    (commands, tasks, future API endpoints) get the same need-to-know rule."""
    _require(user, capability, client.organization)
    if not Client.objects.visible_to(user).filter(pk=client.pk).exists():
        raise NotPermitted


def _next_file_number(organization: Organization) -> str:
    # The organisation row is locked by the caller, so two registrations cannot take one number.
    year = timezone.localdate().year
    prefix = f"{organization.code.upper()}-{year}-"
    last = (Client.objects.filter(organization=organization, file_number__startswith=prefix)
            .order_by("-file_number").values_list("file_number", flat=True).first())
    return f"{prefix}{int(last.removeprefix(prefix)) + 1 if last else 1:05d}"


@transaction.atomic
def do_register_client(
    organization: Organization, *, acting_user, data: dict,
    confirm_not_duplicate: bool = False,
) -> Client:
    """Open a client's file (一人一档, CMH-8.3) after search-before-create.

    An ID number already registered in the organisation is refused (DuplicateClient); the same
    name and birth date as another client needs `confirm_not_duplicate`.
    """
    _require(acting_user, CLIENT_CREATE, organization)
    data = clean_client_data({field: data.get(field) for field in CLIENT_FIELDS})
    Organization.objects.select_for_update().get(pk=organization.pk)
    index = id_number_index(data["id_number"]) if data.get("id_number") else ""
    if index:
        existing = Client.objects.filter(organization=organization,
                                         id_number_index=index).first()
        if existing:
            raise DuplicateClient(existing)
    if not confirm_not_duplicate:
        twins = list(Client.objects.filter(organization=organization, name=data["name"],
                                           birth_date=data["birth_date"])[:5])
        if twins:
            raise PossibleDuplicate(twins)
    client = Client(organization=organization, registered_by=acting_user,
                    file_number=_next_file_number(organization))
    _assign(client, data)
    save_version(client, acting_user=acting_user)
    record("client.registered", actor=acting_user, target=client, client=client,
           data={"file_number": client.file_number,
                 "confirmed_not_duplicate": confirm_not_duplicate})
    return client


@transaction.atomic
def do_update_client(client: Client, *, acting_user, data: dict, reason: str = "",
                     edit_version: int | None = None) -> Client:
    """Change a client's details; the audit event names the fields changed, not their values.

    `edit_version` is the version the change was read at: the form and the API always send
    it, and a stale one raises EditConflict naming what differs (ADR 0013). Internal callers
    that read and write in this transaction may leave it out.
    """
    _require_client(acting_user, CLIENT_EDIT, client)
    # of=self: PostgreSQL cannot lock the nullable side of the join to the last editor.
    client = Client.objects.select_for_update(of=("self",)).select_related("updated_by").get(
        pk=client.pk)
    check_version(client, edit_version,
                  submitted={field: data[field] for field in CLIENT_FIELDS if field in data})
    merged = {field: data.get(field, getattr(client, field)) for field in CLIENT_FIELDS}
    merged = clean_client_data(merged)
    changed = [f for f in CLIENT_FIELDS if merged.get(f) != getattr(client, f)]
    if not changed:
        return client
    if "id_number" in changed and merged.get("id_number"):
        other = (Client.objects.filter(organization=client.organization,
                                       id_number_index=id_number_index(merged["id_number"]))
                 .exclude(pk=client.pk).first())
        if other:
            raise DuplicateClient(other)
    _assign(client, merged)
    save_version(client, acting_user=acting_user,
                 update_fields=[*changed, *_index_fields(changed), "updated_at"])
    record("client.updated", actor=acting_user, target=client, client=client, reason=reason,
           data={"fields": changed})
    return client


def _assign(client: Client, data: dict) -> None:
    for field in CLIENT_FIELDS:
        setattr(client, field, data.get(field) if data.get(field) is not None else
                ([] if field == "population_categories" else
                 None if field in ("province", "city", "district", "street", "birth_date")
                 else ""))
    client.id_number_index = id_number_index(client.id_number) if client.id_number else ""
    client.phone_index = phone_index(client.phone)
    client.population_category_index = categories_index(client.population_categories)


def _index_fields(changed: list[str]) -> list[str]:
    return ([f"{field}_index" for field in changed if field in ("id_number", "phone")]
            + (["population_category_index"] if "population_categories" in changed else []))


@transaction.atomic
def do_add_contact(client: Client, *, acting_user, kind: str, name: str, relationship: str,
                   phone: str, address: str = "") -> Contact:
    _require_client(acting_user, CLIENT_EDIT, client)
    errors = {}
    if kind not in ContactKind.values:
        errors["kind"] = ValidationError(_("Choose the kind of contact."), code="invalid_choice")
    if not name.strip():
        errors["name"] = ValidationError(_("Enter the contact's name."), code="required")
    if len([ch for ch in phone if ch.isdigit()]) < 7:
        errors["phone"] = ValidationError(_("Enter a phone number of at least 7 digits."),
                                          code="invalid_phone")
    if errors:
        raise ValidationError(errors)
    contact = Contact.objects.create(client=client, kind=kind, name=name,
                                     relationship=relationship, phone=phone, address=address)
    record("client.contact_added", actor=acting_user, target=contact, client=client,
           data={"kind": kind})
    return contact


@transaction.atomic
def do_remove_contact(contact: Contact, *, acting_user) -> None:
    _require_client(acting_user, CLIENT_EDIT, contact.client)
    record("client.contact_removed", actor=acting_user, target=contact, client=contact.client,
           data={"kind": contact.kind, "name": contact.name})
    contact.delete()


@transaction.atomic
def do_add_household_member(client: Client, *, acting_user, **fields) -> HouseholdMember:
    _require_client(acting_user, CLIENT_EDIT, client)
    member = HouseholdMember.objects.create(client=client, **fields)
    record("client.household_member_added", actor=acting_user, target=member, client=client)
    return member


@transaction.atomic
def do_remove_household_member(member: HouseholdMember, *, acting_user) -> None:
    _require_client(acting_user, CLIENT_EDIT, member.client)
    record("client.household_member_removed", actor=acting_user, target=member,
           client=member.client, data={"name": member.name})
    member.delete()


@transaction.atomic
def do_add_diagnosis(client: Client, *, acting_user, code: str, label: str = "",
                     diagnosed_on=None, diagnosed_by: str = "") -> ClientDiagnosis:
    _require_client(acting_user, CLIENT_EDIT, client)
    code = (code or "").strip().upper()
    if not code:
        raise ValidationError({"code": ValidationError(_("Choose or enter an ICD-10 code."),
                                                       code="required")})
    if diagnosed_on and diagnosed_on > timezone.localdate():
        raise ValidationError({"diagnosed_on": ValidationError(
            _("The diagnosis date cannot be in the future."), code="future_date")})
    diagnosis = ClientDiagnosis.objects.create(
        client=client, code=code, label=label.strip(), diagnosed_on=diagnosed_on,
        diagnosed_by=diagnosed_by.strip(), recorded_by=acting_user)
    record("client.diagnosis_added", actor=acting_user, target=diagnosis, client=client)
    return diagnosis


@transaction.atomic
def do_remove_diagnosis(diagnosis: ClientDiagnosis, *, acting_user, reason: str) -> None:
    _require_client(acting_user, CLIENT_EDIT, diagnosis.client)
    record("client.diagnosis_removed", actor=acting_user, target=diagnosis,
           client=diagnosis.client, reason=reason)
    diagnosis.delete()


def record_client_view(client: Client, *, acting_user, channel: str = "web") -> None:
    """Reading a client's file is itself on the record (CMH-4.2, MSW-A.6)."""
    record("client.viewed", actor=acting_user, target=client, client=client,
           data={"channel": channel})


def record_client_export(*, acting_user, count: int, query: str, fmt: str) -> None:
    if not acting_user.can(CLIENT_EXPORT):
        raise NotPermitted
    record("clients.exported", actor=acting_user,
           data={"count": count, "query": query, "format": fmt})


@transaction.atomic
def receive_referred_client(organization: Organization, *, acting_user, source: Client,
                            share_contacts: bool, share_diagnoses: bool) -> Client:
    """The receiving organisation's file for a client referred to it (CMH-6.4): the existing
    file when it already knows the person (same ID number), otherwise a new one with the basic
    details, plus contacts and diagnoses only when the client's consent covers them.

    Called by the referral action once the receiver has accepted; it checks the receiver's rights.
    """
    Organization.objects.select_for_update().get(pk=organization.pk)
    existing = None
    if source.id_number_index:
        existing = Client.objects.filter(organization=organization,
                                         id_number_index=source.id_number_index).first()
    if existing is not None:
        return existing
    client = Client(organization=organization, registered_by=acting_user,
                    file_number=_next_file_number(organization))
    _assign(client, {field: getattr(source, field) for field in CLIENT_FIELDS})
    save_version(client, acting_user=acting_user)
    copied = {"contacts": 0, "diagnoses": 0}
    if share_contacts:
        for contact in source.contacts.all():
            Contact.objects.create(client=client, kind=contact.kind, name=contact.name,
                                   relationship=contact.relationship, phone=contact.phone,
                                   address=contact.address)
            copied["contacts"] += 1
    if share_diagnoses:
        for diagnosis in source.diagnoses.all():
            ClientDiagnosis.objects.create(
                client=client, code=diagnosis.code, label=diagnosis.label,
                diagnosed_on=diagnosis.diagnosed_on, diagnosed_by=diagnosis.diagnosed_by,
                recorded_by=acting_user)
            copied["diagnoses"] += 1
    record("client.registered", actor=acting_user, organization=organization, target=client,
           client=client, data={"file_number": client.file_number, "from_referral": True,
                                **copied})
    return client
