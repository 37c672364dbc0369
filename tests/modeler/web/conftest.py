"""The web fixtures of tests/web (app, logged-in clients, a live server and Chromium), for the
process owner's pages; this folder gets its own live server, so its complaints number from 1."""

from tests.web.conftest import (  # noqa: F401
    app,
    as_user,
    browsers,
    chromium,
    client,
    engine,
    installed_database,
    live_server,
    settings,
)
