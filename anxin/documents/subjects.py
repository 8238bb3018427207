"""What a filled document belongs to: a case and its episode, a group, a group's session (and,
as the apps that own them register theirs, an activity or an organisation).

A subject is an adapter, not a model: it names the document's foreign key, finds the subject a
user may see (404 otherwise), says who may write, approve and print its documents, what the
audit trail names, and what the pages and the printed form show about it. The engine's actions,
pages, PDF and API ask the adapter and never branch on the subject themselves, so a new subject
is an adapter and a nullable key on `Document`, not new engine code.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_PRINT, CASE_TRANSITION, CASE_VIEW


@dataclass(frozen=True)
class Heading:
    """What the document's pages say about its subject: a line under the title, where "back"
    leads, and the rows the printed form's header and footer show."""

    line: str
    back_url: str
    back_label: str
    print_rows: tuple[tuple[str, str], ...]  # (label, value) in Chinese, as the form prints
    # Rows the printed form's header shows in full width after print_rows, not in its footer
    # (a session's attendance, say).
    print_details: tuple[tuple[str, str], ...] = ()


class Subject:
    name: str = ""
    label = ""  # what a message calls it
    field: str = ""  # the foreign key on Document
    read_capability: str = ""
    write_capability: str = ""
    print_capability: str = ""

    def access(self, user, pk, *, for_write: bool = False):
        """The subject `pk` if `user` may see it (and write its documents); 404 / 403."""
        raise NotImplementedError

    def lock(self, obj):
        """Re-read `obj` under a row lock for a change to one of its documents."""
        raise NotImplementedError

    def require(self, user, capability: str, obj) -> None:
        """NotPermitted unless `user` holds `capability` for `obj` (and sees it): writing,
        approving and printing its documents all ask this, each with its capability."""
        raise NotImplementedError

    def visible(self, user) -> Q:
        """The documents of this subject `user` sees (their organisation is filtered apart)."""
        raise NotImplementedError

    def organization_id(self, obj) -> int:
        return obj.organization_id

    def new_document(self, obj) -> dict:
        """The keys a new document of `obj` is created with."""
        return {"organization_id": obj.organization_id, self.field: obj}

    def of(self, document):
        return getattr(document, self.field)

    def client(self, obj):
        """The client the audit trail names for a change, or None."""
        return None

    def audit_data(self, obj) -> dict:
        return {self.name: obj.pk}

    def heading(self, obj) -> Heading:
        raise NotImplementedError

    def describe(self, obj) -> str:
        """One line naming the subject in a list (the approval queue): no query of its own
        beyond the subject's row and what it is selected with."""
        return self.heading(obj).line

    def organization(self, obj):
        return obj.organization


class CaseSubject(Subject):
    name, field, label = "case", "case", _("case")
    read_capability, write_capability, print_capability = CASE_VIEW, CASE_TRANSITION, CASE_PRINT

    def access(self, user, pk, *, for_write=False):
        from anxin.cases.access import access_case

        return access_case(user, pk, for_write=for_write)

    def lock(self, obj):
        from anxin.cases.actions._access import lock

        return lock(obj)

    def require(self, user, capability, obj):
        from anxin.cases.actions._access import require_case

        require_case(user, capability, obj)

    def visible(self, user):
        from anxin.cases.models import Case

        return Q(case__in=Case.objects.visible_ids(user))

    def new_document(self, obj):
        return {**super().new_document(obj), "episode": obj.episode}

    def client(self, obj):
        return obj.client

    def heading(self, obj):
        return Heading(line=f"{obj.client.name} · {_('Case number')} {obj.case_number}",
                       back_url=obj.get_absolute_url(), back_label=str(_("Back to the case")),
                       print_rows=(("服务对象", obj.client.name),
                                   ("个案编号", obj.case_number)))


class OrganizationSubject(Subject):
    """The organisation itself (its emergency plan, a caring team's yearly report, …): the
    subject of a document that names no other. Every member reading case files reads them;
    the organisation's administrators write them."""

    name, field, label = "organization", "organization", _("organisation")
    read_capability, print_capability = CASE_VIEW, CASE_PRINT
    fallback = True  # what a document is of when it carries no other subject's key

    @property
    def write_capability(self):
        from anxin.accounts.capabilities import STAFF_MANAGE

        return STAFF_MANAGE

    def access(self, user, pk, *, for_write=False):
        from anxin.accounts.models import Organization
        from anxin.core.access import require
        from anxin.core.exceptions import NotVisible

        require(user, self.read_capability, *((self.write_capability,) if for_write else ()))
        if user.membership is None or str(user.membership.organization_id) != str(pk):
            raise NotVisible
        return Organization.objects.get(pk=user.membership.organization_id)

    def lock(self, obj):
        from anxin.accounts.models import Organization

        return Organization.objects.select_for_update().get(pk=obj.pk)

    def require(self, user, capability, obj):
        from anxin.core.exceptions import NotPermitted

        if not user.is_authenticated or not user.can(capability) or user.membership is None \
                or user.membership.organization_id != obj.pk:
            raise NotPermitted

    def visible(self, user):
        from .models import SUBJECT_KEYS

        return (Q(**{f"{key}__isnull": True for key in SUBJECT_KEYS})
                if user.can(self.read_capability) else Q(pk__in=[]))

    def organization_id(self, obj):
        return obj.pk

    def new_document(self, obj):
        return {"organization_id": obj.pk}

    def of(self, document):
        return document.organization

    def organization(self, obj):
        return obj

    def audit_data(self, obj):
        return {}

    def heading(self, obj):
        from django.urls import reverse

        return Heading(line=obj.name, back_url=reverse("home"), back_label=str(_("Home")),
                       print_rows=(("机构", obj.name),))


class Subjects:
    def __init__(self):
        self._subjects: dict[str, Subject] = {}

    def register(self, subject: Subject) -> Subject:
        if subject.name in self._subjects:
            raise ValueError(f"subject {subject.name!r} registered twice")
        self._subjects[subject.name] = subject
        return subject

    def get(self, name: str) -> Subject:
        return self._subjects[name]

    def __contains__(self, name) -> bool:
        return name in self._subjects

    def all(self) -> tuple[Subject, ...]:
        return tuple(self._subjects.values())

    def of(self, document) -> Subject:
        """The subject of a filled document: the one whose key it carries, else the
        organisation's."""
        fallback = None
        for subject in self._subjects.values():
            if getattr(subject, "fallback", False):
                fallback = subject
            elif getattr(document, f"{subject.field}_id") is not None:
                return subject
        if fallback is None:
            raise LookupError(f"document {document.pk} has no subject")
        return fallback


subjects = Subjects()
subjects.register(CaseSubject())
subjects.register(OrganizationSubject())
