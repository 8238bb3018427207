"""Pathway requirements that read documents declaratively: "kind X completed", "kind X
approved", "field Y of kind X is Z". A pathway table names any kind through
`document_requirement`; `met(case, requirements)` answers them from the case's documents of its
current episode, in one query, for `cases.facts.satisfied`.

The requirement's code carries the whole question (`document:<kind>:<status>[:<field>=<a|b>]`),
so the engine keeps deciding from codes alone.
"""

from anxin.cases.workflow.engine import Requirement

from .models import Document, DocumentStatus

PREFIX = "document:"
# What each required status accepts: an approved document was completed and submitted too.
REACHED = {
    "completed": {DocumentStatus.COMPLETED, DocumentStatus.APPROVED},
    "submitted": {DocumentStatus.SUBMITTED, DocumentStatus.APPROVED},
    "approved": {DocumentStatus.APPROVED},
}


def document_requirement(kind: str, *, description, clause: str, status: str = "completed",
                         field: str = "", values: tuple = ()) -> Requirement:
    if status not in REACHED:
        raise ValueError(f"unknown required status {status!r}")
    code = f"{PREFIX}{kind}:{status}"
    if field:
        code += f":{field}=" + "|".join(_text(v) for v in values)
    return Requirement(code=code, description=description, clause=clause, document=kind)


def _text(value) -> str:
    """A coded value as the code spells it (yes/no as true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _parse(code: str):
    kind, status, *condition = code.removeprefix(PREFIX).split(":", 2)
    field, values = "", ()
    if condition:
        field, _, wanted = condition[0].partition("=")
        values = tuple(wanted.split("|")) if wanted else ()
    return kind, status, field, values


def _matches(document: Document, status: str, field: str, values: tuple) -> bool:
    if document.status not in REACHED[status]:
        return False
    if not field:
        return True
    value = document.coded.get(field)
    chosen = value if isinstance(value, list) else [value]
    if not values:
        return value not in (None, "", [])
    return any(_text(v) in values for v in chosen)


def met(case, codes) -> set[str]:
    """The document requirement codes among `codes` that the case's documents satisfy."""
    wanted = [c for c in codes if c.startswith(PREFIX)]
    if not wanted:
        return set()
    kinds = {_parse(code)[0] for code in wanted}
    documents = list(Document.objects.filter(organization_id=case.organization_id, case=case,
                                             episode=case.episode, kind__in=kinds)
                     .only("kind", "status", "coded"))
    satisfied = set()
    for code in wanted:
        kind, status, field, values = _parse(code)
        if any(d.kind == kind and _matches(d, status, field, values) for d in documents):
            satisfied.add(code)
    return satisfied
