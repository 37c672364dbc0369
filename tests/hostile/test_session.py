"""The staff session: a new one at every login (nothing from before it carries over, and a cookie
captured before it gives no access), gone at logout, and over after KLACHT_IDLE_MINUTES without a
request (in the engine's time: the tests move its clock). The API's tokens are not sessions."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webforms.settings import Settings
from webforms.signin import IDLE_EXPIRED, LAST_SEEN

from .conftest import API, REGISTRATION, bearer
from .payloads import ATTACKS, fast, hostile_text, no_server_error

COOKIE = "klacht_sessie"


def cookie_of(user) -> str | None:
    found = user.http.get_cookie(COOKIE)
    return found.value if found else None


def with_cookie(app, value):
    """A new client that presents `value` as its session cookie (a stolen or planted one)."""
    client = app.test_client()
    client.set_cookie(COOKIE, value)
    return client


def test_logging_in_gives_a_new_session(open_app, anonymous):
    visitor = anonymous()
    visitor.get("/inloggen")
    with visitor.http.session_transaction() as session:
        session["geplant"] = "door een aanvaller"  # e.g. a shared computer, or a planted cookie
    before = cookie_of(visitor)
    old_form_token = visitor.token()
    assert visitor.login("carla").status_code == 302
    after = cookie_of(visitor)
    assert before and after and before != after
    with visitor.http.session_transaction() as session:
        assert "geplant" not in session  # the session was cleared before logging in
        assert session["_user_id"] == "carla"
    # The CSRF token of the session before the login is worth nothing after it.
    stale = visitor.http.post("/api-tokens/", data={"name": "x", "csrf_token": old_form_token})
    assert stale.status_code == 400
    assert visitor.post("/api-tokens/", {"name": "x"}).status_code == 200


def test_a_cookie_from_before_the_login_gives_no_access(open_app, anonymous):
    visitor = anonymous()
    visitor.get("/inloggen")
    captured = cookie_of(visitor)
    visitor.login("carla")
    assert visitor.get("/").status_code == 200
    thief = with_cookie(open_app, captured)
    response = thief.get("/")
    assert response.status_code == 302 and "/inloggen" in response.location


def test_a_login_is_not_inherited_by_the_next_user_of_the_session(open_app, anonymous):
    shared = anonymous()
    shared.login("carla")
    shared.post("/uitloggen")
    shared._token = None  # the session, and its CSRF token, went with the logout
    with shared.http.session_transaction() as session:
        assert "_user_id" not in session and LAST_SEEN not in session
    assert shared.get("/").status_code == 302
    shared.login("henk")
    assert "Henk Jansen" in shared.get("/").get_data(as_text=True)


@fast(40)
@given(
    value=st.one_of(
        hostile_text(max_size=60),
        st.sampled_from(ATTACKS),
        st.text("abcdefghijklmnopqrstuvwxyz0123456789._-", max_size=120),
        st.just("eyJfdXNlcl9pZCI6ImNhcmxhIn0.aaaa.bbbb"),  # {"_user_id":"carla"} without a valid signature
    )
)
def test_a_forged_session_cookie_gives_no_access(open_app, value):
    client = with_cookie(open_app, value.encode("utf-8", "replace").decode("latin-1"))
    response = client.get("/")
    no_server_error(response, value)
    assert response.status_code == 302 and "/inloggen" in response.location


# -- idle sessions -------------------------------------------------------------------------


def test_the_default_idle_time_is_half_an_hour_and_configurable():
    assert Settings().idle_minutes == 30
    assert Settings.from_env({}).idle_minutes == 30
    assert Settings.from_env({"KLACHT_IDLE_MINUTES": "5"}).idle_minutes == 5


def test_an_idle_session_ends_with_a_dutch_message(engine, staff):
    carla = staff("carla")
    engine.clock.advance(timedelta(minutes=29))
    assert carla.get("/klachten/").status_code == 200  # still in time; this request counts
    engine.clock.advance(timedelta(minutes=30, seconds=1))
    response = carla.get("/klachten/?status=open")
    assert response.status_code == 302
    assert response.location == "/inloggen?next=/klachten/?status%3Dopen"
    login_page = carla.get(response.location)
    assert IDLE_EXPIRED in login_page.get_data(as_text=True)
    assert carla.get("/").status_code == 302  # logged out, not just redirected once
    assert carla.login("carla").status_code == 302
    assert carla.get("/").status_code == 200


def test_activity_keeps_a_session_alive(engine, staff):
    carla = staff("carla")
    for _ in range(12):  # six hours, a request every half hour
        engine.clock.advance(timedelta(minutes=30))
        assert carla.get("/").status_code == 200


def test_an_idle_session_cannot_write(engine, staff):
    carla = staff("carla")
    reference = engine.start("klachtafhandeling", "carla", dict(REGISTRATION)).reference
    carla.token()  # the form was opened in time
    engine.clock.advance(timedelta(hours=2))
    response = carla.post(f"/klachten/{reference}/opmerking", {"text": "Na de lunch."})
    assert response.status_code == 302 and response.location == "/inloggen"
    assert engine.case_notes(reference) == []


def test_a_captured_cookie_stops_working_when_the_session_is_idle(open_app, engine, staff):
    captured = cookie_of(staff("carla"))
    assert with_cookie(open_app, captured).get("/").status_code == 200
    engine.clock.advance(timedelta(minutes=31))
    assert with_cookie(open_app, captured).get("/").status_code == 302


def test_the_idle_time_comes_from_the_settings(open_app, engine, staff):
    open_app.extensions["klacht_settings"] = Settings(idle_minutes=5)
    carla = staff("carla")
    engine.clock.advance(timedelta(minutes=6))
    assert carla.get("/").status_code == 302


def test_a_clock_set_back_does_not_end_a_session(engine, staff):
    carla = staff("carla")
    engine.clock.advance(timedelta(days=-3))
    assert carla.get("/").status_code == 200


def test_the_api_token_is_not_a_session(open_app, engine, token):
    secret = token("yasmin")
    engine.clock.advance(timedelta(hours=10))
    response = open_app.test_client().get(f"{API}/tasks", headers=bearer(secret))
    assert response.status_code == 200


def test_public_pages_and_static_files_do_not_need_a_session(engine, anonymous):
    visitor = anonymous()
    engine.clock.advance(timedelta(days=1))
    assert visitor.get("/klacht-indienen").status_code == 200
    static = visitor.get("/static/klacht.css")
    static.close()
    assert static.status_code == 200


@pytest.mark.parametrize("minutes", [0, 1, 29, 30])
def test_within_the_idle_time(engine, staff, minutes):
    carla = staff("carla")
    engine.clock.advance(timedelta(minutes=minutes))
    assert carla.get("/").status_code == 200


@fast(8)
@given(minutes=st.integers(min_value=0, max_value=3 * 24 * 60), seconds=st.integers(0, 59))
def test_idle_or_not(engine, anonymous, minutes, seconds):
    user = anonymous()
    user.login("carla")
    start = engine.clock.now()
    try:
        engine.clock.advance(timedelta(minutes=minutes, seconds=seconds))
        response = user.get("/")
        idle = timedelta(minutes=minutes, seconds=seconds) > timedelta(minutes=30)
        assert response.status_code == (302 if idle else 200), (minutes, seconds)
    finally:
        engine.clock.set(start)
