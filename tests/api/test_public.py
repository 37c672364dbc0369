"""The complainant's endpoints, without a token: file a complaint from a website (rate limited
like the public form) and read its status with the personal status-link token."""

from datetime import timedelta

from .conftest import REGISTRATION, error_of

FROM_WEBSITE = {k: v for k, v in REGISTRATION.items() if k not in ("channel", "service_employee")}


def test_a_complainant_files_a_complaint_without_a_token(api, engine):
    response = api().post("/public/complaints", FROM_WEBSITE)
    assert response.status_code == 201
    body = response.json
    complaint = engine.instance(body["reference"])
    assert complaint.data["channel"] == "website" and complaint.started_by == "klager"
    assert body["status_url"].endswith(body["status_token"])
    assert [link["title"] for link in body["answer_links"]] == ["Klachtenformulier goedkeuren"]


def test_the_public_form_has_no_staff_fields(api, engine):
    response = api().post(
        "/public/complaints", {**FROM_WEBSITE, "service_employee": "henk", "channel": "brief"}
    )
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"service_employee", "channel"}
    assert engine.instances("klachtafhandeling") == []


def test_an_incomplete_public_complaint_names_the_fields(api):
    response = api().post("/public/complaints", {"complainant_name": "Jan"})
    assert response.status_code == 400
    assert {"description", "category"} <= set(error_of(response)["fields"])


def test_filing_is_rate_limited_together_with_the_web_form(api, client):
    for _ in range(4):
        assert api().post("/public/complaints", FROM_WEBSITE).status_code == 201
    web = client.post("/klacht-indienen", {**FROM_WEBSITE})
    assert web.status_code == 302
    refused = api().post("/public/complaints", FROM_WEBSITE)
    assert refused.status_code == 429
    assert error_of(refused)["code"] == "too_many_requests"


def test_the_status_token_shows_where_the_complaint_is(api):
    filed = api().post("/public/complaints", FROM_WEBSITE).json
    status = api().get(f"/public/status/{filed['status_token']}")
    assert status.status_code == 200
    body = status.json
    assert body["reference"] == filed["reference"]
    assert body["phase"] == "Controle van het klachtenformulier"
    assert [p["state"] for p in body["phases"]][:3] == ["done", "current", "todo"]
    assert {a["field"] for a in body["registered"]} <= {
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "description",
        "channel",
        "category",
    }


def test_a_forged_token_finds_nothing_and_an_old_one_has_expired(api, engine):
    filed = api().post("/public/complaints", FROM_WEBSITE).json
    forged = api().get(f"/public/status/{filed['status_token']}x")
    assert forged.status_code == 404 and error_of(forged)["code"] == "not_found"
    engine.clock.set(engine.clock.now() + timedelta(days=366))
    expired = api().get(f"/public/status/{filed['status_token']}")
    assert expired.status_code == 410 and error_of(expired)["code"] == "link_expired"
