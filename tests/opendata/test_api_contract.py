"""The open data API keeps the contract its OpenAPI document states (schemathesis).

Every operation of /api/v1/schema/ is called in process (the Django WSGI application, no server)
with the cases schemathesis derives from the document: the boundaries and the wrong values of
each parameter (its coverage phase: `page=0`, `?format=AAA`, an id of `0.5`, unexpected methods)
and five generated ones (fuzzing), from a fixed seed, so each run sends the same ~1,100 requests.
The shipped record is loaded, so lists and records have rows to describe. A case fails when its
response is a 5xx, a status its operation does not document, a body that does not match the
documented schema, or a content type the operation does not document.

Not checked: that every value the document allows is accepted (schemathesis'
positive_data_acceptance). The filters whose choices come from the record (`?year=`,
`?fiscal_year=`, `?prefecture=`) are documented as integers or strings, and a year with no entry
is a 400 naming the parameter.

The schema is loaded when the module is imported (generating it reads no table), so each
operation is a test of its own and pytest-xdist shares them out.
"""

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

CONFIG = {
    "seed": 20,
    "generation": {"max-examples": 5, "deterministic": True, "database": "none"},
    "phases": {
        "examples": {"enabled": True},
        "coverage": {"enabled": True},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},
    },
}


schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/?format=json",
    get_wsgi_application(),
    config=SchemathesisConfig.from_dict(CONFIG),
)


@pytest.fixture(autouse=True)
def _one_client_many_calls(settings):
    # A client calling every operation from one address is not the one the rate limit is for.
    settings.OPENDATA_RATE_LIMIT = "100000/min"


@pytest.fixture(autouse=True)
def _the_tests_connection_stays_open():
    """The WSGI handler closes the database connection when a request ends (Django's test
    client keeps it from doing so): on PostgreSQL that would end the test's transaction, and
    with it the shipped record, after the first case."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
# The shipped record is loaded once per operation and only read: no case writes.
@hypothesis.settings(suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
def test_every_operation_answers_as_its_document_says(case, shipped_data):
    # The WSGI transport asks for gzip but does not decompress (a real client does, and
    # tests/portal/test_compression.py checks the gzipped bodies): the contract is the content.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
