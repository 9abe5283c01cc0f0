"""App-free checks for input no part of the portal can use: NUL, numbers past 64 bits, newlines.

(Like `japanese_dates`, this belongs to the shared helpers and imports no app.)
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# The widest integer column (bigint); a number past it is no id, year or page number.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_INTEGER = re.compile(r"\s*[+-]?[0_]*(\d+(?:_\d+)*)\s*")  # int() also reads 1_000
# Whatever a mail client or a header would take as the end of a line.
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def is_out_of_range_integer(value: str) -> bool:
    """True for an integer literal (as int() reads it) that does not fit in 64 bits."""
    match = _INTEGER.fullmatch(value)
    if match is None:
        return False
    if len(match.group(1).replace("_", "")) > 19:  # spares int() reading thousands of digits
        return True
    try:
        number = int(value)
    except ValueError:  # "_1", "1__0": the pattern is looser than int()
        return False
    return not INT64_MIN <= number <= INT64_MAX


def is_unusable(value: str) -> bool:
    """NUL (PostgreSQL refuses any query holding one) or an integer past 64 bits."""
    return "\x00" in value or is_out_of_range_integer(value)


def single_line(value: str) -> str:
    """Line breaks (CR, LF and their Unicode kin) become one space: safe in a mail subject."""
    return _LINE_BREAKS.sub(" ", value).strip()


class SingleLineCharField(forms.CharField):
    """A one-line text (a title, a name): pasted line breaks become spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if value else value


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """An id that cannot be a key is an invalid choice (a form error), not a database error.

    SQLite cannot bind an integer past 64 bits, PostgreSQL no NUL; Django's own check of a
    choice lets both through to the query.
    """

    def _check_values(self, value):
        if isinstance(value, list | tuple):
            model = self.queryset.model
            key = (
                model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
            )
            integer = isinstance(key, models.IntegerField)  # AutoField and BigAutoField too
            for item in value:
                text = str(item)
                if "\x00" in text or (integer and is_out_of_range_integer(text)):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": text[:40]},
                    )
        return super()._check_values(value)
