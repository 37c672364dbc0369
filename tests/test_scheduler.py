"""The scheduler keeps terms without anyone watching: it catches up after downtime, wakes at the
next due timer, and with several schedulers on one database every timer fires once."""

import threading
from datetime import datetime, timedelta

from engine.scheduler import TimerScheduler
from process.calendar import AMSTERDAM

from .conftest import fresh_engine


def local(*parts):
    return datetime(*parts, tzinfo=AMSTERDAM)


def awaiting_contact(procedure, count):
    references = [procedure.register() for _ in range(count)]
    for ref in references:
        procedure.to_contact(ref)
    return references


def test_after_downtime_the_first_tick_fires_what_fell_due_once(procedure, engine):
    [ref] = awaiting_contact(procedure, 1)
    procedure.at(local(2026, 12, 7, 8, 0))  # down from Friday until the next Monday
    scheduler = TimerScheduler(engine)
    fired = scheduler.tick()
    assert [(f.reference, f.element) for f in fired] == [(ref, "termijn_contact")]
    assert scheduler.tick() == []
    assert len(procedure.events(ref, "timer_fired")) == 1


def test_it_wakes_just_after_the_next_due_timer(procedure, engine):
    procedure.at(
        local(2036, 11, 28, 10, 0)
    )  # a Friday in the future, so the alarm is ahead of the wall clock
    [ref] = awaiting_contact(procedure, 1)
    due = procedure.task(ref, "contact_opnemen").due
    scheduler = TimerScheduler(engine)
    scheduler.tick()
    delay = scheduler.scheduler.get_job("wake").trigger.run_date - due
    assert timedelta(0) < delay <= timedelta(seconds=1)
    assert engine.next_due() == due


def test_several_schedulers_on_one_database_fire_each_timer_once(procedure, engine, db_url):
    references = awaiting_contact(procedure, 8)
    moment = local(2026, 12, 3, 9, 0)
    barrier = threading.Barrier(3)
    fired = []

    def run_scheduler():
        other = fresh_engine(db_url, moment)
        barrier.wait()
        fired.extend(TimerScheduler(other).tick())
        other.db.dispose()

    threads = [threading.Thread(target=run_scheduler) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(f.reference for f in fired) == sorted(references)
    for ref in references:
        assert len(procedure.events(ref, "timer_fired")) == 1
        assert procedure.ready(ref) == ["contact_opnemen", "escalatie_contact"]
