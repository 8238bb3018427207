"""Resident identity numbers (GB 11643-1999): parsing, checks and consistency with the form.

The valid numbers are the published textbook examples of domain-facts §6, not numbers produced by
the code under test.
"""

import datetime

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.utils import timezone, translation
from django.utils.functional import Promise
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from anxin.clients import identity
from anxin.clients.choices import Sex
from anxin.clients.validation import clean_client_data

PUBLISHED_EXAMPLES = [
    # number, birth date, sex
    ("11010519491231002X", datetime.date(1949, 12, 31), Sex.FEMALE),
    ("440524188001010014", datetime.date(1880, 1, 1), Sex.MALE),
    ("34052419800101001X", datetime.date(1980, 1, 1), Sex.MALE),
    ("513101198201130014", datetime.date(1982, 1, 13), Sex.MALE),
    ("370101190102039973", datetime.date(1901, 2, 3), Sex.MALE),
]


def with_check_digit(body: str) -> str:
    """A 17-digit body completed with its correct MOD 11-2 check character.

    stdnum's calc_check_digit expects a full number and ignores its last character, hence the
    placeholder.
    """
    assert len(body) == 17, body
    return body + ric.calc_check_digit(body + "?")


def error_code(exc: ValidationError) -> str:
    return exc.exception.error_list[0].code


class ParsingPublishedExamples(SimpleTestCase):
    def test_it_shares_the_check_digits_of_the_published_examples(self):
        """The helper that builds test numbers agrees with every textbook check character."""
        for number, _birth_date, _sex in PUBLISHED_EXAMPLES:
            with self.subTest(number=number):
                self.assertEqual(with_check_digit(number[:17]), number)

    def test_it_reads_birth_date_and_sex_from_each_published_example(self):
        """Every textbook example parses, giving the birth date and the sex of its sequence."""
        for number, birth_date, sex in PUBLISHED_EXAMPLES:
            with self.subTest(number=number):
                resident = identity.parse(number)
                self.assertEqual(resident.number, number)
                self.assertEqual(resident.birth_date, birth_date)
                self.assertEqual(resident.sex, sex)

    def test_it_accepts_a_lower_case_x_and_normalises_it_to_upper_case(self):
        """11010519491231002x is the same person as 11010519491231002X."""
        resident = identity.parse("11010519491231002x")
        self.assertEqual(resident.number, "11010519491231002X")
        self.assertEqual(resident.sex, Sex.FEMALE)

    def test_it_accepts_29_february_of_a_leap_year(self):
        """2000-02-29 is a real date (2000 is a leap year: divisible by 400)."""
        resident = identity.parse(with_check_digit("110105" + "20000229" + "002"))
        self.assertEqual(resident.birth_date, datetime.date(2000, 2, 29))

    def test_it_accepts_a_birth_date_of_today(self):
        """A newborn's number, with today's date, is valid: only later dates are impossible."""
        today = timezone.localdate()
        resident = identity.parse(with_check_digit(f"110105{today:%Y%m%d}001"))
        self.assertEqual(resident.birth_date, today)


class RejectingMalformedNumbers(SimpleTestCase):
    def assert_rejected(self, raw: str, code: str) -> ValidationError:
        with self.assertRaises(ValidationError) as caught:
            identity.parse(raw)
        self.assertEqual(error_code(caught), code, raw)
        return caught.exception

    def test_it_rejects_a_wrong_check_digit(self):
        """The last character of 11010519491231002X changed to 1 → id_checksum."""
        self.assert_rejected("110105194912310021", "id_checksum")

    def test_it_rejects_a_29_february_of_a_common_year(self):
        """1900 is not a leap year; the check digit is right, so only the date is wrong."""
        self.assert_rejected(with_check_digit("110105" + "19000229" + "002"), "id_date")

    def test_it_rejects_a_future_birth_date(self):
        """A birth date after today is impossible, even with a correct check digit."""
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        self.assert_rejected(with_check_digit(f"110105{tomorrow:%Y%m%d}002"), "id_date")

    def test_it_rejects_a_wrong_length(self):
        """17 and 19 characters are both refused as id_length."""
        for raw in ("11010519491231002", "11010519491231002X0", "110105491231002"):
            with self.subTest(raw=raw):
                self.assert_rejected(raw, "id_length")

    def test_it_rejects_letters_inside_the_number(self):
        """Only the last character may be X; other letters are refused as id_format."""
        for raw in ("11010519491231A02X", "X10105194912310021", "1101051949123100XX",
                    "11010519491231002Y"):
            with self.subTest(raw=raw):
                self.assert_rejected(raw, "id_format")

    def test_it_explains_errors_in_translatable_messages(self):
        """Messages are lazy translations, rendered in the active language (here English)."""
        exc = self.assert_rejected("110105194912310021", "id_checksum")
        self.assertIsInstance(exc.message, Promise)
        with translation.override("en"):
            self.assertIn("check digit", " ".join(exc.messages))


