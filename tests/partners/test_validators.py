"""The 法人番号 (corporate number): 13 digits, the first a check digit (National Tax Agency)."""

import pytest
from django.core.exceptions import ValidationError

from partners.validators import (
    corporate_check_digit,
    is_valid_corporate_number,
    normalise_corporate_number,
    validate_corporate_number,
)

# The National Tax Agency's own 法人番号, as it publishes it.
NTA = "7000012050002"


def test_the_agencys_own_number_is_valid():
    assert corporate_check_digit(NTA[1:]) == 7
    assert is_valid_corporate_number(NTA)
    validate_corporate_number(NTA)


@pytest.mark.parametrize("base", ["000000000001", "123456789012", "999999999999", "010001008846"])
def test_a_computed_check_digit_makes_a_valid_number(base):
    number = f"{corporate_check_digit(base)}{base}"
    assert is_valid_corporate_number(number)
    # Any other first digit is refused.
    wrong = f"{(int(number[0]) % 9) + 1}{base}"
    assert not is_valid_corporate_number(wrong)


def test_the_check_digit_counts_positions_from_the_right():
    # One base digit at the rightmost (odd) position weighs 1, the next (even) weighs 2.
    assert corporate_check_digit("000000000001") == 9 - 1
    assert corporate_check_digit("000000000010") == 9 - 2
    assert corporate_check_digit("000000000009") == 9  # 9 mod 9 = 0


def test_a_wrong_check_digit_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        validate_corporate_number("1000012050002")
    assert error.value.code == "check_digit"
    assert "検査用数字" in error.value.messages[0]


@pytest.mark.parametrize("value", ["700001205000", "70000120500021", "7"])
def test_a_wrong_length_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_corporate_number(value)
    assert error.value.code == "length"
    assert "13桁" in error.value.messages[0]


def test_letters_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_corporate_number("70000120500O2")
    assert error.value.code == "format"


def test_full_width_digits_hyphens_and_spaces_are_normalised():
    assert normalise_corporate_number("７００００１２０５０００２") == NTA
    assert normalise_corporate_number("7-0000-1205-0002") == NTA
    assert normalise_corporate_number(" 7000 0120 50002 ") == NTA
    validate_corporate_number(normalise_corporate_number("７００００１２０５０００２"))
