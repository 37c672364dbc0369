"""Part b: does completing a task get slower as a complaint's history grows?

One complaint is driven to the satisfaction check, then round after round the complainant is not
satisfied (tevredenheid_controleren satisfied=false) and the handler re-resolves it
(opnieuw_oplossen). The latency of one complete_task call in a round is the mean of those two
calls; the growth ratio compares the median over the first few rounds with the median over the
last few (rounds 1-5 and 196-200 for 200 rounds). The serialized state (`instances.state`) is
measured after the last round. The same loop on bare SpiffWorkflow in memory is the reference.

The engine cuts finished rounds out of SpiffWorkflow's task tree after every step
(engine/compaction.py), so neither the state nor the step time should grow. Bare SpiffWorkflow
keeps every round: its tree grows five levels per round, so its step time grows, and before
compaction the engine failed near round 193, where the library's recursive tree walks reach
Python's recursion limit. When a round fails, the loop stops there, the failure is
reported, and the ratio compares the first rounds with the last rounds reached. The benchmark
does not raise the recursion limit: it measures the engine as it runs.
"""

import statistics
import time

from sqlalchemy import select

from engine.models import Instance

from .common import HAPPY_PATH, PROCESS, RE_RESOLVE, REGISTRATION, UNSATISFIED, ms
from .lifecycle import BareSpiff

WINDOW = 5


def _ready(engine, reference, bpmn_id):
    found = [t for t in engine.tasks(reference=reference) if t.bpmn_id == bpmn_id]
    if len(found) != 1:
        raise AssertionError(f"{reference}: expected one ready {bpmn_id}, got {[t.bpmn_id for t in found]}")
    return found[0]


def _complete(engine, reference, step) -> float:
    bpmn_id, actor, data = step
    task = _ready(engine, reference, bpmn_id)
    started = time.perf_counter()
    engine.complete_task(task.id, actor, data)
    return time.perf_counter() - started


def state_bytes(engine, reference) -> int:
    with engine.db.read() as session:
        return len(session.scalar(select(Instance.state).where(Instance.reference == reference)))


def engine_growth(engine, rounds: int, window: int = WINDOW) -> dict:
    """Complete-task latency per unsatisfied round; stops at the first round that fails."""
    reference = engine.start(PROCESS, "carla", REGISTRATION).reference
    for step in HAPPY_PATH[:-1]:
        _complete(engine, reference, step)
    per_round, sizes, error = [], {}, None
    for number in range(1, rounds + 1):
        try:
            unsatisfied = _complete(engine, reference, UNSATISFIED)
            resolved = _complete(engine, reference, RE_RESOLVE)
        except Exception as failure:  # noqa: BLE001 - the failure is the finding
            error = _describe(number, failure, engine.instance(reference).status)
            break
        per_round.append((unsatisfied + resolved) / 2)
        if number in (1, rounds // 2, rounds) or number % 50 == 0:
            sizes[number] = state_bytes(engine, reference)
    reached = len(per_round)
    sizes[reached] = state_bytes(engine, reference)
    first, last = _ends(per_round, window)
    return {
        "growth_ratio": round(last / first, 3),
        "growth_rounds": reached,
        "growth_error": error,
        "growth_first_ms": ms(first),
        "growth_last_ms": ms(last),
        "growth_round_ms": {str(n): ms(per_round[n - 1]) for n in sorted(sizes) if n <= reached},
        "state_bytes_after_rounds": {str(n): size for n, size in sorted(sizes.items())},
        "state_bytes_after_200_rounds": sizes.get(200) if reached >= 200 else None,
        "state_bytes_last": sizes[reached],
    }


def _ends(per_round, window):
    """Medians of the first and the last `window` rounds."""
    window = max(1, min(window, len(per_round) // 2 or 1))
    return statistics.median(per_round[:window]), statistics.median(per_round[-window:])


def _describe(number, failure, status) -> str:
    text = str(failure).strip().splitlines()[0][:200] if str(failure).strip() else ""
    return f"round {number} failed: {type(failure).__name__}: {text} (complaint now {status})"


def bare_growth(rounds: int, window: int = WINDOW) -> dict:
    """The same loop on SpiffWorkflow alone, in memory: what the library itself does with history."""
    bare = BareSpiff()
    workflow = bare.new()
    for bpmn_id, _actor, data in HAPPY_PATH[:-1]:
        bare.complete(workflow, bpmn_id, data)
    per_round, error = [], None
    for number in range(1, rounds + 1):
        started = time.perf_counter()
        try:
            bare.complete(workflow, UNSATISFIED[0], dict(UNSATISFIED[2]))
            bare.complete(workflow, RE_RESOLVE[0], RE_RESOLVE[2])
        except Exception as failure:  # noqa: BLE001 - the failure is the finding
            error = _describe(number, failure, "completed" if workflow.is_completed() else "open")
            break
        per_round.append((time.perf_counter() - started) / 2)
    first, last = _ends(per_round, window)
    return {
        "bare_growth_ratio": round(last / first, 3),
        "bare_growth_rounds": len(per_round),
        "bare_growth_error": error,
        "bare_growth_first_ms": ms(first),
        "bare_growth_last_ms": ms(last),
        "bare_tasks_in_tree_last": len(workflow.tasks),
    }
