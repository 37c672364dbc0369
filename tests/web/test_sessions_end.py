"""A session lives in the database (issue 16.1): logout, a new password, deactivation and other
roles end it in every worker at once, and it ends after an absolute lifetime however busy it
is. Each test first replays what an attacker with a saved cookie did."""

from datetime import timedelta

import pytest

from webforms import create_app
from webforms.composition import build_engine
from webforms.signin import ENDED

from .conftest import Client, register

COOKIE = "klacht_sessie"


@pytest.fixture
def second_worker(settings, engine):
    """Another worker process: its own app and engine on the same database, the same clock."""
    other = build_engine(settings)
    other.clock = engine.clock
    app = create_app(settings, other)
    app.config["TESTING"] = True
    yield app
    other.db.dispose()


def saved_cookie(user: Client) -> str:
    return user.http.get_cookie(COOKIE).value


def replay(app, cookie: str) -> Client:
    thief = Client(app.test_client())
    thief.http.set_cookie(COOKIE, cookie)
    return thief


def refused(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/inloggen")


def test_a_cookie_saved_before_logout_opens_nothing_in_any_worker(app, second_worker, engine, as_user):
    reference = register(engine)
    carla = as_user("carla")
    cookie = saved_cookie(carla)
    assert replay(second_worker, cookie).get("/").status_code == 200
    assert carla.post("/uitloggen").status_code == 302
    engine.clock.advance(timedelta(minutes=15))
    for worker in (app, second_worker):
        thief = replay(worker, cookie)
        assert refused(thief.get("/"))
        assert refused(thief.get(f"/klachten/{reference}"))
    thief = replay(second_worker, cookie)
    with thief.http.session_transaction() as session:
        token = session.get("csrf_token")
    comment = thief.http.post(
        f"/klachten/{reference}/opmerking", data={"text": "Na het uitloggen", "csrf_token": token}
    )
    assert comment.status_code in (302, 400) and engine.case_notes(reference) == []


def test_a_busy_session_still_ends_after_its_lifetime(app, engine, as_user):
    carla = as_user("carla")
    for _ in range(24):  # a request every 29 minutes for 11 h 36 min: never idle
        engine.clock.advance(timedelta(minutes=29))
        assert carla.get("/").status_code == 200
    engine.clock.advance(timedelta(minutes=29))  # 12 h 5 min after logging in
    response = carla.get("/klachten/")
    assert refused(response)
    assert ENDED in carla.get(response.location).get_data(as_text=True)
    assert carla.login("carla").status_code == 302
    assert carla.get("/").status_code == 200


def test_the_lifetime_comes_from_the_settings(settings):
    from webforms.settings import Settings

    assert Settings().session_hours == 12
    assert Settings.from_env({"KLACHT_SESSION_HOURS": "8"}).session_hours == 8


@pytest.mark.parametrize(
    "ending",
    [
        lambda engine: engine.change_password("henk", "klacht-demo", "een-nieuw-wachtwoord"),
        lambda engine: engine.reset_password("bram", "henk"),
        lambda engine: engine.deactivate_user("bram", "henk", admin_role="beheerder"),
        lambda engine: engine.update_user(
            "bram",
            "henk",
            name="Henk Jansen",
            function="Procesverantwoordelijke",
            email="henk@example.org",
            roles=["afhandelaar", "contactpersoon"],
            admin_role="beheerder",
        ),
    ],
    ids=["password changed", "password reset", "deactivated", "roles changed"],
)
def test_account_changes_end_every_session_of_the_user(app, second_worker, engine, as_user, ending):
    henk, carla = as_user("henk"), as_user("carla")
    cookie = saved_cookie(henk)
    ending(engine)
    assert refused(henk.get("/"))
    assert refused(replay(second_worker, cookie).get("/"))
    assert carla.get("/").status_code == 200  # other people's sessions go on


def test_a_change_of_name_alone_keeps_the_session(engine, as_user):
    henk = as_user("henk")
    engine.update_user(
        "bram",
        "henk",
        name="Henk J. Jansen",
        function="Procesverantwoordelijke",
        email="henk@example.org",
        roles=["afhandelaar"],
        admin_role="beheerder",
    )
    assert "Henk J. Jansen" in henk.get("/").get_data(as_text=True)
