"""Two wards committing at the same moment never over-commit (row lock, on PostgreSQL).

CI runs this file in its PostgreSQL pass (.ci/run: DATABASE_URL=postgres://… pytest -m "not
browser"). It runs whenever DATABASE_URL names PostgreSQL, and then fails rather than skips if
the connection is not PostgreSQL's, so a misread URL cannot turn the race test into a skip."""

import os
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from disaster.models import RequestState, SupportRequest
from disaster.services.requests import commitment_make, request_post

from .conftest import make_quake
from .test_flow import NURSES

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))


@pytest.mark.skipif(not ON_POSTGRESQL, reason="row locks need PostgreSQL (DATABASE_URL)")
def test_twenty_simultaneous_commitments_for_five_nurses_never_over_commit(transactional_db):
    assert connection.vendor == "postgresql", "DATABASE_URL names PostgreSQL: the race runs there"
    quake = make_quake()
    request = request_post(author=quake.wajima_member, disaster=quake.disaster, data=NURSES)
    wards = [quake.shinagawa_member, quake.edogawa_member]
    barrier = threading.Barrier(20)
    refused = []

    def attempt(n):
        from django.db import connection as own_connection  # one connection per thread

        try:
            barrier.wait()
            commitment_make(
                user=wards[n % 2], request=request, data={"quantity": 1, "contact": "防災課"}
            )
        except ValidationError as error:
            refused.append(error.error_dict["quantity"][0].code)
        finally:
            own_connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    request = SupportRequest.objects.get(pk=request.pk)
    assert request.commitments.count() == 5
    assert refused == ["over_commit"] * 15
    assert request.state == RequestState.FULFILLED
