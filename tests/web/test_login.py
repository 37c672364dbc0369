"""Logging in and out: a clear Dutch message, a limit on guessing, no redirects off-site."""

from webforms.cli import DEMO_PASSWORD


def test_wrong_password_gives_a_dutch_message(client):
    response = client.post("/inloggen", {"login": "carla", "password": "fout"})
    assert response.status_code == 401
    assert "combinatie van gebruikersnaam en wachtwoord kennen we niet" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_unknown_user_gets_the_same_message(client):
    response = client.post("/inloggen", {"login": "niemand", "password": "fout"})
    assert response.status_code == 401
    assert "kennen we niet" in response.get_data(as_text=True)


def test_repeated_failures_are_slowed_down(client):
    for _ in range(5):
        assert client.post("/inloggen", {"login": "carla", "password": "fout"}).status_code == 401
    blocked = client.post("/inloggen", {"login": "carla", "password": DEMO_PASSWORD})
    assert blocked.status_code == 429
    assert "Te veel mislukte pogingen" in blocked.get_data(as_text=True)
    assert client.post("/inloggen", {"login": "yasmin", "password": DEMO_PASSWORD}).status_code == 302


def test_login_then_logout(client):
    response = client.post("/inloggen", {"login": "carla", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response.location == "/"
    assert "Carla de Vries" in client.get("/").get_data(as_text=True)
    assert client.post("/uitloggen").status_code == 302
    assert client.get("/").status_code == 302


def test_login_returns_to_the_page_asked_for_but_never_off_site(client):
    local = client.post("/inloggen", {"login": "carla", "password": DEMO_PASSWORD, "next": "/klachten/"})
    assert local.location == "/klachten/"
    client.post("/uitloggen")
    for target in ["//evil.example/", "https://evil.example/", "/\\evil.example"]:
        response = client.post("/inloggen", {"login": "carla", "password": DEMO_PASSWORD, "next": target})
        assert response.location == "/", target
        client.post("/uitloggen")


def test_session_cookie_is_http_only_and_lax(client):
    response = client.post("/inloggen", {"login": "carla", "password": DEMO_PASSWORD})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("klacht_sessie="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
