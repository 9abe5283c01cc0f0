"""全国地方公共団体コード (JIS X 0402) validation."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    """The JIS X 0402 check digit: weights 6..2, modulus 11, last digit of 11 - remainder."""
    total = sum(int(digit) * weight for digit, weight in zip(first_five, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def is_valid_local_government_code(code: str) -> bool:
    return (
        len(code) == 6
        and code.isascii()
        and code.isdigit()
        and check_digit(code[:5]) == int(code[5])
    )


def validate_local_government_code(value: str) -> None:
    if not (len(value) == 6 and value.isascii() and value.isdigit()):
        raise ValidationError(
            _("全国地方公共団体コードは6桁の半角数字で入力してください。"), code="format"
        )
    if not is_valid_local_government_code(value):
        raise ValidationError(
            _(
                "全国地方公共団体コード「%(code)s」の検査数字が正しくありません（正しくは %(digit)s）。"
            ),
            code="check_digit",
            params={"code": value, "digit": check_digit(value[:5])},
        )
