"""The quarterly report figures through the API: for the relationship manager and auditors."""

import pytest

from .conftest import error_of, register


@pytest.mark.parametrize("login", ["yasmin", "anna"])
def test_report_readers_get_the_figures(api, login):
    register(api("carla"))
    report = api(login).get("/reports/2026Q4")
    assert report.status_code == 200
    assert report.json["period"]["label"] == "2026Q4"
    assert report.json["received"]["total"] == 1


@pytest.mark.parametrize("login", ["carla", "henk", "pieter", "bram"])
def test_others_may_not_read_reports(api, login):
    response = api(login).get("/reports/2026Q4")
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


@pytest.mark.parametrize(
    "period",
    ["2026Q5", "gisteren", "2026-03-31..2026-01-01", "0001-01-01..0001-01-02", "9999-12-31..9999-12-31"],
)
def test_a_period_it_cannot_read_is_named(api, period):
    response = api("yasmin").get(f"/reports/{period}")
    assert response.status_code == 400
    assert "period" in error_of(response)["fields"]


def test_a_range_of_days_works_too(api):
    assert (
        api("anna").get("/reports/2026-11-01..2026-11-30").json["period"]["label"] == "2026-11-01..2026-11-30"
    )
