"""gunicorn with four workers and one `klacht scheduler`, as docs/production.md runs them: the JSON
API over real HTTP carries a plain diagram and the complaint procedure from start to closed, and
the scheduler process fires a term the workers set."""

import http.client
import re
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlencode

from bench.http import request

from .conftest import API, REGISTRATION, WORKERS

CONTACT_DUE = "2026-12-01T23:59:59+01:00"  # Friday 27 November + 2 working days, end of day


def test_four_workers_and_one_scheduler_serve_the_api_with_tokens_from_the_command_line(production):
    assert len(production.server.worker_pids()) == WORKERS
    assert production.server.scheduler.poll() is None

    me = production.as_user("carla").get("/me")
    assert me.status == 200
    assert me.body == {
        "login": "carla",
        "name": "Carla de Vries",
        "function": "Accountmanager",
        "roles": ["contactpersoon"],
    }
    anonymous = production.as_user(None).get("/me")
    assert anonymous.status == 401
    assert anonymous.error["message"].startswith("Stuur een persoonlijk API-token mee")
    listed = production.cli("tokens", "list", "carla")
    # The worker noted the token's use in the database the command line reads.
    assert [(t["name"], t["revoked_at"]) for t in listed] == [("test", None)]
    assert listed[0]["last_used_at"] is not None


def test_the_three_user_tasks_diagram_runs_from_start_to_closed_in_eleven_requests(production):
    henk = production.as_user("henk")
    requests = 0

    def call(method, path, expected):
        nonlocal requests
        requests += 1
        answer = henk.post(path) if method == "POST" else henk.get(path)
        assert answer.status == expected, (path, answer)
        return answer.body

    started = call("POST", "/processes/three_user_tasks/instances", 201)
    reference = started["reference"]
    assert [t["task"] for t in started["tasks"]] == ["task_a"]
    for expected in ("task_a", "task_b", "task_c"):
        (task,) = call("GET", f"/instances/{reference}/tasks", 200)["tasks"]
        assert task["task"] == expected and task["state"] == "ready"
        assert call("GET", f"/tasks/{task['id']}", 200)["state"] == "ready"
        done = call("POST", f"/tasks/{task['id']}/complete", 200)
        assert (done["state"], done["completed_by"]) == ("completed", "henk")
    assert call("GET", f"/instances/{reference}/tasks", 200) == {
        "reference": reference,
        "status": "closed",
        "tasks": [],
    }
    assert requests == 11

    # What the workers wrote, read back by the command line from the same database.
    shown = production.cli("complaints", "show", reference)
    assert (shown["status"], shown["tasks"]) == ("closed", [])
    completed = [(e["event"], e["task"], e["actor"]) for e in production.cli("history", reference)]
    assert [c for c in completed if c[0] == "task_completed"] == [
        ("task_completed", "task_a", "henk"),
        ("task_completed", "task_b", "henk"),
        ("task_completed", "task_c", "henk"),
    ]


def test_a_complaint_goes_through_the_procedure_and_the_scheduler_process_fires_its_term(production):
    carla, yasmin = production.as_user("carla"), production.as_user("yasmin")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    registered = carla.post("/complaints", REGISTRATION, headers=key)
    assert registered.status == 201, registered
    reference = registered.body["reference"]
    assert reference.startswith("KL-2026-")
    again = carla.post("/complaints", REGISTRATION, headers=key)
    assert (again.status, again.body["reference"]) == (200, reference)

    def ready(caller=yasmin):
        answer = caller.get(f"/instances/{reference}/tasks")
        assert answer.status == 200, answer
        return {t["task"]: t for t in answer.body["tasks"]}

    def complete(caller, bpmn_id, **data):
        answer = caller.post(f"/tasks/{ready(caller)[bpmn_id]['id']}/complete", data)
        assert answer.status == 200, answer
        return answer.body

    complete(carla, "akkoord_klager", approved=True)
    complete(yasmin, "afhandelaar_bepalen", handler="yasmin")
    contact = ready()["contact_opnemen"]
    assert (contact["due"], contact["assignee"]) == (CONTACT_DUE, "yasmin")

    # The scheduler, a process of its own whose clock stands past the term, fires it; poll the
    # API until the escalation appears (it sweeps every second).
    deadline = time.monotonic() + 30
    while "escalatie_contact" not in ready():
        assert time.monotonic() < deadline, production.server.log_tail()
        time.sleep(0.1)
    assert ready()["escalatie_contact"]["role"] == "relatiemanager"

    complete(yasmin, "escalatie_contact", escalation_action="Afhandelaar gebeld")
    complete(yasmin, "contact_opnemen", contact_summary="Alsnog gebeld", outcome="opgelost")
    complete(
        yasmin, "afhandeling_rapporteren", resolution="Terugbelafspraak nagekomen.", procedure_change=False
    )
    complete(carla, "tevredenheid_controleren", satisfied=True)

    closed = yasmin.get(f"/complaints/{reference}")
    assert closed.status == 200
    assert (closed.body["status"], closed.body["tasks"]) == ("closed", [])
    assert closed.body["handler"] == {
        "login": "yasmin",
        "name": "Yasmin Asrafali",
        "function": "Relatiemanager",
    }
    events = yasmin.get(f"/complaints/{reference}/history").body["events"]
    assert [e["task"] for e in events if e["event"] == "task_completed"] == [
        "akkoord_klager",
        "afhandelaar_bepalen",
        "escalatie_contact",
        "contact_opnemen",
        "afhandeling_rapporteren",
        "tevredenheid_controleren",
    ]
    # Without an agreed handling term its timer ends at once; the contact term is the one that passed.
    fired = [e for e in events if e["event"] == "timer_fired" and e.get("task") != "termijn_afspraak"]
    assert len(fired) == 1 and fired[0]["actor"] == "systeem", fired
    assert events[-1]["event"] == "closed"
    assert production.cli("audit", "verify", "--complaint", reference) == {
        "intact": True,
        "events": len(events),
    }


# -- rate limits shared by the four workers (issue 16.9): requests sent at the same moment land
# in different workers, and still exactly the limit gets through (the count is in the database).

PUBLIC = {k: v for k, v in REGISTRATION.items() if k not in ("channel", "service_employee")}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def at_once(count: int, send) -> list[int]:
    """`count` threads released together, each sending once; their statuses."""
    barrier = threading.Barrier(count)
    statuses: list[int] = []

    def one():
        barrier.wait()
        statuses.append(send())

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def login_form(port: int) -> tuple[str, str]:
    """(session cookie, CSRF token) of a fresh login page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/inloggen")
        response = connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        return cookie, CSRF.search(page).group(1)
    finally:
        connection.close()


def log_in(port: int, cookie: str, token: str, login: str, password: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        body = urlencode({"login": login, "password": password, "csrf_token": token})
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        connection.request("POST", "/inloggen", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_the_public_form_limit_holds_across_four_workers(production):
    port = production.server.port
    statuses = at_once(12, lambda: request(port, "POST", f"{API}/public/complaints", PUBLIC)[0])
    assert Counter(statuses) == {201: 5, 429: 7}


def test_the_login_limit_holds_across_four_workers(production):
    port = production.server.port
    cookie, token = login_form(port)
    statuses = at_once(12, lambda: log_in(port, cookie, token, "henk", "geraden"))
    assert Counter(statuses) == {401: 5, 429: 7}
    assert log_in(port, cookie, token, "henk", "klacht-demo") == 429
