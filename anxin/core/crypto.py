"""Encryption at rest for identifying fields, and a keyed blind index for exact lookup.

Identity numbers, phones, addresses and diagnoses are stored as Fernet tokens (AES-128-CBC +
HMAC-SHA256). Several keys may be configured: the first encrypts, all decrypt, so keys rotate
without a migration. A separate HMAC key produces the blind index, so that equality search and
duplicate detection never need to decrypt, and a leaked index reveals nothing without the key.
"""

import functools
import hashlib
import hmac
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@functools.cache
def _fernet() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS (ANXIN_FIELD_KEYS) is not set.")
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


class UndecryptableValue(ImproperlyConfigured):
    """A stored value is no token of the configured keys: a key is missing, or the row was
    written around the application (plain text where a token belongs)."""


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise UndecryptableValue(
            "An encrypted value cannot be decrypted with the configured keys."
        ) from exc


def reencrypt(token: str) -> str:
    """The same plain value under the first configured key (MultiFernet.rotate), so that an old
    key can be removed afterwards. The token's original time stamp is kept."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError) as exc:
        raise UndecryptableValue(
            "An encrypted value cannot be decrypted with the configured keys."
        ) from exc


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash of a normalised value; `purpose` keeps indexes of different fields apart."""
    key = settings.BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("BLIND_INDEX_KEY (ANXIN_BLIND_INDEX_KEY) is not set.")
    message = f"{purpose}:{value}".encode()
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()[:40]


class EncryptedTextField(models.TextField):
    """A text column that holds a Fernet token; Python code only ever sees the plain text.

    Empty values stay empty so that "not given" remains visible without a key. The column cannot
    be filtered or ordered on: use the matching blind-index field for lookups.
    """

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)


class EncryptedJSONField(models.TextField):
    """A JSON value (dict, list, number, text) kept as one Fernet token of its JSON text.

    For structured content that is itself clinical or identifying (an audit event's data, the
    answers to an instrument). Unlike JSONField it cannot be queried into: what lists filter on
    needs its own keyed index or coded column beside it (ADR 0015). NULL stays NULL; every other
    value, an empty dict included, is encrypted, so the column never shows whether it is empty.
    """

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return json.loads(decrypt(value))

    def to_python(self, value):
        # Deserialisation (fixtures, forms) hands over JSON text; Python values pass through.
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def get_prep_value(self, value):
        # Not super(): TextField would turn a dict into its repr.
        if value is None:
            return None
        return encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True,
                                  cls=_LazyTextEncoder))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), ensure_ascii=False, cls=_LazyTextEncoder)


class _LazyTextEncoder(json.JSONEncoder):
    # A lazy translation (or any other Promise) is stored as the text it stands for.
    def default(self, o):
        from django.utils.functional import Promise

        if isinstance(o, Promise):
            return str(o)
        return super().default(o)


def _clear_cache_on_settings_change(**kwargs):
    if kwargs["setting"] == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()


from django.test.signals import setting_changed  # noqa: E402

setting_changed.connect(_clear_cache_on_settings_change)
