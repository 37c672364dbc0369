"""Two people completing the same task at once: one wins, the other is told, nothing doubles."""

import threading

import pytest

from engine.errors import ConcurrentUpdate, TaskAlreadyCompleted

from .conftest import fresh_engine


def race(db_url, task_id, attempts):
    barrier = threading.Barrier(len(attempts))
    results = [None] * len(attempts)

    def attempt(index, actor):
        engine = fresh_engine(db_url)
        barrier.wait()
        try:
            results[index] = engine.complete_task(task_id, actor, {"approved": True})
        except (TaskAlreadyCompleted, ConcurrentUpdate) as refused:
            results[index] = refused
        finally:
            engine.db.dispose()

    threads = [threading.Thread(target=attempt, args=(i, a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("people", [2, 6])
def test_concurrent_completions_of_one_task_exactly_one_wins(procedure, engine, db_url, people):
    ref = procedure.register()
    task = procedure.task(ref, "akkoord_klager")
    actors = ["carla", "yasmin"] * (people // 2)
    results = race(db_url, task.id, actors)

    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, TaskAlreadyCompleted)]
    assert len(winners) == 1 and len(losers) == people - 1
    assert all(loser.by == winners[0].completed_by for loser in losers)
    assert "al afgerond door" in losers[0].message
    assert len(procedure.events(ref, "task_completed")) == 1
    assert procedure.ready(ref) == ["afhandelaar_bepalen"]
