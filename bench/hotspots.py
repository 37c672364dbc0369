"""`python bench/run.py --profile`: where the engine spends its time, for the engine's authors.

Profiles (cProfile) a few complete lifecycles, one complete_task deep into the unsatisfied loop,
the firing of due timers, and inbox calls, each on its own SQLite database, and prints the
functions with the most cumulative time (project code first, then everything by own time).
"""

import cProfile
import io
import pstats

from . import growth, inbox, timers
from .common import database, make_engine
from .lifecycle import engine_lifecycle

PROJECT = ("/engine/", "/process/", "/webforms/")


def _report(title: str, profile: cProfile.Profile, calls: int, top: int = 25) -> None:
    print(f"\n=== {title} ({calls} calls) " + "=" * 40)
    stream = io.StringIO()
    stats = pstats.Stats(profile, stream=stream)
    stats.sort_stats("cumulative").print_stats("|".join(p.strip("/") + "/" for p in PROJECT), top)
    stats.sort_stats("tottime").print_stats(top)
    print(stream.getvalue())


def profile_engine(
    lifecycles: int = 20, rounds: int = 60, timer_count: int = 60, inbox_calls: int = 20
) -> None:
    with database("sqlite", label="profile") as url:
        engine = make_engine(url)
        for _ in range(3):
            engine_lifecycle(engine)
        profile = cProfile.Profile()
        profile.runcall(lambda: [engine_lifecycle(engine) for _ in range(lifecycles)])
        _report("lifecycles (start + 5 completions + reads)", profile, lifecycles)

        reference = engine.start("klachtafhandeling", "carla", growth.REGISTRATION).reference
        for step in growth.HAPPY_PATH[:-1]:
            growth._complete(engine, reference, step)
        for _ in range(rounds):
            growth._complete(engine, reference, growth.UNSATISFIED)
            growth._complete(engine, reference, growth.RE_RESOLVE)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(3):
            growth._complete(engine, reference, growth.UNSATISFIED)
            growth._complete(engine, reference, growth.RE_RESOLVE)
        profile.disable()
        _report(f"complete_task after {rounds} unsatisfied rounds", profile, 6)

        inbox.fill(engine, 2_000, 10_000)
        profile = cProfile.Profile()
        profile.runcall(lambda: [engine.inbox("yasmin", scope="roles") for _ in range(inbox_calls)])
        _report("inbox('yasmin', scope='roles') with 2,000 open / 10,000 closed", profile, inbox_calls)
        engine.db.dispose()

    with database("sqlite", label="profile-timers") as url:
        timers.prepare(url, timer_count, 2)
        engine = make_engine(url, moment=timers.AFTER_DOWNTIME, setup=False)
        profile = cProfile.Profile()
        profile.runcall(timers.fire_all, engine)
        _report("fire_due_timers", profile, timer_count)
        engine.db.dispose()
