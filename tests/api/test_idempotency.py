"""An Idempotency-Key makes a retried registration safe: the same key and data give the same
complaint, never a second; the same key with other data is refused."""

import threading

from webforms.composition import build_engine

from .conftest import REGISTRATION, error_of


def complaints(engine):
    return engine.instances("klachtafhandeling")


def test_the_same_key_twice_gives_one_complaint_and_the_same_answer(api, engine):
    carla = api("carla")
    key = {"Idempotency-Key": "4b2f1c1e-0e7a-4a34-9d43-1c1f3f0c9a01"}
    first = carla.post("/complaints", REGISTRATION, headers=key)
    again = carla.post("/complaints", REGISTRATION, headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.json
    assert len(complaints(engine)) == 1


def test_the_same_key_with_other_data_is_refused(api, engine):
    carla = api("carla")
    key = {"Idempotency-Key": "once"}
    assert carla.post("/complaints", REGISTRATION, headers=key).status_code == 201
    other = carla.post("/complaints", {**REGISTRATION, "description": "Iets anders."}, headers=key)
    assert other.status_code == 422
    assert error_of(other)["code"] == "idempotency_key_reused"
    invalid = carla.post("/complaints", {"description": ""}, headers=key)
    assert invalid.status_code == 422
    assert len(complaints(engine)) == 1


def test_the_data_is_compared_as_the_form_reads_it(api, engine):
    carla = api("carla")
    key = {"Idempotency-Key": "trimmed"}
    assert carla.post("/complaints", REGISTRATION, headers=key).status_code == 201
    padded = {**REGISTRATION, "complainant_name": f"  {REGISTRATION['complainant_name']} "}
    assert carla.post("/complaints", padded, headers=key).status_code == 200
    assert len(complaints(engine)) == 1


def test_keys_belong_to_one_user(api, engine):
    key = {"Idempotency-Key": "shared"}
    assert api("carla").post("/complaints", REGISTRATION, headers=key).status_code == 201
    assert api("yasmin").post("/complaints", REGISTRATION, headers=key).status_code == 201
    assert len(complaints(engine)) == 2


def test_without_a_key_every_request_registers(api, engine):
    carla = api("carla")
    carla.post("/complaints", REGISTRATION)
    carla.post("/complaints", REGISTRATION)
    assert len(complaints(engine)) == 2


def test_a_malformed_key_is_refused(api, engine):
    carla = api("carla")
    for key in ("x" * 201, "tab\there"):
        response = carla.post("/complaints", REGISTRATION, headers={"Idempotency-Key": key})
        assert response.status_code == 400
        assert "Idempotency-Key" in error_of(response)["fields"]
    assert complaints(engine) == []


def test_starting_any_process_takes_a_key_too(api, engine):
    yasmin = api("yasmin")
    key = {"Idempotency-Key": "proces-1"}
    first = yasmin.post("/processes/klachtafhandeling/instances", REGISTRATION, headers=key)
    again = yasmin.post("/processes/klachtafhandeling/instances", REGISTRATION, headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["reference"] == again.json["reference"]
    assert len(complaints(engine)) == 1


def test_concurrent_requests_with_one_key_make_one_complaint(settings, engine):
    engine.create_token("carla")  # the schema is in place; each thread has its own engine
    results = []

    def register():
        own = build_engine(settings)
        try:
            view, created = own.start_once("klachtafhandeling", "carla", dict(REGISTRATION), "race")
            results.append((view.reference, created))
        finally:
            own.db.dispose()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({reference for reference, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, False, False, True]
    assert len(complaints(engine)) == 1
