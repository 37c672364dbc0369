"""Part c: the inbox with many complaints stored.

Open and closed complaints are cloned in bulk from templates the engine made (see bulk.py): the
open ones spread over every waiting step of the procedure (approval, assignment, contact,
report, satisfaction check, re-resolution), with handlers, registrars, categories and due dates
varied; the closed ones carry their completed task rows and a placeholder state (the inbox never
reads `state`). Audit events are not cloned: no inbox statement reads them.

Then `engine.inbox(login, scope="roles")` is timed for users who see everything and for users
who only see their own complaints, SQL statements are counted per call with a
before_cursor_execute listener on engine.db.reader, and the web page `/` is timed when the app
serves it.
"""

import time
from datetime import timedelta

from engine.models import Instance, InstanceViewer, Task, TaskViewer

from .bulk import BulkWriter, clone_task_id, next_instance_id, rows_of, shifted
from .common import (
    HAPPY_PATH,
    PROCESS,
    RE_RESOLVE,
    REGISTRATION,
    UNSATISFIED,
    StatementCounter,
    Stopwatch,
    latency_summary,
    ms,
)

# Users whose inbox is measured: yasmin sees every complaint and has three roles (plus recording
# for the complainant); carla and henk only see the complaints they registered or handle.
USERS = ("yasmin", "carla", "henk")
HANDLERS = ("yasmin", "henk", *(f"afh{n:02d}" for n in range(1, 19)))
REGISTRARS = ("carla", "yasmin", *(f"cp{n:02d}" for n in range(1, 9)))
CATEGORIES = ("dienstverlening", "dienstverlening", "overig", "discriminatie")
CLOSED_STATE = '{"placeholder":"closed complaint; the inbox never reads state"}'


def make_templates(engine) -> dict:
    """Complaints driven through the engine to each waiting step, and one closed."""

    def complete(reference, step):
        bpmn_id, actor, data = step
        task = next(t for t in engine.tasks(reference=reference) if t.bpmn_id == bpmn_id)
        engine.complete_task(task.id, actor, dict(data))

    waiting = {}
    for stop in range(len(HAPPY_PATH)):
        reference = engine.start(PROCESS, "carla", REGISTRATION).reference
        for step in HAPPY_PATH[:stop]:
            complete(reference, step)
        waiting[HAPPY_PATH[stop][0]] = reference
    reference = engine.start(PROCESS, "carla", REGISTRATION).reference
    for step in (*HAPPY_PATH[:-1], UNSATISFIED):
        complete(reference, step)
    waiting[RE_RESOLVE[0]] = reference
    closed = engine.start(PROCESS, "carla", REGISTRATION).reference
    for step in HAPPY_PATH:
        complete(closed, step)
    return {
        "open": [rows_of(engine, ref) for ref in waiting.values()],
        "closed": rows_of(engine, closed),
    }