class CheckingTheFormAgainstTheNumber(SimpleTestCase):
    def clean(self, **data) -> dict:
        return clean_client_data({"name": "李秀兰", **data})

    def field_error(self, field: str, **data) -> str:
        with self.assertRaises(ValidationError) as caught:
            self.clean(**data)
        self.assertIn(field, caught.exception.error_dict)
        return caught.exception.error_dict[field][0].code

    def test_it_derives_birth_date_and_sex_when_not_given(self):
        """Only the ID number entered: birth date and sex come from it."""
        data = self.clean(id_number="440524188001010014")
        self.assertEqual(data["birth_date"], datetime.date(1880, 1, 1))
        self.assertEqual(data["sex"], Sex.MALE)

    def test_it_stores_the_number_in_upper_case(self):
        """A lower-case x entered in the form is saved as X."""
        data = self.clean(id_number="11010519491231002x")
        self.assertEqual(data["id_number"], "11010519491231002X")

    def test_it_accepts_birth_date_and_sex_that_agree_with_the_number(self):
        """Entered values that match the number pass unchanged."""
        data = self.clean(id_number="11010519491231002X", sex=Sex.FEMALE,
                          birth_date=datetime.date(1949, 12, 31))
        self.assertEqual(data["sex"], Sex.FEMALE)

    def test_it_refuses_a_sex_that_contradicts_the_number(self):
        """Sequence 002 is even, so a male entry is an error on the sex field."""
        code = self.field_error("sex", id_number="11010519491231002X", sex=Sex.MALE)
        self.assertEqual(code, "id_sex_mismatch")

    def test_it_refuses_a_birth_date_that_contradicts_the_number(self):
        """The number says 1949-12-31; another date is an error on the birth date field."""
        code = self.field_error("birth_date", id_number="11010519491231002X",
                                birth_date=datetime.date(1949, 12, 30))
        self.assertEqual(code, "id_birth_date_mismatch")

    def test_it_puts_number_errors_on_the_id_number_field(self):
        """A bad check digit is reported on id_number, with an English text under override."""
        with self.assertRaises(ValidationError) as caught:
            self.clean(id_number="110105194912310021")
        errors = caught.exception.error_dict
        self.assertEqual(list(errors), ["id_number"])
        self.assertEqual(errors["id_number"][0].code, "id_checksum")
        with translation.override("en"):
            self.assertIn("check digit", " ".join(caught.exception.message_dict["id_number"]))


address_codes = st.text(alphabet="0123456789", min_size=6, max_size=6)
birth_dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31))
sequences = st.integers(min_value=0, max_value=999)


class ComposingAndParsingAnyNumber(SimpleTestCase):
    def test_it_composes_the_published_examples_from_their_parts(self):
        """Address, date and sequence of each textbook example give back the whole number."""
        for number, birth_date, _sex in PUBLISHED_EXAMPLES:
            with self.subTest(number=number):
                composed = identity.compose(number[:6], birth_date, int(number[14:17]))
                self.assertEqual(composed, number)

    @settings(max_examples=300, deadline=None)
    @given(address_code=address_codes, birth_date=birth_dates, sequence=sequences)
    def test_it_parses_a_composed_number_back_to_its_date_and_sex(
        self, address_code, birth_date, sequence
    ):
        """Any address, any real date 1900..2020 and any sequence round-trip; odd = male."""
        number = identity.compose(address_code, birth_date, sequence)
        resident = identity.parse(number)
        self.assertEqual(resident.birth_date, birth_date)
        self.assertEqual(resident.sex, Sex.MALE if sequence % 2 else Sex.FEMALE)

    @settings(max_examples=300, deadline=None)
    @given(address_code=address_codes, birth_date=birth_dates, sequence=sequences,
           position=st.integers(min_value=0, max_value=16),
           shift=st.integers(min_value=1, max_value=9))
    def test_it_detects_any_single_changed_digit(
        self, address_code, birth_date, sequence, position, shift
    ):
        """MOD 11-2 catches every single-digit substitution (or the date becomes impossible)."""
        number = with_check_digit(f"{address_code}{birth_date:%Y%m%d}{sequence:03d}")
        identity.parse(number)
        changed = str((int(number[position]) + shift) % 10)
        tampered = number[:position] + changed + number[position + 1:]
        with self.assertRaises(ValidationError) as caught:
            identity.parse(tampered)
        self.assertIn(error_code(caught), {"id_checksum", "id_date"})
