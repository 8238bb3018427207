from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CLIENT_EMERGENCY_REVIEW, CLIENT_VIEW, ORG_WIDE_ROLES
from anxin.accounts.choices import Role
from anxin.core.access import seen
from anxin.core.concurrency import Versioned
from anxin.core.crypto import EncryptedJSONField, EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

from .choices import ContactKind, Sex
from .diagnoses import label_for


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ClientQuerySet":
        """The clients `user` may see: a worker's are those they registered or hold a case of;
        a supervisor's also those of the cases they supervise and of their team's workers.

        Organisation isolation first; then the role narrows further. Regional viewers see no
        identities at all.
        """
        if not user.is_authenticated or not user.can(CLIENT_VIEW):
            return self.none()
        membership = user.membership
        organization_id = membership.organization_id
        queryset = self.filter(organization_id=organization_id)
        if membership.role in ORG_WIDE_ROLES:
            return queryset
        # One UNION of small, indexed id sets: an OR of `registered_by = u` with `id IN (…)`
        # would defeat every index and scan the organisation's clients (docs/benchmarks.md).
        # UNION also lists a client with several cases once.
        return queryset.filter(pk__in=visible_client_ids(user, organization_id))

    def gathered_whole(self, user) -> bool:
        """Whether `visible_to(user)` is a UNION of id sets (a worker's, a supervisor's), which
        the database gathers whole before it can order a page of it: such a list is paged
        and counted in one query (core.paging.OneQueryPaginator)."""
        return (user.is_authenticated and user.can(CLIENT_VIEW)
                and user.membership.role not in ORG_WIDE_ROLES)

    def visible_ids(self, user, within=None):
        """The ids of `visible_to(user)` as a subquery for the tables that belong to a client
        (`client__in=…`): for a worker or supervisor the UNION itself, not the client table
        read again around it. `within`, a client the request already found visible
        (`core.access.seen`), narrows it to that client: its page's panels need no rule."""
        if seen(within, user) and user.can(CLIENT_VIEW):
            return [within.pk]
        if (user.is_authenticated and user.can(CLIENT_VIEW)
                and user.membership.role not in ORG_WIDE_ROLES):
            return visible_client_ids(user, user.membership.organization_id)
        return self.visible_to(user).order_by().values("pk")


def visible_client_ids(user, organization_id):
    """The ids of the clients a worker or supervisor sees, as one UNION subquery: those they
    registered, those of their cases, and break-the-glass openings still running (always within
    the organisation: the caller filters by it). A supervisor also sees what the workers of the
    teams they supervise registered, and the cases they supervise or their team's workers hold."""
    from anxin.cases.models import Case

    registrars = [user.pk]
    cases = Case.objects.filter(organization_id=organization_id).order_by()
    parts = []
    if user.membership.role == Role.SUPERVISOR:
        registrars += user.team_member_ids()
        parts.append(cases.filter(supervisor=user).values("client_id"))
    parts.append(cases.filter(worker_id__in=registrars).values("client_id"))
    parts.append(EmergencyAccess.objects.filter(organization_id=organization_id, user=user)
                 .active().order_by().values("client_id"))
    registered = (Client.objects.filter(organization_id=organization_id,
                                        registered_by_id__in=registrars)
                  .order_by().values("pk"))
    return registered.union(*parts)


