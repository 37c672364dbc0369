"""Fixtures of the API tests: the web tests' app on a fresh SQLite database with a fixed clock
and the demo users, and clients that carry a personal API token."""

import pytest
from jsonschema import Draft202012Validator

from tests.web.conftest import (  # noqa: F401  (fixtures shared with the web tests)
    MONDAY_MORNING,
    REGISTRATION,
    Client,
    app,
    as_user,
    client,
    engine,
    installed_database,
    settings,
)

API = "/api/v1"


class ApiClient:
    """A test client that sends `Authorization: Bearer <token>` (or nothing, without a token)."""

    def __init__(self, flask_client, token: str | None):
        self.http = flask_client
        self.token = token

    def _headers(self, headers):
        sent = dict(headers or {})
        if self.token is not None:
            sent.setdefault("Authorization", f"Bearer {self.token}")
        return sent

    def get(self, path, headers=None, **kwargs):
        return self.http.get(API + path, headers=self._headers(headers), **kwargs)

    def post(self, path, json=None, headers=None, **kwargs):
        if json is not None:
            kwargs["json"] = json
        return self.http.post(API + path, headers=self._headers(headers), **kwargs)


@pytest.fixture
def api(app, engine):  # noqa: F811  (the fixtures imported above)
    """api("carla") -> a client with a fresh token of carla; api() -> a client without a token."""

    def client_for(login=None):
        token = engine.create_token(login, "test").secret if login else None
        return ApiClient(app.test_client(), token)

    return client_for


def register(api_client, **changes):
    """Register a complaint through the API; returns its reference."""
    response = api_client.post("/complaints", {**REGISTRATION, **changes})
    assert response.status_code == 201, response.json
    return response.json["reference"]


def ready_task(api_client, reference, bpmn_id):
    tasks = api_client.get(f"/instances/{reference}/tasks").json["tasks"]
    found = [t for t in tasks if t["task"] == bpmn_id]
    assert len(found) == 1, [t["task"] for t in tasks]
    return found[0]


def complete(api_client, reference, bpmn_id, **data):
    task = ready_task(api_client, reference, bpmn_id)
    return api_client.post(f"/tasks/{task['id']}/complete", data)


def error_of(response) -> dict:
    """The error object of a refusal, after checking the one shape every error has."""
    assert response.is_json, response.data[:200]
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["fields"], dict)
    return body["error"]


def conforms(spec: dict, method: str, template: str, response) -> None:
    """Check an answer against what the OpenAPI document promises for it (status and body)."""
    answers = spec["paths"][API + template][method.lower()]["responses"]
    code = str(response.status_code)
    assert code in answers, (method, template, code)
    schema = answers[code]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": spec["components"]})
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.get_json())]
    assert not problems, (method, template, problems[:5])
