"""Complaint search (issue 15) over the inbox benchmark's data set: 10k open + 100k closed
complaints cloned in bulk (bench/inbox.py), then the staff search of /klachten/ timed per kind of
question, for a user who sees everything (yasmin) and one who sees only their own (henk).

    .venv/bin/python -m bench.search [--postgres URL] [--open 10000] [--closed 100000] [--calls 40]
"""

import argparse
import json
import time

from webforms.audit_filters import ComplaintFilters

from .bulk import next_instance_id
from .common import database, latency_summary, make_engine
from .inbox import fill

# (name, query string of /klachten/) for a cloned complaint number in the middle of the set.
QUESTIONS = (
    ("first_page", {}),
    ("reference", {"q": "KL-B{n:08d}"}),
    ("name", {"q": "Klager {n}"}),
    ("email", {"q": "jan@example"}),
    ("words", {"q": "teruggebeld drie"}),
    ("handler", {"afhandelaar": "henk"}),
    ("status_period", {"status": "open", "van": "2026-10-01", "tot": "2026-10-31"}),
    ("handler_open", {"afhandelaar": "afh03", "status": "open"}),
)
USERS = ("yasmin", "henk")


def measure(engine, middle: int, calls: int) -> dict:
    result = {}
    for login in USERS:
        for name, args in QUESTIONS:
            filled = {key: value.format(n=middle) for key, value in args.items()}
            query = ComplaintFilters.from_args(filled).query()
            engine.find_instances(query, login)  # warm up
            seconds = []
            for _ in range(calls):
                started = time.perf_counter()
                page = engine.find_instances(query, login)
                seconds.append(time.perf_counter() - started)
            summary = latency_summary(f"search_{login}_{name}", seconds)
            result.update(summary)
            result[f"search_{login}_{name}_found"] = page.total
    worst = max((v, k) for k, v in result.items() if k.endswith("_p95_ms"))
    result["search_p95_ms_worst"], result["search_worst_question"] = worst
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres")
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--closed", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=40)
    options = parser.parse_args()
    kind = "postgres" if options.postgres else "sqlite"
    with database(kind, options.postgres, label="search") as url:
        engine = make_engine(url)
        try:
            first = next_instance_id(engine)
            filled = fill(engine, options.open, options.closed)
            started = time.perf_counter()
            filled["search_texts_written"] = engine.index_search_texts()  # what `klacht init` does
            filled["search_texts_seconds"] = round(time.perf_counter() - started, 1)
            middle = first + (options.open + options.closed) // 2
            result = {"database": kind, **filled, **measure(engine, middle, options.calls)}
        finally:
            engine.db.dispose()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