class Client(Versioned):
    """服务对象: a person served by one organisation, with one file (一人一档, CMH-8.3).

    Identity number, phone and address are encrypted at rest; their blind indexes allow exact
    lookup and duplicate detection without decrypting. Edits carry the `edit_version` they read
    (ADR 0013).
    """

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="clients", verbose_name=_("organisation"))
    file_number = models.CharField(_("file number"), max_length=32, editable=False)
    name = models.CharField(_("name"), max_length=64, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_index = models.CharField(max_length=40, blank=True, editable=False)
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_index = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    province = models.ForeignKey("accounts.Region", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("province"))
    city = models.ForeignKey("accounts.Region", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", verbose_name=_("city"))
    district = models.ForeignKey("accounts.Region", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("district"))
    street = models.ForeignKey("accounts.Region", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("street"))
    address_detail = EncryptedTextField(_("address"), blank=True)
    # A category such as "mental disorder" discloses a diagnosis: encrypted, with a keyed
    # index (one token per category) for the lists that filter on it (ADR 0015).
    population_categories = EncryptedJSONField(_("population categories"), default=list,
                                               blank=True)
    population_category_index = models.CharField(max_length=400, blank=True, editable=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "id_number_index"],
                condition=~Q(id_number_index=""),
                name="one_client_per_id_number_per_org",
            ),
            models.UniqueConstraint(fields=["organization", "file_number"],
                                    name="file_number_per_org"),
        ]
        indexes = [
            models.Index(fields=["organization", "name", "birth_date"],
                         name="client_org_name_birth"),
            # With the id: the clients a worker or supervisor registered, read from the index
            # alone (visible_client_ids).
            models.Index(fields=["organization", "registered_by", "id"],
                         name="client_org_registrar_id"),
            # The lists' order: an organisation's newest clients without sorting them all.
            models.Index(fields=["organization", "-created_at", "-id"], name="client_org_recent"),
            # Part of a name: a GIN index of its character grams, made on PostgreSQL by
            # migration 0006 (name_search.py); not declared here, being PostgreSQL's own.
        ]

    def __str__(self):
        return f"{self.name}（{self.file_number}）"

    def get_absolute_url(self):
        return reverse("clients:detail", args=[self.pk])

    @property
    def masked_id_number(self) -> str:
        """Shown in lists: enough to tell two people apart, not enough to reuse."""
        number = self.id_number
        return f"{number[:4]}**********{number[-4:]}" if number else ""

    @property
    def address_display(self) -> str:
        regions = [r.name for r in (self.province, self.city, self.district, self.street) if r]
        return "".join(regions) + (self.address_detail or "")

    def get_population_categories_display(self) -> list[str]:
        from .choices import PopulationCategory

        return [str(PopulationCategory(c).label) for c in self.population_categories
                if c in PopulationCategory.values]


class ClientDiagnosis(OrganizationOwned):
    """A diagnosis (ICD-10) on the client's file. Code and wording are encrypted at rest."""

    organization_parent = "client"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="diagnoses",
                               verbose_name=_("client"))
    code = EncryptedTextField(_("ICD-10 code"))
    label = EncryptedTextField(_("diagnosis"), blank=True)
    diagnosed_on = models.DateField(_("diagnosed on"), null=True, blank=True)
    diagnosed_by = EncryptedTextField(_("diagnosing hospital"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")
        indexes = [models.Index(fields=["organization", "client"], name="diagnosis_org_client")]

    def __str__(self):
        return f"{self.code} {self.display_label}"

    @property
    def display_label(self) -> str:
        return self.label or label_for(self.code)


class Contact(OrganizationOwned):
    """监护人 / 照顾者 / 紧急联系人: someone to reach about the client."""

    organization_parent = "client"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="contacts",
                               verbose_name=_("client"))
    kind = models.CharField(_("kind"), max_length=16, choices=ContactKind.choices)
    name = models.CharField(_("name"), max_length=64)
    relationship = models.CharField(_("relationship"), max_length=32)
    phone = EncryptedTextField(_("phone"))
    address = EncryptedTextField(_("address"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["organization", "client"], name="contact_org_client")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"


class HouseholdMember(OrganizationOwned):
    """A person living with the client (family situation, CMH-5.4)."""

    organization_parent = "client"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="household",
                               verbose_name=_("client"))
    name = models.CharField(_("name"), max_length=64)
    relationship = models.CharField(_("relationship"), max_length=32)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    occupation = models.CharField(_("occupation"), max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        indexes = [models.Index(fields=["organization", "client"], name="household_org_client")]

    def __str__(self):
        return f"{self.relationship} {self.name}"


class EmergencyAccessQuerySet(models.QuerySet):
    def active(self, now=None) -> "EmergencyAccessQuerySet":
        return self.filter(expires_at__gt=now or timezone.now())

    def visible_to(self, user) -> "EmergencyAccessQuerySet":
        """The review list: the organisation's openings, for those who review them."""
        if not user.is_authenticated or not user.can(CLIENT_EMERGENCY_REVIEW):
            return self.none()
        return self.filter(organization_id=user.membership.organization_id)


class EmergencyAccess(models.Model):
    """破窗访问 (break-the-glass): a client opened outside the user's visibility, within their
    own organisation, for a fixed time and with a stated reason; every opening is reviewed."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("opened by"))
    client = models.ForeignKey(Client, on_delete=models.PROTECT,
                               related_name="emergency_accesses", verbose_name=_("client"))
    # The reason may describe the emergency, so it is encrypted at rest like the file itself.
    reason = EncryptedTextField(_("reason"))
    opened_at = models.DateTimeField(_("opened at"))
    expires_at = models.DateTimeField(_("expires at"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        indexes = [models.Index(fields=["user", "expires_at"], name="emergency_user_expiry")]

    def __str__(self):
        return f"{self.client.file_number} · {self.opened_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()
