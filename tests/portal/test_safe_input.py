"""The shared checks behind the 400s and the one-line mail subjects."""

from core.safe_input import is_out_of_range_integer, single_line


def test_integers_past_64_bits_and_line_breaks():
    assert is_out_of_range_integer("9223372036854775808")
    assert is_out_of_range_integer(" -9223372036854775809 ")
    assert is_out_of_range_integer("９" * 30)  # int() reads full-width digits too
    assert is_out_of_range_integer("9_223_372_036_854_775_808")
    assert not is_out_of_range_integer("9223372036854775807")
    assert not is_out_of_range_integer("1_000")
    assert not is_out_of_range_integer("_1") and not is_out_of_range_integer("1__0")
    assert not is_out_of_range_integer("-9223372036854775808")
    assert not is_out_of_range_integer("12345678901234567890abc")
    assert single_line("件名\r\nBcc: x@example.jp\u2028続き") == "件名 Bcc: x@example.jp 続き"
