from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from knox.models import AbstractAuthToken

from anxin.core.crypto import EncryptedTextField

from .capabilities import STAFF_MANAGE, role_can
from .choices import EducationLevel, HospitalGrade, OrganizationKind, RegionLevel, Role

region_code_validator = RegexValidator(
    r"^\d{6}(\d{3}|\d{6})?$",
    _("A region code has 6 digits (province, city, district) or 9/12 digits (street)."),
)


class Region(models.Model):
    """An administrative division (GB/T 2260 county codes, extended to streets).

    Provinces end in 0000, cities in 00; a street code extends its district's six digits.
    """

    code = models.CharField(_("code"), max_length=12, primary_key=True,
                            validators=[region_code_validator])
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("parent"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def full_name(self) -> str:
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(reversed(names))


class Organization(models.Model):
    """An institution that runs services on Anxin: a station, a hospital, a rehabilitation centre.

    Organisation isolation is absolute: nothing of one organisation is visible to another's staff.
    """

    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=128, unique=True)
    code = models.SlugField(_("short code"), max_length=16, unique=True,
                            help_text=_("Prefix of client file numbers, e.g. CDWH."))
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    province = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("province"))
    city = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("city"))
    district = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("district"))
    street = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("street"))
    # Hospitals only: the medical social workers a hospital must employ follow from both
    # (MSW-9.1.1.2).
    hospital_grade = models.CharField(_("hospital grade"), max_length=32, blank=True,
                                      choices=HospitalGrade.choices)
    bed_count = models.PositiveIntegerField(
        _("bed count"), null=True, blank=True,
        help_text=_("Hospitals only: the staffing ratio depends on it (MSW-9.1.1.2)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OrganizationKind.HOSPITAL) | Q(bed_count__isnull=True),
                name="bed_count_only_for_hospitals",
            ),
            models.CheckConstraint(
                condition=Q(kind=OrganizationKind.HOSPITAL) | Q(hospital_grade=""),
                name="hospital_grade_only_for_hospitals",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_hospital(self) -> bool:
        return self.kind == OrganizationKind.HOSPITAL


class Team(models.Model):
    """工作小组: workers of one organisation under one supervisor, who sees their clients.

    Not a 关爱帮扶团队 (caring team, REH-4.4.3): that is a multi-agency street team, of people
    outside the organisation as well.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT,
                                     related_name="teams", verbose_name=_("organisation"))
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=64)
    supervisor = models.ForeignKey("User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="supervised_teams",
                                   verbose_name=_("supervisor"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="team_name_per_org")
        ]

    def __str__(self):
        return self.name


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UserQuerySet":
        """As staff records: every member of an organisation, active or not, for its own
        admins; nobody for anyone else (colleagues' names reach pages through their work)."""
        if not user.is_authenticated or not user.can(STAFF_MANAGE):
            return self.none()
        return self.filter(_membership__organization_id=user.membership.organization_id)


class StaffManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in: staff of one organisation, or a regional viewer."""

    objects = StaffManager()

    full_name = models.CharField(_("full name"), max_length=64, blank=True)
    # Set when an admin issues a temporary password; the holder must choose their own before
    # doing anything else (accounts.middleware).
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # Raised by "sign out everywhere": it is part of the session hash, so every session signed
    # in before the raise stops verifying (django.contrib.auth checks the hash on each request).
    session_epoch = models.PositiveIntegerField(_("session epoch"), default=0)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def _get_session_auth_hash(self, secret=None):
        # Both the current hash and those under SECRET_KEY_FALLBACKS come from here, so an old
        # key cannot revive a session ended by an epoch raise. Epoch 0 keeps Django's own hash:
        # the sessions open when this field arrived survive it.
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac("anxin.accounts.User.get_session_auth_hash",
                           f"{self.password}:{self.session_epoch}", secret=secret,
                           algorithm="sha256").hexdigest()

    def __str__(self):
        return self.full_name or self.username

    @property
    def membership(self) -> "Membership | None":
        # Read with its organisation in one query: nearly every page names the organisation
        # (the header) and every rule its id; the reverse accessor alone would cost two.
        cache = self._state.fields_cache
        if "_membership" not in cache:
            membership = None
            if self.pk is not None:
                membership = (Membership.objects.select_related("organization")
                              .filter(user_id=self.pk).first())
            if membership is not None:
                membership._state.fields_cache["user"] = self
            cache["_membership"] = membership
        return cache["_membership"]

    @property
    def organization(self) -> Organization | None:
        membership = self.membership
        return membership.organization if membership else None

    @property
    def role(self) -> str | None:
        membership = self.membership
        return membership.role if membership and membership.is_active else None

    def can(self, capability: str) -> bool:
        return self.is_authenticated and role_can(self.role, capability)

    def team_member_ids(self) -> list[int]:
        """The members of the teams this user supervises, in their organisation: whose clients
        and cases a supervisor sees. A list, so that visibility rules can use it as an indexed
        `IN (…)` rather than a join that defeats the index."""
        membership = self.membership
        if membership is None:
            return []
        # Kept for the request being served: one page asks for it once per list it filters
        # (the queue, five times). Outside a request, and in the next one, it is read again.
        from anxin.core import request_context

        context = request_context.current()
        cached = getattr(self, "_team_member_ids", None)
        if (context is not None and cached is not None
                and cached[0] is context and cached[1] is membership):
            return list(cached[2])
        ids = list(Membership.objects.filter(organization_id=membership.organization_id,
                                             team__supervisor=self)
                   .values_list("user_id", flat=True))
        if context is not None:
            self._team_member_ids = (context, membership, ids)
        return list(ids)


class Membership(models.Model):
    """A user's place: one organisation and one role, or a region for a regional viewer.

    One membership per user keeps "whose data is this" unambiguous; a person who works for two
    organisations has two accounts (see docs/adr/0003-one-membership-per-user.md).
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="_membership",
                                verbose_name=_("user"))
    organization = models.ForeignKey(Organization, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="memberships",
                                     verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="members", verbose_name=_("team"))
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("region"),
                               help_text=_("Regional viewers only."))
    is_active = models.BooleanField(_("active"), default=True)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)
    mobile = EncryptedTextField(_("mobile"), blank=True)
    # The staff record the standards make conditions of the service (CMH-9.1, CMH-9.2,
    # REH-4.4.1, MSW-9.1.1.1, CHR-5.1.1).
    education_level = models.CharField(_("education"), max_length=32, blank=True,
                                       choices=EducationLevel.choices)
    major = models.CharField(_("major"), max_length=64, blank=True)
    in_field_since = models.DateField(
        _("in the field since"), null=True, blank=True,
        help_text=_("Start of work in community mental-health social work (CMH-9.2)."))
    # Why someone who does not meet CMH-9.2 was made a supervisor anyway.
    supervisor_exception_reason = models.TextField(_("reason for the exception"), blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role=Role.REGIONAL_VIEWER, organization__isnull=True,
                      region__isnull=False)
                    | (~Q(role=Role.REGIONAL_VIEWER) & Q(organization__isnull=False))
                ),
                name="membership_org_or_region",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class ApiToken(AbstractAuthToken):
    """An API key (django-rest-knox): only its SHA-512 digest is stored, the key itself is shown
    once when issued. Each has a name saying what it is for and an expiry."""

    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} · {self.user}"
