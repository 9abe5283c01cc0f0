"""File checks run in a child process within fixed limits of time and memory."""

import time

import pytest
from django.core.exceptions import ValidationError

from core.limits import LimitExceeded, run_limited


def _refuse():
    raise ValidationError("読めません", code="broken")


def _hang():
    while True:
        pass


def _hold(megabytes):
    return len(bytearray(megabytes * 1024 * 1024))


def test_the_result_and_the_checks_own_refusal_come_back():
    assert run_limited(sorted, [3, 1, 2]) == [1, 2, 3]
    with pytest.raises(ValidationError) as refused:
        run_limited(_refuse)
    assert refused.value.code == "broken"


def test_a_check_that_runs_on_is_stopped_at_the_deadline():
    started = time.monotonic()
    with pytest.raises(LimitExceeded):
        run_limited(_hang, seconds=0.5)
    assert time.monotonic() - started < 3  # killed, not waited for


def test_a_check_that_takes_too_much_memory_is_stopped():
    assert run_limited(_hold, 16, memory=256 * 1024 * 1024) == 16 * 1024 * 1024
    with pytest.raises(LimitExceeded):
        run_limited(_hold, 1024, memory=256 * 1024 * 1024)
