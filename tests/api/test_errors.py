"""Every mistake gets the one JSON error shape with a Dutch message, and bad input is never a
500: malformed JSON, wrong types, huge numbers, odd unicode, oversized bodies, unknown URLs."""

import pytest

from engine.errors import ConcurrentUpdate, ProcessFailure, TaskAlreadyCompleted

from .conftest import REGISTRATION, error_of, ready_task, register

BAD_BODIES = [
    (b"{bad", "invalid_json"),
    (b"[1, 2]", "invalid_json"),
    (b'"text"', "invalid_json"),
    (b"\xff\xfe{}", "invalid_json"),
    (b'{"complainant_name": NaN}', "invalid_json"),
    (b'{"complainant_name": 1e999}', "invalid_json"),
    (b'{"complainant_name": ' + b"9" * 5000 + b"}", "invalid_json"),
    (b'{"complainant_name": "\\ud800"}', "invalid_json"),
    (b'{"complainant_name": "a\\u0000b"}', "invalid_json"),
    (b"[" * 50_000 + b"]" * 50_000, "invalid_json"),
    (b'{"a": ' * 30 + b"1" + b"}" * 30, "invalid_json"),
    (b'{"complainant_name": ["x"], "description": {"a": 1}, "category": 7}', "invalid_data"),
    (b'{"complainant_name": "\xf0\x9f\x98\x80 \xe2\x80\xae", "description": 12345678901234}', "invalid_data"),
]


@pytest.mark.parametrize(("raw", "code"), BAD_BODIES)
def test_bad_bodies_are_refused_with_a_400(api, engine, raw, code):
    response = api("carla").post("/complaints", data=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.data[:300]
    assert error_of(response)["code"] == code
    assert engine.instances("klachtafhandeling") == []


def test_a_body_without_json_content_type_is_read_as_json(api):
    response = api("carla").post("/complaints", data=b'{"complainant_name": ""}')
    assert response.status_code == 400
    assert "description" in error_of(response)["fields"]


def test_an_oversized_body_is_refused_with_a_413(api, engine):
    huge = {**REGISTRATION, "description": "x" * 600_000}
    response = api("carla").post("/complaints", huge)
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"
    assert engine.instances("klachtafhandeling") == []


def test_odd_but_valid_unicode_is_kept(api, engine):
    name = "Zoë 👩🏽‍⚖️ ‮ Łódź"
    reference = register(api("carla"), complainant_name=name)
    assert engine.instance(reference).data["complainant_name"] == name


def test_wrong_types_in_a_task_form_are_named(api):
    carla = api("carla")
    task = ready_task(carla, register(carla), "akkoord_klager")
    for value in (1, "ja", None, [True], {"x": True}, 10**14):
        response = carla.post(f"/tasks/{task['id']}/complete", {"approved": value})
        assert response.status_code == 400, value
        assert error_of(response)["fields"]["approved"]


@pytest.mark.parametrize(
    "path",
    [
        "/bestaat-niet",
        "/complaints/KL-2026-9999",
        "/complaints/%00",
        "/tasks/%F0%9F%92%A5",
        "/tasks/" + "x" * 300,
    ],
)
def test_unknown_addresses_are_a_json_404(api, path):
    response = api("carla").get(path)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_wrong_method_is_a_json_405(api):
    response = api("carla").http.delete("/api/v1/complaints", headers={"Authorization": "Bearer x"})
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_pages_outside_the_api_keep_their_html_errors(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_engine_refusals_keep_their_dutch_message(api):
    response = api("anna").post("/complaints", REGISTRATION)
    error = error_of(response)
    assert response.status_code == 403
    assert error["message"].startswith("Alleen een gebruiker met de rol")


@pytest.mark.parametrize(
    ("refusal", "status", "code"),
    [
        (ConcurrentUpdate(), 409, "stale"),
        (TaskAlreadyCompleted("henk"), 409, "task_completed"),
        (ProcessFailure("Het proces liep vast: deling door nul"), 422, "process_failure"),
        (RuntimeError("a bug"), 500, "server_error"),
    ],
)
def test_each_kind_of_refusal_has_its_status_and_code(api, engine, monkeypatch, refusal, status, code):
    carla = api("carla")
    task = ready_task(carla, register(carla), "akkoord_klager")

    def refuse(*_args, **_kwargs):
        raise refusal

    monkeypatch.setattr(engine, "complete_task", refuse)
    response = carla.post(f"/tasks/{task['id']}/complete", {"approved": True})
    assert response.status_code == status
    error = error_of(response)
    assert error["code"] == code
    assert "a bug" not in error["message"]
