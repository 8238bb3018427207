"""The registry of pathway tables: code → Pathway. A new pathway is a new module listed here."""

from ..engine import Pathway
from .cmh import CMH

PATHWAYS: dict[str, Pathway] = {}


def register(pathway: Pathway) -> Pathway:
    if pathway.code in PATHWAYS:
        raise ValueError(f"pathway {pathway.code!r} is already registered")
    PATHWAYS[pathway.code] = pathway
    return pathway


def get_pathway(code: str) -> Pathway:
    try:
        return PATHWAYS[code]
    except KeyError:
        raise KeyError(f"no pathway {code!r}") from None


DEFAULT = "cmh"


def for_organization(organization) -> Pathway:
    """The pathway an organisation's new cases follow: the one naming its kind (a rehabilitation
    centre's, REH), else community mental-health social work."""
    kind = getattr(organization, "kind", "")
    for pathway in PATHWAYS.values():
        if kind in pathway.organization_kinds:
            return pathway
    return PATHWAYS[DEFAULT]


register(CMH)
