"""Resident identity numbers (公民身份号码, GB 11643-1999).

18 characters: 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male,
even = female), and an ISO 7064 MOD 11-2 check character. The check-digit arithmetic comes from
python-stdnum; the order of the checks is ours, so each failure gets its own message.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

from .choices import Sex

_SHAPE = re.compile(r"^\d{17}[\dX]$")


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: datetime.date
    sex: str


def normalise(raw: str) -> str:
    """Upper-case (a lower-case x is accepted as X) and strip spaces."""
    return re.sub(r"\s+", "", raw or "").upper()


def parse(raw: str) -> ResidentId:
    number = normalise(raw)
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(count)d."),
            code="id_length", params={"count": len(number)},
        )
    if not _SHAPE.match(number):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or X."), code="id_format"
        )
    try:
        birth_date = datetime.datetime.strptime(number[6:14], "%Y%m%d").date()
    except ValueError:
        raise ValidationError(
            _("The birth date in this ID number (%(digits)s) is not a real date."),
            code="id_date", params={"digits": number[6:14]},
        ) from None
    if birth_date > timezone.localdate() or birth_date.year < 1880:
        raise ValidationError(
            _("The birth date in this ID number (%(date)s) is impossible."),
            code="id_date", params={"date": birth_date.isoformat()},
        )
    if ric.calc_check_digit(number) != number[-1]:
        raise ValidationError(
            _("The check digit of this ID number is wrong: please check each digit."),
            code="id_checksum",
        )
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    return ResidentId(number=number, birth_date=birth_date, sex=sex)


def check_consistency(resident_id: ResidentId, *, birth_date, sex) -> dict[str, ValidationError]:
    """Errors per field where what was entered contradicts the ID number."""
    errors = {}
    if birth_date and birth_date != resident_id.birth_date:
        errors["birth_date"] = ValidationError(
            _("The birth date does not match the ID number, which says %(date)s."),
            code="id_birth_date_mismatch",
            params={"date": resident_id.birth_date.isoformat()},
        )
    if sex and sex != resident_id.sex:
        errors["sex"] = ValidationError(
            _("The sex does not match the ID number, which says %(sex)s."),
            code="id_sex_mismatch", params={"sex": Sex(resident_id.sex).label},
        )
    return errors


def compose(address_code: str, birth_date: datetime.date, sequence: int) -> str:
    """A well-formed number for the given parts (demo data and tests); sequence parity = sex."""
    body = f"{address_code}{birth_date:%Y%m%d}{sequence:03d}"
    # calc_check_digit reads the first 17 characters of a full-length number.
    return body + ric.calc_check_digit(body + "0")
