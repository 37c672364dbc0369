"""Property-based: schemathesis runs every operation of the OpenAPI document against the live app
(WSGI, in-process) with generated requests, and finds no 500 and no answer that breaks the
document. Kept small (a few examples per operation) so the whole file runs in well under a minute."""

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

from process import FormCatalog
from tests.hostile.payloads import SCALE
from webforms import create_app
from webforms.api.openapi import document
from webforms.composition import build_engine
from webforms.settings import Settings

from .conftest import MONDAY_MORNING, REGISTRATION

EXAMPLES_PER_OPERATION = 12 * SCALE
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.ignored_auth,
]


@pytest.fixture(scope="module")
def live(installed_database, tmp_path_factory):
    """One app for the module, with a complaint in it and a token of the relationship manager."""
    folder = tmp_path_factory.mktemp("schemathesis")
    shutil.copyfile(installed_database, folder / "k.db")
    config = Settings(database_url=f"sqlite:///{folder}/k.db", now=MONDAY_MORNING, secret_key="test-sleutel")
    engine = build_engine(config)
    engine.start("klachtafhandeling", "yasmin", dict(REGISTRATION))
    app = create_app(config, engine)
    yield app, engine.create_token("yasmin", "schemathesis").secret
    engine.db.dispose()


@pytest.fixture(scope="module")
def api_schema(live):
    app, _token = live
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


SPEC = document(FormCatalog())
OPERATIONS = [(method.upper(), path) for path, item in SPEC["paths"].items() for method in item]
# Negative data needs something to break: a body, or a query or header parameter with a schema.
NEGATABLE = [
    (method.upper(), path)
    for path, item in SPEC["paths"].items()
    for method, operation in item.items()
    if "requestBody" in operation or any(p["in"] != "path" for p in operation.get("parameters", ()))
]
CASES = [(*operation, GenerationMode.POSITIVE) for operation in OPERATIONS] + [
    (*operation, GenerationMode.NEGATIVE) for operation in NEGATABLE
]


@pytest.mark.parametrize(("method", "path", "mode"), CASES, ids=str)
def test_no_operation_answers_with_a_500_or_against_the_document(api_schema, live, method, path, mode):
    _app, token = live
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    answers_as_documented()
