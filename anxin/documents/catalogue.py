"""One catalogue of every document kind Anxin knows: the engine's kinds (registry.py, data) and
the hand-made forms A–G of the community mental-health pathway (their own models, pages, print
templates and API; ADR 0021). Whoever asks "which document is `plan`, what is it called, which
clause, what does it belong to" — a pathway table, the case page, the case file print, the
standards coverage — asks here and gets the same answer for both.
"""

from dataclasses import dataclass

from anxin.instruments.definitions import Text

from .registry import UnknownKind, kinds


@dataclass(frozen=True)
class Entry:
    code: str
    title: Text
    clause: str
    subject: str
    # A hand-made document (forms A–G): pages, print and API of its own, under cases/.
    native: bool = False


class Catalogue:
    def __init__(self, registry=kinds):
        self._registry = registry
        self._native: dict[str, Entry] = {}

    def native(self, code: str, title: Text, clause: str, subject: str = "case") -> Entry:
        if code in self._native or code in self._registry.codes():
            raise ValueError(f"document {code!r} catalogued twice")
        entry = self._native[code] = Entry(code, title, clause, subject, native=True)
        return entry

    def get(self, code: str) -> Entry:
        if code in self._native:
            return self._native[code]
        kind = self._registry.latest(code)  # UnknownKind when neither
        return Entry(kind.code, kind.title, kind.clause, kind.subject)

    def __contains__(self, code) -> bool:
        try:
            self.get(code)
        except UnknownKind:
            return False
        return True

    def codes(self) -> tuple[str, ...]:
        return (*self._native, *self._registry.codes())


catalogue = Catalogue()
