"""Login and the public form (issue 16.9): an unknown user costs as much time as a known one,
and the rate limits live in the database, shared by every worker, with bounded bookkeeping."""

import hashlib
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engine.models import RateLimit
from webforms import create_app
from webforms.cli import DEMO_PASSWORD
from webforms.composition import build_engine

from .conftest import REGISTRATION, Client

PUBLIC = {k: v for k, v in REGISTRATION.items() if k not in ("channel", "service_employee")}


@pytest.fixture
def second_worker(settings, engine):
    other = build_engine(settings)
    other.clock = engine.clock
    app = create_app(settings, other)
    app.config["TESTING"] = True
    yield Client(app.test_client())
    other.db.dispose()


def test_an_unknown_login_is_checked_against_a_hash_too(client, monkeypatch):
    hashed = []
    real = hashlib.scrypt
    monkeypatch.setattr(hashlib, "scrypt", lambda *a, **k: hashed.append(1) or real(*a, **k))
    client.post("/inloggen", {"login": "carla", "password": "fout"})
    known = len(hashed)
    client.post("/inloggen", {"login": "niemand", "password": "fout"})
    assert known == 1 and len(hashed) == 2


def test_unknown_and_known_logins_answer_in_about_the_same_time(engine):
    def fastest(login):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            assert engine.check_password(login, "fout") is None
            times.append(time.perf_counter() - started)
        return min(times)

    known, unknown = fastest("carla"), fastest("niemand-bekend")
    assert unknown > known * 0.5, (known, unknown)


def test_many_user_names_from_one_address_are_stopped(client):
    for number in range(20):
        assert client.post("/inloggen", {"login": f"gast{number}", "password": "x"}).status_code == 401
    blocked = client.post("/inloggen", {"login": "carla", "password": DEMO_PASSWORD})
    assert blocked.status_code == 429
    assert "vanaf dit adres" in blocked.get_data(as_text=True)


def test_good_logins_from_one_address_are_not_limited(client):
    for _ in range(25):  # an office behind one address
        assert client.post("/inloggen", {"login": "carla", "password": DEMO_PASSWORD}).status_code == 302
        client.post("/uitloggen")


def test_the_login_limit_is_shared_by_the_workers(client, second_worker):
    for worker in (client, second_worker, client, second_worker, client):
        assert worker.post("/inloggen", {"login": "carla", "password": "fout"}).status_code == 401
    for worker in (client, second_worker):
        assert worker.post("/inloggen", {"login": "carla", "password": DEMO_PASSWORD}).status_code == 429


def test_the_limit_ends_with_its_window(client, engine):
    for _ in range(5):
        client.post("/inloggen", {"login": "carla", "password": "fout"})
    assert client.post("/inloggen", {"login": "carla", "password": DEMO_PASSWORD}).status_code == 429
    engine.clock.advance(timedelta(minutes=16))
    assert client.post("/inloggen", {"login": "carla", "password": DEMO_PASSWORD}).status_code == 302


def test_the_public_form_limit_is_shared_by_the_workers(client, second_worker):
    answers = [
        worker.http.post("/api/v1/public/complaints", json=PUBLIC).status_code
        for worker in (client, second_worker) * 4
    ]
    assert answers == [201] * 5 + [429] * 3


def test_expired_limits_are_swept_as_attempts_come_in(client, engine):
    for number in range(15):
        assert client.post("/inloggen", {"login": f"gast{number}", "password": "x"}).status_code == 401
    engine.clock.advance(timedelta(hours=1))
    for number in range(10):
        assert client.post("/inloggen", {"login": f"nieuw{number}", "password": "x"}).status_code == 401
    with engine.db.read() as session:
        rows = session.scalar(select(func.count()).select_from(RateLimit))
    assert rows == 10 + 1  # the 16 expired keys are gone: the new accounts and the address remain
