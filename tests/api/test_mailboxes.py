"""The public form, the staff registration page and the API take one mailbox only (issue 16.3)."""

from .conftest import REGISTRATION, error_of

LIST = "me@example.org,=?utf-8?q?victim1=40elsewhere.example?=,=?utf-8?q?victim2=40elsewhere.example?="
PUBLIC = {k: v for k, v in REGISTRATION.items() if k not in ("channel", "service_employee")}


def test_the_public_form_refuses_a_list_of_addresses_in_dutch(client, engine):
    response = client.post("/klacht-indienen", {**PUBLIC, "complainant_email": LIST})
    assert response.status_code == 400
    assert "Vul één geldig e-mailadres in" in response.get_data(as_text=True)
    assert engine.instances("klachtafhandeling") == []


def test_the_registration_page_refuses_root_plus_an_address(as_user, engine):
    carla = as_user("carla")
    response = carla.post("/klachten/nieuw", {**REGISTRATION, "complainant_email": "root,jan@example.org"})
    assert response.status_code == 400
    assert "Vul één geldig e-mailadres in" in response.get_data(as_text=True)
    assert engine.instances("klachtafhandeling") == []


def test_the_api_refuses_a_list_with_the_error_shape(api, engine):
    response = api("carla").post("/complaints", {**REGISTRATION, "complainant_email": LIST})
    assert response.status_code == 400
    assert "één geldig e-mailadres" in error_of(response)["fields"]["complainant_email"]
    response = api().post("/public/complaints", {**PUBLIC, "complainant_email": LIST})
    assert "complainant_email" in error_of(response)["fields"]
    assert engine.instances("klachtafhandeling") == []
