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


register(CMH)
