"""Part d: 10,000 timers due at once after a downtime; each must fire exactly once.

A few complaints are driven through the engine to `contact_opnemen` (its boundary timer
`termijn_contact` ends two working days later); the rest are cloned from the first of them in
bulk: instance row, task rows and viewer rows, with every SpiffWorkflow task id in the state
replaced by a fresh one (the task rows carry the same new ids) and a new reference. The clock
then jumps ten working days ahead and `engine.fire_due_timers()` is called until nothing more
fires. A duplicate is an instance with more than one `timer_fired` audit event for
termijn_contact; a miss is one with none.

The same is then done on a fresh database with two engines in two processes firing at once.
"""

import multiprocessing
import queue
import re
import time
import uuid
from datetime import timedelta

from sqlalchemy import func, select

from engine.models import AuditEvent, Instance, InstanceViewer, Task

from .bulk import BulkWriter, next_instance_id, rows_of
from .common import FRIDAY_MORNING, HAPPY_PATH, PROCESS, REGISTRATION, database, make_engine

TIMER = "termijn_contact"
# Friday 27 Nov 2026 + 14 days: ten working days later, long after the term (Tue 1 Dec) ended.
AFTER_DOWNTIME = FRIDAY_MORNING + timedelta(days=14)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def drive_to_contact(engine, count: int) -> list[str]:
    references = []
    for _ in range(count):
        view = engine.start(PROCESS, "carla", REGISTRATION)
        for bpmn_id, actor, data in HAPPY_PATH[:2]:
            task = next(t for t in engine.tasks(reference=view.reference) if t.bpmn_id == bpmn_id)
            engine.complete_task(task.id, actor, dict(data))
        references.append(view.reference)
    return references


def clone_waiting(engine, template_reference: str, count: int) -> int:
    """Bulk-write `count` copies of a complaint waiting at contact_opnemen, with fresh task ids."""
    template = rows_of(engine, template_reference)
    base, state = template["instance"], template["instance"]["state"]
    old_ids = sorted(set(_UUID.findall(state)) | {t["id"] for t in template["tasks"]})
    quoted_reference = f'"{template_reference}"'
    instances, tasks, viewers = [], [], []
    first = next_instance_id(engine)
    for offset in range(count):
        instance_id = first + offset
        reference = f"KL-T{instance_id:08d}"
        new_ids = {old: str(uuid.uuid4()) for old in old_ids}
        cloned_state = _UUID.sub(lambda m, ids=new_ids: ids.get(m.group(0), m.group(0)), state)
        cloned_state = cloned_state.replace(quoted_reference, f'"{reference}"')
        instance = dict(base)
        instance.update(
            id=instance_id,
            reference=reference,
            state=cloned_state,
            data={**base["data"], "reference": reference},
        )
        instances.append(instance)
        for row in template["tasks"]:
            tasks.append({**row, "id": new_ids[row["id"]], "instance_id": instance_id})
        for row in template["viewers"]:
            viewers.append({**row, "instance_id": instance_id})
    writer = BulkWriter(engine.db.writer)
    writer.write(Instance.__table__, instances)
    writer.write(Task.__table__, tasks)
    writer.write(InstanceViewer.__table__, viewers)
    writer.finish()
    return count


def prepare(url: str, count: int, driven: int) -> list[str]:
    """A database with `count` complaints whose contact term ends before AFTER_DOWNTIME."""
    engine = make_engine(url)
    try:
        driven = max(1, min(driven, count))
        references = drive_to_contact(engine, driven)
        clone_waiting(engine, references[0], count - driven)
        return references
    finally:
        engine.db.dispose()


def fire_all(engine) -> int:
    """Call fire_due_timers until nothing more fires; how many timers this engine fired."""
    fired = 0
    while True:
        batch = [f for f in engine.fire_due_timers() if f.element == TIMER]
        if not batch:
            return fired
        fired += len(batch)


def tally(url: str) -> dict:
    """Per instance, how often termijn_contact fired according to the audit trail."""
    engine = make_engine(url, setup=False)
    try:
        with engine.db.read() as session:
            per_instance = (
                select(AuditEvent.instance_id, func.count().label("n"))
                .where(AuditEvent.event == "timer_fired", AuditEvent.bpmn_id == TIMER)
                .group_by(AuditEvent.instance_id)
                .subquery()
            )
            duplicates = session.scalar(
                select(func.count()).select_from(per_instance).where(per_instance.c.n > 1)
            )
            fired_once = session.scalar(
                select(func.count()).select_from(per_instance).where(per_instance.c.n == 1)
            )
            waiting = session.scalar(
                select(func.count()).select_from(Instance).where(Instance.status == "open")
            )
            escalations = session.scalar(
                select(func.count())
                .select_from(Task)
                .where(Task.bpmn_id == "escalatie_contact", Task.state == "ready")
            )
            still_due = session.scalar(
                select(func.count())
                .select_from(Instance)
                .where(Instance.status == "open", Instance.next_due <= AFTER_DOWNTIME)
            )
    finally:
        engine.db.dispose()
    return {
        "duplicates": duplicates,
        "missed": waiting - duplicates - fired_once,
        "escalation_tasks": escalations,
        "still_due": still_due,
    }


def single(url: str, count: int, driven: int) -> dict:
    prepare(url, count, driven)
    engine = make_engine(url, moment=AFTER_DOWNTIME, setup=False)
    try:
        started = time.perf_counter()
        fired = fire_all(engine)
        seconds = time.perf_counter() - started
    finally:
        engine.db.dispose()
    counts = tally(url)
    return {
        "timers": count,
        "fired": fired,
        "seconds": round(seconds, 2),
        "per_s": round(count / seconds, 1),
        **counts,
    }


def _worker(url, moment, barrier, results):
    engine = make_engine(url, moment=moment, setup=False)
    try:
        barrier.wait()
        started = time.perf_counter()
        fired = fire_all(engine)
        results.put((fired, time.perf_counter() - started, None))
    except Exception as error:  # reported, and counted as a failure by the parent
        results.put((0, 0.0, f"{type(error).__name__}: {error}"))
    finally:
        engine.db.dispose()


def concurrent(url: str, count: int, driven: int, workers: int = 2) -> dict:
    """Two engines in two processes fire the same due timers at once."""
    prepare(url, count, driven)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(workers + 1)
    results = context.Queue()
    processes = [
        context.Process(target=_worker, args=(url, AFTER_DOWNTIME, barrier, results)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    barrier.wait(timeout=300)
    started = time.perf_counter()
    outcomes = []
    while len(outcomes) < workers:
        try:
            outcomes.append(results.get(timeout=2))
        except queue.Empty:
            if not any(process.is_alive() for process in processes) and results.empty():
                lost = workers - len(outcomes)
                outcomes.extend([(0, 0.0, "worker process ended without reporting")] * lost)
    seconds = time.perf_counter() - started
    for process in processes:
        process.join()
    errors = [error for _fired, _seconds, error in outcomes if error]
    counts = tally(url)
    return {
        "timers": count,
        "workers": workers,
        "fired_per_worker": [fired for fired, _s, _e in outcomes],
        "seconds": round(seconds, 2),
        "per_s": round(count / seconds, 1),
        "errors": errors,
        **counts,
    }


def timers_benchmark(kind: str, postgres_url: str | None, count: int, driven: int) -> dict:
    with database(kind, postgres_url, label="timers") as url:
        one = single(url, count, driven)
    with database(kind, postgres_url, label="timers2") as url:
        two = concurrent(url, count, driven)
    return {"single": one, "concurrent": two}
