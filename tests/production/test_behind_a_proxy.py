"""Behind a reverse proxy every request comes from the proxy's address. With KLACHT_PROXIES the
app takes the client's address from X-Forwarded-For, so the public form's limit (5 an hour per
address) holds per complainant instead of for all of them together."""

from dataclasses import replace

from tests.web.conftest import (  # noqa: F401  (fixtures: an engine on a fresh installed database)
    REGISTRATION,
    engine,
    installed_database,
    settings,
)
from webforms import create_app
from webforms.settings import Settings

PROXY = "10.0.0.5"
WEBSITE = {k: v for k, v in REGISTRATION.items() if k not in ("channel", "service_employee")}


def file_from(app, client_address: str) -> int:
    answer = app.test_client().post(
        "/api/v1/public/complaints",
        json=WEBSITE,
        headers={"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": PROXY},
    )
    return answer.status_code


def test_klacht_proxies_is_read_from_the_environment():
    assert Settings.from_env({"KLACHT_PROXIES": "1"}).proxies == 1
    assert Settings.from_env({}).proxies == 0


def test_behind_one_proxy_the_limit_counts_per_complainant(settings, engine):  # noqa: F811
    app = create_app(replace(settings, proxies=1), engine)
    assert [file_from(app, "203.0.113.7") for _ in range(6)] == [201] * 5 + [429]
    assert file_from(app, "198.51.100.20") == 201

    # The scheme too: the API page shows its address as the client used it.
    page = app.test_client().get(
        "/api/v1/docs",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"},
        environ_base={"REMOTE_ADDR": PROXY},
    )
    assert page.status_code == 200 and "https://localhost" in page.get_data(as_text=True)


def test_without_the_setting_everyone_behind_the_proxy_shares_one_limit(settings, engine):  # noqa: F811
    app = create_app(settings, engine)
    assert [file_from(app, f"203.0.113.{n}") for n in range(6)] == [201] * 5 + [429]