def _clone(template, instance_id, number, *, status, plugin, state=None):
    """(instance row, task rows, viewer rows, task viewer rows) of one clone of a template
    complaint: the rows the engine would have written for it."""
    base = template["instance"]
    handler = HANDLERS[number % len(HANDLERS)]
    registrar = REGISTRARS[(number // 7) % len(REGISTRARS)]
    reference = f"KL-B{number:08d}"
    # Spread the complaints over the last ~90 days; terms end between 10 days ago and 10 ahead.
    age = timedelta(minutes=(number * 37) % (90 * 24 * 60))
    term = timedelta(hours=(number * 13) % (20 * 24) - 10 * 24)
    data = dict(base["data"])
    data.update(
        reference=reference,
        complainant_name=f"Klager {number}",
        category=CATEGORIES[number % len(CATEGORIES)],
    )
    if "handler" in data:
        data.update(handler=handler, handler_name=f"Afhandelaar {handler}")
    instance = dict(base)
    instance.update(
        id=instance_id,
        reference=reference,
        status=status,
        data=data,
        started_by=registrar,
        started_at=base["started_at"] - age,
        updated_at=base["updated_at"] - age,
        closed_at=shifted(base["closed_at"], -age),
        next_due=None if status != "open" else shifted(base["next_due"], term),
    )
    if state is not None:
        instance["state"] = state
    tasks = []
    for index, row in enumerate(template["tasks"]):
        task = dict(row)
        task.update(
            id=clone_task_id(instance_id, index),
            instance_id=instance_id,
            created_at=row["created_at"] - age,
            completed_at=shifted(row["completed_at"], -age),
        )
        if row["state"] == "ready":
            task["due"] = shifted(row["due"], term)
            if row["assignee"] is not None:
                task["assignee"] = handler
        elif row["completed_by"] is not None and row["completed_by"] not in ("carla",):
            task["completed_by"] = handler
        tasks.append(task)
    logins = sorted(login for login in (plugin.viewers(data, registrar) if plugin.viewers else ()) if login)
    viewers = [{"instance_id": instance_id, "login": login} for login in logins]
    instance["viewers"] = logins if plugin.viewers else None
    task_viewers = [
        {
            "task_id": t["id"],
            "login": login,
            "roles": t["roles"],
            "due": t["due"],
            "created_at": t["created_at"],
        }
        for t in tasks
        if t["state"] == "ready" and t["assignee"] is None
        for login in logins
    ]
    return instance, tasks, viewers, task_viewers


def fill(engine, open_count: int, closed_count: int, templates=None) -> dict:
    """Bulk-write `open_count` open and `closed_count` closed complaints; returns timings."""
    templates = templates or make_templates(engine)
    writer = BulkWriter(engine.db.writer)
    first = next_instance_id(engine)
    plan = [(templates["open"][n % len(templates["open"])], "open", None) for n in range(open_count)]
    clock = Stopwatch()
    counts = {"instances": 0, "tasks": 0, "instance_viewers": 0, "task_viewers": 0}
    # Closed ones in slices so memory stays flat with a million of them.
    slice_size = 100_000
    batches = [plan] + [
        [(templates["closed"], "closed", CLOSED_STATE)] * min(slice_size, closed_count - start)
        for start in range(0, closed_count, slice_size)
    ]
    number = first
    for batch in batches:
        instances, tasks, viewers, task_viewers = [], [], [], []
        for template, status, state in batch:
            instance, task_rows, viewer_rows, task_viewer_rows_ = _clone(
                template, number, number, status=status, plugin=engine.plugin, state=state
            )
            instances.append(instance)
            tasks.extend(task_rows)
            viewers.extend(viewer_rows)
            task_viewers.extend(task_viewer_rows_)
            number += 1
        counts["instances"] += writer.write(Instance.__table__, instances)
        counts["tasks"] += writer.write(Task.__table__, tasks)
        counts["instance_viewers"] += writer.write(InstanceViewer.__table__, viewers)
        counts["task_viewers"] += writer.write(TaskViewer.__table__, task_viewers)
    writer.finish(("instances", "tasks", "instance_viewers", "task_viewers", "role_sets"))
    return {"fill_seconds": round(clock.seconds, 1), **{f"rows_{k}": v for k, v in counts.items()}}


def measure_queries(engine, calls: int, users=USERS, warmup: int = 5) -> dict:
    """p50/p95 of engine.inbox(login, scope="roles") per user, and statements per call."""
    counter = StatementCounter(engine.db.reader)
    result, worst = {}, None
    try:
        for login in users:
            for _ in range(warmup):
                engine.inbox(login, scope="roles")
            seconds = []
            for _ in range(calls):
                counter.reset()
                started = time.perf_counter()
                page = engine.inbox(login, scope="roles")
                seconds.append(time.perf_counter() - started)
            summary = latency_summary(f"inbox_query_{login}", seconds)
            result.update(summary)
            result[f"inbox_query_{login}_total"] = page.total
            result[f"inbox_query_{login}_rows"] = len(page.rows)
            result[f"inbox_sql_statements_{login}"] = counter.queries
            if (
                worst is None
                or summary[f"inbox_query_{login}_p95_ms"] > result[f"inbox_query_{worst}_p95_ms"]
            ):
                worst = login
            # Statements must not depend on the page size or the number of rows.
            counter.reset()
            engine.inbox(login, scope="roles", per_page=200)
            result[f"inbox_sql_statements_{login}_200_rows"] = counter.queries
            # The "mine" tab, for comparison.
            mine = []
            for _ in range(max(5, calls // 4)):
                started = time.perf_counter()
                engine.inbox(login, scope="mine")
                mine.append(time.perf_counter() - started)
            result[f"inbox_query_{login}_mine_p95_ms"] = latency_summary("x", mine)["x_p95_ms"]
        counter.reset()
        engine.inbox(users[0], scope="roles")
        result["inbox_sql_statements_incl_begin"] = counter.total
    finally:
        counter.close()
    result["inbox_query_worst_user"] = worst
    result["inbox_query_p50_ms"] = result[f"inbox_query_{worst}_p50_ms"]
    result["inbox_query_p95_ms"] = result[f"inbox_query_{worst}_p95_ms"]
    result["inbox_sql_statements"] = max(
        v
        for k, v in result.items()
        if k.startswith("inbox_sql_statements_") and k != "inbox_sql_statements_incl_begin"
    )
    return result


def measure_page(engine, settings_url: str, calls: int, login: str = "yasmin", warmup: int = 3) -> dict:
    """p50/p95 of GET /?scope=roles in the Flask app (test client, no network) for a logged-in user.

    Null with a note when the app has no inbox page at `/` yet.
    """
    empty = {"inbox_page_p50_ms": None, "inbox_page_p95_ms": None, "inbox_page_sql_statements": None}
    try:
        from webforms import create_app
        from webforms.cli import DEMO_PASSWORD
        from webforms.settings import Settings
    except ImportError as error:
        return {**empty, "inbox_page_note": f"not measured: webforms.create_app not available ({error})"}
    try:
        settings = Settings(database_url=settings_url, now=engine.clock.now(), secret_key="bench-sleutel")
        app = create_app(settings, engine)
        app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
        client = app.test_client()
        answer = client.post("/inloggen", data={"login": login, "password": DEMO_PASSWORD})
        if answer.status_code != 302:
            return {**empty, "inbox_page_note": f"not measured: logging in gave HTTP {answer.status_code}"}
        url = "/?scope=roles"
        for _ in range(warmup):
            answer = client.get(url)
        if answer.status_code != 200:
            return {**empty, "inbox_page_note": f"not measured: GET {url} gave HTTP {answer.status_code}"}
    except Exception as error:  # the app is being built by others; report instead of failing
        return {**empty, "inbox_page_note": f"not measured: {type(error).__name__}: {error}"}
    counters = [StatementCounter(engine.db.reader)]
    if engine.db.writer is not engine.db.reader:
        counters.append(StatementCounter(engine.db.writer))
    seconds, size = [], 0
    try:
        for _ in range(calls):
            for counter in counters:
                counter.reset()
            started = time.perf_counter()
            answer = client.get(url)
            seconds.append(time.perf_counter() - started)
            size = len(answer.data)
            if answer.status_code != 200:
                raise AssertionError(f"GET {url} gave HTTP {answer.status_code}")
        statements = sum(counter.queries for counter in counters)
    finally:
        for counter in counters:
            counter.close()
    summary = latency_summary("inbox_page", seconds)
    return {
        "inbox_page_p50_ms": summary["inbox_page_p50_ms"],
        "inbox_page_p95_ms": summary["inbox_page_p95_ms"],
        "inbox_page_max_ms": summary["inbox_page_max_ms"],
        "inbox_page_samples": summary["inbox_page_samples"],
        "inbox_page_sql_statements": statements,
        "inbox_page_bytes": size,
        "inbox_page_note": f"GET {url} as {login} through the Flask test client (no network, no server)",
    }


def inbox_benchmark(engine, url: str, *, open_count: int, closed_count: int, calls: int, page_calls: int):
    filled = fill(engine, open_count, closed_count)
    result = {"inbox_open": open_count, "inbox_closed": closed_count, **filled}
    result.update(measure_queries(engine, calls))
    result.update(measure_page(engine, url, page_calls))
    return result


__all__ = ["inbox_benchmark", "fill", "make_templates", "measure_queries", "measure_page", "ms"]
