"""The API's HTTP rules on small data the tests build (no fixtures)."""

import pytest
from django.test import override_settings

from agreements.models import AgreementBody
from opendata import changes
from opendata.csv import safe_cell
from tests.factories import make_municipality, make_prefecture


@override_settings(OPENDATA_RATE_LIMIT="3/min")
def test_an_address_over_the_rate_limit_gets_a_clear_429(db, api):
    make_prefecture("01", "北海道")
    for _ in range(3):
        assert api.get("/api/v1/prefectures/").status_code == 200
    response = api.get("/api/v1/prefectures/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "3/min" in response.json()["detail"] and "秒後" in response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"
    # Another address has its own allowance.
    assert api.get("/api/v1/prefectures/", REMOTE_ADDR="192.0.2.9").status_code == 200


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("x")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_a_spreadsheet_would_run_are_defused(dangerous):
    assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("白糠町") == "白糠町"


def test_a_formula_in_the_record_reaches_the_csv_as_text(db, api):
    hokkaido = make_prefecture("01", "北海道")
    make_municipality("=cmd|'/c calc'!A1", prefecture=hokkaido, code="016683")
    content = api.get("/api/v1/municipalities/?format=csv").content.decode("utf-8-sig")
    assert "'=cmd" in content
    assert "\n=cmd" not in content and ",=cmd" not in content


def test_a_change_outside_the_record_does_not_count(db):
    from members.models import User

    assert not changes.is_public(User)
    assert changes.is_public(AgreementBody)
