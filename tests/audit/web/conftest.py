"""Fixtures of the audit web tests: the web tests' app and clients, and for the browser tests a live
server and Chromium of this package's own."""

import threading

import pytest
from werkzeug.serving import make_server

from tests.web.conftest import (  # noqa: F401  (fixtures shared with the web tests)
    MONDAY_MORNING,
    Browsers,
    LiveServer,
    QuietHandler,
    app,
    as_user,
    client,
    engine,
    installed_database,
    launched_chromium,
    settings,
)
from webforms import create_app
from webforms.cli import add_demo_users
from webforms.composition import build_engine, install
from webforms.settings import Settings

# -- browser tests: a live server and Chromium for this package only --------------------------
# Playwright's sync API runs one instance per thread at a time, so these end with the package,
# before the web tests start theirs.


@pytest.fixture(scope="package")
def audit_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("audit-live")
    chosen = Settings(database_url=f"sqlite:///{folder}/k.db", now=MONDAY_MORNING, secret_key="test")
    built = build_engine(chosen)
    install(built)
    add_demo_users(built)
    web = create_app(chosen, built)
    server = make_server("127.0.0.1", 0, web, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", built)
    server.shutdown()
    thread.join()
    built.db.dispose()


@pytest.fixture(scope="package")
def audit_chromium():
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def audit_browsers(audit_chromium, audit_server):
    opened = Browsers(audit_chromium, audit_server.url)
    yield opened
    for context in opened.contexts:
        context.close()
    assert opened.unexpected() == []
