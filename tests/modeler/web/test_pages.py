"""The process owner's pages over HTTP: who may use them, checking and deploying, size limits,
versions, comparing, rolling back and moving running complaints."""

import pytest

from tests.web.conftest import register, to_contact

from ..diagrams import XML, with_contact_term, with_script

PAGES = [
    "/procesbeheer/",
    "/procesbeheer/versies/",
    "/procesbeheer/versies/1",
    "/procesbeheer/versies/1.bpmn",
    "/procesbeheer/versies/vergelijken?van=1&naar=1",
    "/procesbeheer/omzetten/",
]


class Owner:
    """Pieter, the process owner, sending diagrams the way the modeler's JavaScript does."""

    def __init__(self, client):
        self.client = client
        self.csrf = client.token("/")

    def send(self, path, xml: bytes, comment=""):
        body = {"xml": xml.decode("utf-8"), "comment": comment}
        return self.client.http.post(path, json=body, headers={"X-CSRFToken": self.csrf})


@pytest.fixture
def pieter(as_user):
    return Owner(as_user("pieter"))


def test_only_the_process_owner_gets_in(client, as_user):
    others = [as_user(login) for login in ("carla", "yasmin", "anna", "bram")]
    owner = as_user("pieter")
    for page in PAGES:
        assert client.get(page).status_code == 302, page
        assert [other.get(page).status_code for other in others] == [403] * 4, page
        assert owner.get(page).status_code == 200, page


def test_others_cannot_check_or_deploy(as_user, engine):
    carla = Owner(as_user("carla"))
    assert (
        carla.send("/procesbeheer/deployen", with_contact_term("'2027-01-01T00:00:00+01:00'")).status_code
        == 403
    )
    assert [v.version for v in engine.versions("klachtafhandeling")] == [1]


def test_the_editor_opens_the_newest_version_and_allows_only_the_panels_own_styles(as_user):
    page = as_user("pieter").get("/procesbeheer/")
    text = page.get_data(as_text=True)
    assert "/procesbeheer/versies/1.bpmn" in text or "/procesbeheer/versies/2.bpmn" in text
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "style-src-attr 'unsafe-hashes' 'sha256-" in policy
    assert "unsafe-inline" not in policy
    assert (
        "style-src-attr"
        not in as_user("pieter").get("/procesbeheer/versies/").headers["Content-Security-Policy"]
    )


def test_a_check_lists_problems_by_element(pieter):
    answer = pieter.send("/procesbeheer/controleren", with_script("import os")).get_json()
    assert answer == {
        "problems": [
            {
                "element": "kwartaal_bepalen",
                "message": "het script is geweigerd: 'Import' is niet toegestaan in een diagram",
            }
        ]
    }
    assert pieter.send("/procesbeheer/controleren", XML).get_json() == {"problems": []}


def test_a_hostile_deploy_is_refused_and_nothing_is_stored(pieter, engine, tmp_path):
    marker = tmp_path / "was-hier"
    response = pieter.send("/procesbeheer/deployen", with_script(f"import os\nos.system('touch {marker}')"))
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["element"] == "kwartaal_bepalen"
    assert [v.version for v in engine.versions("klachtafhandeling")] == [1]
    assert not marker.exists()


def test_fifty_megabytes_are_refused_at_the_door(pieter, engine):
    response = pieter.client.http.post(
        "/procesbeheer/deployen",
        data=b" " * 50_000_000,
        content_type="application/json",
        headers={"X-CSRFToken": pieter.csrf},
    )
    assert response.status_code == 413
    assert response.get_json()["problems"][0]["message"].startswith("Het bestand is te groot")
    assert [v.version for v in engine.versions("klachtafhandeling")] == [1]


def test_a_large_diagram_within_the_limit_gets_through(pieter):
    """The app refuses bodies over 512 kB elsewhere; a diagram may be up to 2 MB."""
    long_text = "Uitleg. " * 120_000
    big = XML.replace(b"Loop het ingevulde", long_text.encode() + b"Loop het ingevulde", 1)
    assert 900_000 < len(big) < 2_000_000
    response = pieter.send("/procesbeheer/controleren", big)
    assert (response.status_code, response.get_json()) == (200, {"problems": []})


def test_without_the_csrf_token_nothing_is_deployed(pieter, engine):
    response = pieter.client.http.post("/procesbeheer/deployen", json={"xml": XML.decode()})
    assert response.status_code == 400
    assert [v.version for v in engine.versions("klachtafhandeling")] == [1]


def test_a_running_complaint_keeps_its_term_and_a_new_one_gets_the_new_term(pieter, engine):
    older = register(engine)
    to_contact(engine, older)
    longer = with_contact_term("add_working_days(now(), 3).isoformat()")
    answer = pieter.send("/procesbeheer/deployen", longer, comment="3 werkdagen").get_json()
    # Only the process that changed gets a new version; the quarterly process in the same file did not.
    assert answer["message"] == "In gebruik genomen: Klachtafhandeling versie 2"
    again = pieter.send("/procesbeheer/deployen", longer).get_json()
    assert again["message"] == "Dit diagram was al in gebruik; er is geen nieuwe versie gemaakt."
    newer = register(engine)
    to_contact(engine, newer)
    due = {t.reference: t.due.day for t in engine.tasks() if t.bpmn_id == "contact_opnemen"}
    assert (due[older], due[newer]) == (2, 3)  # Wednesday and Thursday after Monday 30 November
    listed = pieter.client.get("/procesbeheer/versies/").get_data(as_text=True)
    assert "Pieter Bakker" in listed and "3 werkdagen" in listed


def test_download_compare_roll_back_and_migrate(pieter, engine):
    running = register(engine)
    pieter.send("/procesbeheer/deployen", with_contact_term("add_working_days(now(), 3).isoformat()"))
    v1, v2 = sorted((v.version, v.id) for v in engine.versions("klachtafhandeling"))

    download = pieter.client.get(f"/procesbeheer/versies/{v1[1]}.bpmn")
    assert download.headers["Content-Disposition"].startswith(
        'attachment; filename="klachtafhandeling-versie-1.bpmn"'
    )
    assert download.data == XML
    diff = pieter.client.get(f"/procesbeheer/versies/vergelijken?van={v1[1]}&naar={v2[1]}").get_data(
        as_text=True
    )
    assert "termijn: &#39;2 werkdagen&#39; → &#39;3 werkdagen&#39;" in diff

    moved = pieter.client.post("/procesbeheer/omzetten/", {"klacht": running, "versie": v2[1]})
    assert f"{running}</strong>:\n    omgezet van versie 1 naar versie 2" in moved.get_data(as_text=True)
    assert engine.instance(running).version == 2

    back = pieter.client.post(f"/procesbeheer/versies/{v1[1]}/terugzetten", {"comment": "toch 2 dagen"})
    assert back.status_code == 302
    newest = engine.versions("klachtafhandeling")[0]
    assert (newest.version, newest.comment, newest.deployed_by) == (
        3,
        "Teruggezet naar versie 1: toch 2 dagen",
        "pieter",
    )
