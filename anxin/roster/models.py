"""The registered roster (登记在册) of people with mental disorders living at home, street by
street and month by month, as the national severe-mental-disorder information system sends it.

It is the denominator of REH-6.4.3 (居家精神障碍康复者接受社区康复服务率): those of the street
taking part in community rehabilitation this month, over those registered in the street this
month. Names, ID numbers and diagnoses are encrypted at rest; the ID number's blind index is the
Client model's own (clients.selectors.id_number_index), so an entry finds its client without
decrypting anything (ADR 0002).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_VIEW
from anxin.core.crypto import EncryptedTextField
from anxin.core.tenancy import OrganizationOwned


class RosterImportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RosterImportQuerySet":
        """The rosters of the user's own organisation, for those who read its case work."""
        if not user.is_authenticated or user.membership is None or not user.can(CASE_VIEW):
            return self.none()
        return self.filter(organization_id=user.membership.organization_id)


class RosterImport(OrganizationOwned):
    """One street's roster for one month, as last uploaded. A later upload of the same street
    and month replaces its entries (actions.do_import_roster): the system's newest list is the
    one that counts."""

    street = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("street"))
    # Always the first day of the month (REH-6.4.3 counts "当月度").
    month = models.DateField(_("month"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("imported by"))
    imported_at = models.DateTimeField(_("imported at"))
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)

    objects = RosterImportQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "street", "-id"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        constraints = [
            models.UniqueConstraint(fields=["organization", "street", "month"],
                                    name="one_roster_per_street_month"),
        ]
        indexes = [
            # The overview's order: an organisation's newest months first.
            models.Index(fields=["organization", "-month"], name="roster_import_org_month"),
        ]

    def __str__(self):
        return f"{self.street.name} {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("roster:entries", args=[self.pk])


class RosterEntry(OrganizationOwned):
    """One person registered in the street that month: who (encrypted), whether under grid
    management (REH-6.4.3.2: only they can count as taking part), and the organisation's client
    with the same ID number, when there is one."""

    roster_import = models.ForeignKey(RosterImport, on_delete=models.CASCADE,
                                      related_name="entries", verbose_name=_("roster import"))
    # Copied from the import so that counts by street and month read one table.
    street = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("street"))
    month = models.DateField(_("month"))
    # The spreadsheet's own row number: the list keeps the file's order.
    row_number = models.PositiveIntegerField(_("row"))
    name = EncryptedTextField(_("name"))
    id_number = EncryptedTextField(_("ID number"))
    id_number_index = models.CharField(max_length=40, editable=False)
    under_grid_management = models.BooleanField(_("under grid management"))
    diagnosis = EncryptedTextField(_("diagnosis"), blank=True)
    # A client removed later (archive destruction) leaves the registration standing.
    matched_client = models.ForeignKey("clients.Client", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+",
                                       verbose_name=_("matched client"))

    organization_parent = "roster_import"

    class Meta:
        ordering = ["roster_import", "row_number"]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        indexes = [
            models.Index(fields=["organization", "street", "month"],
                         name="roster_entry_street_month"),
            models.Index(fields=["organization", "id_number_index"],
                         name="roster_entry_id_index"),
            models.Index(fields=["roster_import", "row_number"], name="roster_entry_file_order"),
        ]

    def __str__(self):
        return f"{self.roster_import} #{self.row_number}"

    @property
    def masked_id_number(self) -> str:
        """As Client.masked_id_number: enough to tell two people apart, not to reuse."""
        number = self.id_number
        return f"{number[:4]}**********{number[-4:]}" if number else ""
