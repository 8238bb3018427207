"""A filled document: one kind's definition (code and version) filled in for a subject.

The definition says which fields are sensitive: those are kept in one encrypted column
(`sensitive`, ADR 0015); the coded answers — choices, numbers, dates, yes/no, references — stay
in a plain JSON column (`coded`) that indicators can query. A table goes whole to the encrypted
column when any of its columns is sensitive. `data` is the two merged, as the definition reads.

The subject — a case and its episode, a group, a group's session — is a nullable foreign key
each, at most one set (a plain key per subject keeps every reference on the organisation's
shard, which a generic relation would not); `subjects.py` holds what the engine asks of each.
"""

from functools import reduce
from itertools import combinations
from operator import and_

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anxin.core.concurrency import Versioned
from anxin.core.crypto import EncryptedJSONField, EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

from .definitions import DocumentKind, FieldType
from .registry import kinds

USER = settings.AUTH_USER_MODEL


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")
    SUPERSEDED = "superseded", _("Superseded")


EDITABLE = (DocumentStatus.DRAFT, DocumentStatus.RETURNED)
FINAL = (DocumentStatus.COMPLETED, DocumentStatus.APPROVED)


def split(kind: DocumentKind, data: dict) -> tuple[dict, dict]:
    """(coded, sensitive) parts of cleaned data, by the definition's fields."""
    coded, sensitive = {}, {}
    for field in kind.fields:
        if field.code not in data:
            continue
        secret = field.is_sensitive or (field.type == FieldType.TABLE
                                        and any(c.is_sensitive for c in field.columns))
        (sensitive if secret else coded)[field.code] = data[field.code]
    return coded, sensitive


SUBJECT_KEYS = ("case", "group", "group_session", "activity")
# At most one subject key is set: every pair is not both set.
ONE_SUBJECT = reduce(and_, (~models.Q(**{f"{a}__isnull": False, f"{b}__isnull": False})
                            for a, b in combinations(SUBJECT_KEYS, 2)))


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DocumentQuerySet":
        """The documents of the subjects `user` sees (the cases they see, their
        organisation's groups when they may read group work), in their organisation."""
        from functools import reduce
        from operator import or_

        from .subjects import subjects

        if not user.is_authenticated or user.membership is None:
            return self.none()
        return self.filter(reduce(or_, (s.visible(user) for s in subjects.all())),
                           organization_id=user.membership.organization_id)


class Document(OrganizationOwned, Versioned):
    organization_parent = SUBJECT_KEYS

    kind = models.CharField(_("kind"), max_length=64)
    version = models.PositiveIntegerField(_("definition version"))
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("case"))
    episode = models.PositiveIntegerField(_("episode"), default=1)
    group = models.ForeignKey("groups.Group", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("group"))
    group_session = models.ForeignKey("groups.GroupSession", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("group session"))
    activity = models.ForeignKey("community.CommunityActivity", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("community activity"))
    status = models.CharField(_("status"), max_length=16, choices=DocumentStatus.choices,
                              default=DocumentStatus.DRAFT)
    coded = models.JSONField(_("coded answers"), default=dict, blank=True)
    sensitive = EncryptedJSONField(_("sensitive answers"), default=dict, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The completed or approved document this one revises; it is superseded when this one is
    # completed or approved in turn.
    revises = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="revisions", verbose_name=_("revises"))

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            # One subject at most; none is the organisation itself.
            models.CheckConstraint(condition=ONE_SUBJECT, name="document_one_subject_of_four"),
        ]
        indexes = [
            models.Index(fields=["organization", "case", "kind"], name="document_org_case_kind"),
            models.Index(fields=["organization", "group", "kind"],
                         name="document_org_group_kind"),
            models.Index(fields=["organization", "group_session", "kind"],
                         name="document_org_session_kind"),
            models.Index(fields=["organization", "activity", "kind"],
                         name="document_org_activity_kind"),
            models.Index(fields=["organization", "kind", "status"],
                         name="document_org_kind_status"),
        ]

    def __str__(self):
        return f"{self.kind} v{self.version} #{self.pk}"

    @property
    def definition(self) -> DocumentKind:
        """The definition it was filled with, whatever the latest is now."""
        return kinds.get(self.kind, self.version)

    @property
    def subject(self):
        """The adapter of what it belongs to (subjects.py)."""
        from .subjects import subjects

        return subjects.of(self)

    @property
    def subject_object(self):
        return self.subject.of(self)

    @property
    def data(self) -> dict:
        return {**self.coded, **self.sensitive}

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_final(self) -> bool:
        """Completed or approved: what a revision may supersede."""
        return self.status in FINAL


class DocumentReview(OrganizationOwned):
    """A supervisor's decision on a submitted document, kept in order: the review history."""

    organization_parent = "document"

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews",
                                 verbose_name=_("document"))
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("reviewed by"))
    at = models.DateTimeField(_("reviewed at"), auto_now_add=True)
    comment = EncryptedTextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("document review")
        verbose_name_plural = _("document reviews")
        indexes = [models.Index(fields=["organization", "document"],
                                name="document_review_org_doc")]


class DocumentFile(OrganizationOwned):
    """A file a document's file field holds (a photo of an activity, a scan of a signed paper
    form): uploaded with the document's page or the API, its id the field's value. Attached to
    its document once that is saved; an unattached one may be referred to only by whoever
    uploaded it."""

    organization_parent = "document"

    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="files", verbose_name=_("document"))
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        indexes = [models.Index(fields=["organization", "document"], name="document_file_doc")]

    def __str__(self):
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
