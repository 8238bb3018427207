"""Code → document kind versions. Every version ever shipped stays registered, so a document
keeps the definition it was filled with; new documents use `latest`. Registering checks the
definition (`DocumentKind.check`): an inconsistent kind fails at start-up."""

from .definitions import DocumentKind


class UnknownKind(KeyError):
    pass


class Registry:
    def __init__(self):
        self._kinds: dict[str, dict[int, DocumentKind]] = {}

    def register(self, kind: DocumentKind) -> DocumentKind:
        kind.check()
        versions = self._kinds.setdefault(kind.code, {})
        if kind.version in versions:
            raise ValueError(f"{kind.code!r} version {kind.version} registered twice")
        if versions and kind.version < max(versions):
            raise ValueError(f"{kind.code!r} version {kind.version} is older than one "
                             f"already registered")
        versions[kind.version] = kind
        return kind

    def codes(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def approved_by(self, may) -> tuple[str, ...]:
        """The codes of kinds some version of which is approved with a capability for which
        `may(capability)` holds."""
        return tuple(code for code, versions in self._kinds.items()
                     if any(k.approved_by and may(k.approved_by) for k in versions.values()))

    def get(self, code: str, version: int) -> DocumentKind:
        try:
            return self._kinds[code][version]
        except KeyError:
            raise UnknownKind(f"{code} v{version}") from None

    def latest(self, code: str) -> DocumentKind:
        try:
            versions = self._kinds[code]
        except KeyError:
            raise UnknownKind(code) from None
        return versions[max(versions)]


# The kinds the application ships register here (as the pathways that use them arrive).
kinds = Registry()
