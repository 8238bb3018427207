"""Mainland mobile numbers, the only contact the public page asks for."""

import re

from django.utils.translation import gettext_lazy as _

# 11 digits: 1, then 3–9 (13x … 19x are the mobile ranges; 10x–12x are not mobile numbers).
MOBILE = re.compile(r"^1[3-9]\d{9}$")
MOBILE_ERROR = _("Enter an 11-digit mainland mobile number starting with 1, e.g. 13800138000.")
_SEPARATORS = re.compile(r"[\s\-()（）]")


def normalise_mobile(raw: str) -> str:
    """Drop spaces, hyphens, brackets and a leading +86 / 0086 / 86."""
    digits = _SEPARATORS.sub("", raw or "")
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix):]
    return digits
