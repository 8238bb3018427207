"""Files a job reads or writes, kept encrypted in the default storage.

An export holds clients' names and an uploaded import their ID numbers: neither may lie on disk
in clear (ADR 0015). A file is written as lines, each one Fernet token of a piece of its text,
so that it is encrypted and served piece by piece and never held whole in memory.
"""

import secrets
import tempfile
from collections.abc import Iterable, Iterator

from django.core.files import File
from django.core.files.storage import default_storage

from anxin.core.crypto import decrypt, encrypt

PIECE = 64 * 1024  # characters of text per token


class EncryptedWriter:
    """Collects text and writes it, encrypted piece by piece, to a spooled temporary file."""

    def __init__(self):
        self._spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        self._pending: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._pending.append(text)
        self._size += len(text)
        if self._size >= PIECE:
            self._flush()
        return len(text)

    def _flush(self) -> None:
        if self._pending:
            self._spool.write(encrypt("".join(self._pending)).encode("ascii") + b"\n")
            self._pending, self._size = [], 0

    def save(self, prefix: str) -> str:
        """Store what was written under a new unguessable name; returns the stored name."""
        self._flush()
        self._spool.seek(0)
        name = default_storage.save(f"jobs/{prefix}-{secrets.token_hex(16)}.enc",
                                    File(self._spool))
        self._spool.close()
        return name


def save_text(prefix: str, pieces: Iterable[str]) -> str:
    writer = EncryptedWriter()
    for piece in pieces:
        for start in range(0, len(piece), PIECE):
            writer.write(piece[start:start + PIECE])
    return writer.save(prefix)


def read_text(name: str) -> Iterator[str]:
    """The stored file's text, piece by piece."""
    with default_storage.open(name, "rb") as stored:
        for line in stored:
            line = line.strip()
            if line:
                yield decrypt(line.decode("ascii"))


def read_utf8(name: str) -> Iterator[bytes]:
    """A stored text file as UTF-8 bytes, piece by piece: what a download streams."""
    for piece in read_text(name):
        yield piece.encode("utf-8")


def delete(name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)
