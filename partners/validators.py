"""法人番号 (corporate number) normalisation and check-digit validation.

The National Tax Agency's rule: 13 digits, the first a check digit over the 12 base digits,
check = 9 - (Σ digit × (1 if its position from the right is odd else 2)) mod 9.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def corporate_check_digit(base: str) -> int:
    """The check digit of the 12 base digits."""
    total = sum(
        int(digit) * (1 if position % 2 else 2)
        for position, digit in enumerate(reversed(base), start=1)
    )
    return 9 - total % 9


def normalise_corporate_number(value: str) -> str:
    """Full-width digits become half-width; spaces and hyphens (as some print it) go."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(value.replace("-", "").replace("ー", "").split())


def is_valid_corporate_number(value: str) -> bool:
    return (
        len(value) == 13
        and value.isascii()
        and value.isdigit()
        and corporate_check_digit(value[1:]) == int(value[0])
    )


def validate_corporate_number(value: str) -> None:
    """For the normalised number (normalise_corporate_number first)."""
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(
            _("法人番号は数字13桁で入力してください（数字以外の文字が含まれています）。"),
            code="format",
        )
    if len(value) != 13:
        raise ValidationError(
            _("法人番号は13桁です（入力は%(length)d桁）。"),
            code="length",
            params={"length": len(value)},
        )
    if not is_valid_corporate_number(value):
        raise ValidationError(
            _(
                "法人番号「%(number)s」の検査用数字（先頭の1桁）が正しくありません。"
                "国税庁法人番号公表サイトで番号を確かめてください。"
            ),
            code="check_digit",
            params={"number": value},
        )
