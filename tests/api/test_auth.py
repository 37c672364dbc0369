"""Who may call the API: a personal token (Bearer), never a session cookie; revoked tokens stop
working at once; tokens are made and revoked on a web page (CSRF-protected) or the command line."""

import re

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from engine.models import ApiToken
from webforms.api.openapi import document
from webforms.cli import main

from .conftest import API, REGISTRATION, error_of

TOKEN = re.compile(r"kl_[A-Za-z0-9_-]{40,}")


def token_operations(engine):
    spec = document(engine.plugin.forms)
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if operation.get("security") != []:
                yield method, path.replace("{", "").replace("}", "")


def test_every_operation_behind_a_token_refuses_a_request_without_one(app, engine, api):
    anonymous = api()
    operations = list(token_operations(engine))
    assert len(operations) >= 14
    for method, path in operations:
        response = getattr(anonymous.http, method)(path)
        assert response.status_code == 401, (method, path, response.status_code)
        assert error_of(response)["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header", ["Bearer kl_not-a-token", "Bearer ", "Basic Y2FybGE6a2xhY2h0LWRlbW8=", "kl_abc", "Bearer 💥"]
)
def test_an_unknown_or_malformed_token_is_refused(api, header):
    response = api().get("/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert error_of(response)["code"] in ("unauthorized", "invalid_token")


def test_a_token_acts_with_its_users_roles(api):
    me = api("yasmin").get("/me")
    assert me.status_code == 200
    assert me.json["login"] == "yasmin"
    assert set(me.json["roles"]) == {"relatiemanager", "afhandelaar", "contactpersoon"}


def test_a_revoked_token_stops_working_at_once(api, engine):
    carla = api("carla")
    assert carla.get("/me").status_code == 200
    (token,) = engine.api_tokens("carla")
    engine.revoke_token(token.id)
    response = carla.get("/me")
    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_token"


def test_a_logged_in_browser_session_does_not_authenticate_the_api(as_user):
    browser = as_user("carla")
    assert browser.get("/").status_code == 200  # the session works for the web pages
    write = browser.http.post(f"{API}/complaints", json=REGISTRATION)
    read = browser.http.get(f"{API}/complaints")
    assert write.status_code == read.status_code == 401
    assert error_of(write)["code"] == "unauthorized"


def test_only_the_hash_of_a_token_is_stored(engine):
    made = engine.create_token("carla", "CRM")
    with engine.db.read() as session:
        stored = session.scalars(select(ApiToken)).all()
    assert [row.name for row in stored] == ["CRM"]
    assert made.secret not in {row.token_hash for row in stored}
    assert engine.token_user(made.secret).login == "carla"


def test_using_a_token_is_noted_on_it(engine, api):
    assert engine.api_tokens("henk") == []
    api("henk").get("/me")
    (token,) = engine.api_tokens("henk")
    assert token.last_used_at == engine.clock.now()


def test_the_token_page_shows_a_new_token_once_and_revokes_it(as_user, api, engine):
    browser = as_user("henk")
    made = browser.post("/api-tokens/", {"name": "CRM-koppeling"})
    assert made.status_code == 200
    assert made.headers["Cache-Control"] == "no-store"
    secret = TOKEN.search(made.get_data(as_text=True)).group(0)
    assert api().get("/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200

    listing = browser.get("/api-tokens/").get_data(as_text=True)
    assert "CRM-koppeling" in listing and secret not in listing

    (token,) = engine.api_tokens("henk")
    revoked = browser.post(f"/api-tokens/{token.id}/intrekken", follow_redirects=True)
    assert "ingetrokken" in revoked.get_data(as_text=True)
    assert api().get("/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_the_token_page_needs_a_login_and_a_csrf_token(client, as_user, engine):
    assert client.get("/api-tokens/").status_code == 302  # to the login page
    browser = as_user("henk")
    assert browser.post("/api-tokens/", {"name": "x"}, csrf=False).status_code == 400
    assert engine.api_tokens("henk") == []


def test_nobody_revokes_someone_elses_token_on_the_page(as_user, engine):
    other = engine.create_token("carla", "van carla").token
    response = as_user("henk").post(f"/api-tokens/{other.id}/intrekken")
    assert response.status_code == 404
    assert engine.api_tokens("carla")[0].active


def test_a_token_name_longer_than_the_form_allows_is_refused_on_the_page(as_user, engine):
    response = as_user("henk").post("/api-tokens/", {"name": "x" * 201})
    assert response.status_code == 400
    assert engine.api_tokens("henk") == []


def test_the_command_line_creates_lists_and_revokes_tokens(settings, engine, api):
    runner = CliRunner()
    database = ["--db", settings.database_url]
    created = runner.invoke(main, [*database, "tokens", "create", "carla", "--name", "website"])
    assert created.exit_code == 0, created.output
    secret = created.output.strip()
    assert TOKEN.fullmatch(secret)
    assert api().get("/me", headers={"Authorization": f"Bearer {secret}"}).json["login"] == "carla"

    listed = runner.invoke(main, [*database, "--json", "tokens", "list", "carla"])
    assert listed.exit_code == 0 and '"name": "website"' in listed.output and secret not in listed.output

    token_id = engine.api_tokens("carla")[0].id
    revoked = runner.invoke(main, [*database, "tokens", "revoke", str(token_id)])
    assert revoked.exit_code == 0, revoked.output
    assert api().get("/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_the_command_line_refuses_tokens_for_unknown_users_and_unknown_ids(settings):
    runner = CliRunner()
    database = ["--db", settings.database_url]
    assert runner.invoke(main, [*database, "tokens", "create", "niemand"]).exit_code == 2
    assert runner.invoke(main, [*database, "tokens", "revoke", "999"]).exit_code == 2
    assert runner.invoke(main, [*database, "tokens", "revoke", str(2**70)]).exit_code == 2
    assert runner.invoke(main, [*database, "tokens", "revoke", str(2**31)]).exit_code == 2
