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
        """The subject of a filled document: the one whose key it carries."""
        for subject in self._subjects.values():
            if getattr(document, f"{subject.field}_id") is not None:
                return subject
        raise LookupError(f"document {document.pk} has no subject")


subjects = Subjects()
subjects.register(CaseSubject())
