"""Field encryption (Fernet, rotating keys) and the keyed blind index."""

import secrets

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, override_settings

from anxin.core import crypto

ID_NUMBER = "11010519491231002X"


def new_key() -> str:
    return Fernet.generate_key().decode()


class EncryptingAValue(SimpleTestCase):
    def test_it_decrypts_what_it_encrypted(self):
        """Round trip of ASCII and Chinese text."""
        for plain in (ID_NUMBER, "成都市武侯区玉林西路17号附3号", "x"):
            with self.subTest(plain=plain):
                self.assertEqual(crypto.decrypt(crypto.encrypt(plain)), plain)

    def test_it_hides_the_plain_text_in_the_token(self):
        """The token neither contains the value nor repeats itself for the same value."""
        first, second = crypto.encrypt(ID_NUMBER), crypto.encrypt(ID_NUMBER)
        self.assertNotIn(ID_NUMBER, first)
        self.assertNotIn("19491231", first)
        self.assertNotEqual(first, second)

    def test_it_refuses_a_token_from_an_unknown_key(self):
        """A value encrypted under a key that is not configured cannot be read."""
        foreign = Fernet(new_key().encode()).encrypt(b"secret").decode()
        with self.assertRaises(ImproperlyConfigured):
            crypto.decrypt(foreign)

    @override_settings(FIELD_ENCRYPTION_KEYS=[])
    def test_it_refuses_to_work_without_a_key(self):
        """No configured key is a configuration error, never plain-text storage."""
        with self.assertRaises(ImproperlyConfigured):
            crypto.encrypt("secret")

    def test_it_keeps_empty_values_empty_in_the_column(self):
        """"Not given" stays visible without a key; anything else is stored as a token."""
        field = crypto.EncryptedTextField()
        self.assertEqual(field.get_prep_value(""), "")
        self.assertIsNone(field.get_prep_value(None))
        token = field.get_prep_value(ID_NUMBER)
        self.assertNotEqual(token, ID_NUMBER)
        self.assertEqual(field.from_db_value(token, None, None), ID_NUMBER)


class RotatingKeys(SimpleTestCase):
    def setUp(self):
        self.old, self.new = new_key(), new_key()

    def test_it_reads_old_data_after_a_new_key_is_put_first(self):
        """FIELD_ENCRYPTION_KEYS=[new, old]: old tokens still decrypt; new ones use the new key."""
        with override_settings(FIELD_ENCRYPTION_KEYS=[self.old]):
            old_token = crypto.encrypt(ID_NUMBER)
        with override_settings(FIELD_ENCRYPTION_KEYS=[self.new, self.old]):
            self.assertEqual(crypto.decrypt(old_token), ID_NUMBER)
            new_token = crypto.encrypt(ID_NUMBER)
        self.assertEqual(Fernet(self.new.encode()).decrypt(new_token.encode()).decode(),
                         ID_NUMBER)

    def test_it_cannot_read_old_data_once_the_old_key_is_dropped(self):
        """With only the new key configured, a token of the old key is unreadable."""
        with override_settings(FIELD_ENCRYPTION_KEYS=[self.old]):
            old_token = crypto.encrypt(ID_NUMBER)
        with (override_settings(FIELD_ENCRYPTION_KEYS=[self.new]),
              self.assertRaises(ImproperlyConfigured)):
            crypto.decrypt(old_token)

    def test_it_forgets_overridden_keys_when_the_setting_changes_back(self):
        """The cached key set follows the setting: leaving the override restores the test keys."""
        with override_settings(FIELD_ENCRYPTION_KEYS=[self.old]):
            overridden_token = crypto.encrypt(ID_NUMBER)
        default_token = crypto.encrypt(ID_NUMBER)
        self.assertEqual(crypto.decrypt(default_token), ID_NUMBER)
        with self.assertRaises(ImproperlyConfigured):
            crypto.decrypt(overridden_token)


class BlindIndex(SimpleTestCase):
    def test_it_is_deterministic(self):
        """The same value and purpose always give the same index."""
        self.assertEqual(crypto.blind_index(ID_NUMBER, purpose="id_number"),
                         crypto.blind_index(ID_NUMBER, purpose="id_number"))

    def test_it_does_not_contain_the_value(self):
        """The index reveals nothing of the number."""
        index = crypto.blind_index(ID_NUMBER, purpose="id_number")
        self.assertNotIn("19491231", index)
        self.assertNotEqual(index, ID_NUMBER)

    def test_it_differs_per_value(self):
        """Two numbers give two indexes."""
        self.assertNotEqual(crypto.blind_index(ID_NUMBER, purpose="id_number"),
                            crypto.blind_index("440524188001010014", purpose="id_number"))

    def test_it_differs_per_purpose(self):
        """A phone index and an ID index of the same digits cannot be matched to each other."""
        self.assertNotEqual(crypto.blind_index("13912345678", purpose="phone"),
                            crypto.blind_index("13912345678", purpose="id_number"))

    def test_it_differs_per_key(self):
        """Without the key, an index cannot be recomputed from a guessed value."""
        default = crypto.blind_index(ID_NUMBER, purpose="id_number")
        with override_settings(BLIND_INDEX_KEY=secrets.token_hex(32)):
            other = crypto.blind_index(ID_NUMBER, purpose="id_number")
        self.assertNotEqual(default, other)
        self.assertEqual(crypto.blind_index(ID_NUMBER, purpose="id_number"), default)

    @override_settings(BLIND_INDEX_KEY="")
    def test_it_refuses_to_work_without_a_key(self):
        """An unkeyed hash of an ID number could be brute-forced: no key is an error."""
        with self.assertRaises(ImproperlyConfigured):
            crypto.blind_index(ID_NUMBER, purpose="id_number")
