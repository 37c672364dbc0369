"""The benchmark of issue 7, item 3: `python bench/run.py [--quick] [--json PATH] [--postgres URL]`.

Prints a table of the figures with their targets and writes them as JSON. PostgreSQL runs when
--postgres or KLACHT_BENCH_POSTGRES_URL names a server (the bench creates and drops its own
databases there); otherwise that part says it was skipped. See bench/README.md.
"""

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: import `bench` from the repository root, and keep bench/ itself off the
    # path so its module names cannot shadow others.
    _here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(_here)]
    sys.path.insert(0, str(Path(_here).parent))

from bench import growth, inbox, lifecycle, timers  # noqa: E402
from bench import http as http_part  # noqa: E402
from bench.common import database, machine_info, make_engine  # noqa: E402

REQUIRED_KEYS = (
    "lifecycles_per_s",
    "bare_lifecycles_per_s",
    "durability_ratio",
    "growth_ratio",
    "state_bytes_after_200_rounds",
    "inbox_query_p95_ms",
    "inbox_page_p95_ms",
    "inbox_sql_statements",
    "timers_per_s",
    "timer_duplicates",
    "http_instances_per_s",
    "http_complete_median_ms",
)
HTTP_KINDS = http_part.KINDS  # start, list, get, complete


@dataclass(frozen=True)
class Sizes:
    rounds: int = 5  # a: alternating rounds of bare and engine lifecycles
    lifecycles: int = 40  # a: engine lifecycles per round
    bare_lifecycles: int = 200  # a: bare lifecycles per round
    growth_rounds: int = 200  # b
    inbox_open: int = 10_000  # c, SQLite
    inbox_closed: int = 100_000
    inbox_open_pg: int = 100_000  # c, PostgreSQL
    inbox_closed_pg: int = 1_000_000
    inbox_calls: int = 200  # c: calls per user
    inbox_calls_pg: int = 50
    page_calls: int = 100
    page_calls_pg: int = 30
    timers: int = 10_000  # d
    timers_pg: int = 10_000
    timers_driven: int = 50  # d: complaints driven through the engine; the rest are clones
    growth_pg: bool = True
    http_instances: int = 200  # e: SQLite, one gunicorn worker, one client
    http_instances_pg: int = 400  # e: PostgreSQL, http_workers_pg workers, as many clients
    http_workers_pg: int = 4
    http_warmup: int = 3  # e: untimed instances per worker first


FULL = Sizes()
QUICK = Sizes(
    rounds=3,
    lifecycles=8,
    bare_lifecycles=50,
    growth_rounds=30,
    inbox_open=1_000,
    inbox_closed=10_000,
    inbox_open_pg=1_000,
    inbox_closed_pg=10_000,
    inbox_calls=30,
    inbox_calls_pg=20,
    page_calls=20,
    page_calls_pg=10,
    timers=100,
    timers_pg=50,
    timers_driven=5,
    growth_pg=False,
    http_instances=20,
    http_instances_pg=24,
    http_warmup=1,
)
TINY = Sizes(
    rounds=1,
    lifecycles=1,
    bare_lifecycles=5,
    growth_rounds=3,
    inbox_open=30,
    inbox_closed=60,
    inbox_open_pg=30,
    inbox_closed_pg=60,
    inbox_calls=3,
    inbox_calls_pg=3,
    page_calls=2,
    page_calls_pg=2,
    timers=6,
    timers_pg=6,
    timers_driven=2,
    growth_pg=False,
    http_instances=2,
    http_instances_pg=4,
    http_workers_pg=2,
    http_warmup=1,
)

# (key, target text, test) for the table and the "targets" entry of the JSON.
TARGETS = (
    ("durability_ratio", ">= 0.25 (0.5 wanted)", lambda v: v >= 0.25),
    ("growth_ratio", "<= 1.5", lambda v: v <= 1.5),
    ("inbox_query_p95_ms", "<= 50 ms", lambda v: v <= 50),
    ("inbox_page_p95_ms", "<= 150 ms", lambda v: v <= 150),
    ("inbox_sql_statements", "<= 5", lambda v: v <= 5),
    ("timers_per_s", ">= 200/s", lambda v: v >= 200),
    ("timer_duplicates", "0", lambda v: v == 0),
    ("http_instances_per_s", ">= 50/s", lambda v: v >= 50),
    ("http_complete_median_ms", "<= 10 ms", lambda v: v <= 10),
)


def say(message: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the parts ----------------------------------------------------------------------------------


def part_a(kind, url_or_server, sizes, bare) -> dict:
    with database(kind, url_or_server, label="lifecycle") as url:
        engine = make_engine(url)
        try:
            ours, theirs, details = lifecycle.throughput(
                engine,
                bare,
                rounds=sizes.rounds,
                per_round=sizes.lifecycles,
                bare_per_round=sizes.bare_lifecycles,
            )
        finally:
            engine.db.dispose()
    return {"lifecycles_per_s": round(ours, 2), "bare_lifecycles_per_s": round(theirs, 1), **details}


def part_b(kind, url_or_server, sizes) -> dict:
    with database(kind, url_or_server, label="growth") as url:
        engine = make_engine(url)
        try:
            return growth.engine_growth(engine, sizes.growth_rounds)
        finally:
            engine.db.dispose()


def part_c(kind, url_or_server, open_count, closed_count, calls, page_calls) -> dict:
    with database(kind, url_or_server, label="inbox") as url:
        engine = make_engine(url)
        try:
            return inbox.inbox_benchmark(
                engine,
                url,
                open_count=open_count,
                closed_count=closed_count,
                calls=calls,
                page_calls=page_calls,
            )
        finally:
            engine.db.dispose()


def run_benchmark(
    sizes: Sizes, postgres_url: str | None = None, parts: str = "abcde", checkpoint=None
) -> dict:
    """Run the parts, return the figures (the JSON document).

    `checkpoint(result)` is called after each part (the JSON is written then, so a run that is
    interrupted keeps what it measured).
    """
    started = time.perf_counter()
    result = {key: None for key in REQUIRED_KEYS}
    result["started_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    result["sizes"] = asdict(sizes)
    result["load_average_start"] = _load()
    result.update(machine_info(postgres_url))
    result["postgres_note"] = (
        "ran on the server given"
        if postgres_url
        else "skipped: no --postgres URL or KLACHT_BENCH_POSTGRES_URL"
    )
    details = result["details"] = {}
    seconds = result["part_seconds"] = {}
    targets = [("sqlite", None)] + ([("postgres", postgres_url)] if postgres_url else [])

    def step(name, run):
        """One part on one database; a failure is recorded and the other parts still run."""
        clock = time.perf_counter()
        try:
            run()
        except Exception as error:  # noqa: BLE001 - reported in the figures, not hidden
            say(f"{name} failed: {type(error).__name__}: {error}")
            result.setdefault("errors", {})[name] = f"{type(error).__name__}: {error}"
        seconds[name] = round(time.perf_counter() - clock, 1)
        if checkpoint is not None:
            checkpoint(result)

    if "a" in parts:
        bare = lifecycle.BareSpiff()
        for kind, server in targets:

            def run_a(kind=kind, server=server):
                say(f"a. lifecycles on {kind}")
                found = details[f"a_{kind}"] = part_a(kind, server, sizes, bare)
                suffix = "" if kind == "sqlite" else "_postgres"
                result[f"lifecycles_per_s{suffix}"] = found["lifecycles_per_s"]
                result[f"durability_ratio{suffix}"] = round(
                    found["lifecycles_per_s"] / found["bare_lifecycles_per_s"], 4
                )
                bare_key = "bare_lifecycles_per_s" + ("" if kind == "sqlite" else "_postgres_run")
                result[bare_key] = found["bare_lifecycles_per_s"]

            step(f"a_{kind}", run_a)
        details["a_bare_steps"] = lifecycle.bare_step_latencies(bare, count=max(10, sizes.bare_lifecycles))

    if "b" in parts:
        for kind, server in targets:
            if kind == "postgres" and not sizes.growth_pg:
                continue

            def run_b(kind=kind, server=server):
                say(f"b. growth over {sizes.growth_rounds} unsatisfied rounds on {kind}")
                found = details[f"b_{kind}"] = part_b(kind, server, sizes)
                suffix = "" if kind == "sqlite" else "_postgres"
                result[f"growth_ratio{suffix}"] = found["growth_ratio"]
                result[f"growth_rounds{suffix}"] = found["growth_rounds"]
                if found.get("growth_error"):
                    result[f"growth_error{suffix}"] = found["growth_error"]
                if kind == "sqlite":
                    result["state_bytes_after_200_rounds"] = found["state_bytes_after_200_rounds"]
                    result["state_bytes_last"] = found["state_bytes_last"]

            step(f"b_{kind}", run_b)

        def run_bare():
            details["b_bare"] = growth.bare_growth(sizes.growth_rounds)
            result["bare_growth_ratio"] = details["b_bare"]["bare_growth_ratio"]

        step("b_bare", run_bare)

    if "c" in parts:
        for kind, server in targets:

            def run_c(kind=kind, server=server):
                pg = kind == "postgres"
                open_count = sizes.inbox_open_pg if pg else sizes.inbox_open
                closed_count = sizes.inbox_closed_pg if pg else sizes.inbox_closed
                say(f"c. inbox with {open_count:,} open and {closed_count:,} closed complaints on {kind}")
                found = details[f"c_{kind}"] = part_c(
                    kind,
                    server,
                    open_count,
                    closed_count,
                    sizes.inbox_calls_pg if pg else sizes.inbox_calls,
                    sizes.page_calls_pg if pg else sizes.page_calls,
                )
                suffix = "_postgres" if pg else ""
                for key in (
                    "inbox_query_p50_ms",
                    "inbox_query_p95_ms",
                    "inbox_page_p50_ms",
                    "inbox_page_p95_ms",
                ):
                    result[key + suffix] = found[key]
                result["inbox_sql_statements" + suffix] = found["inbox_sql_statements"]
                result["inbox_page_sql_statements" + suffix] = found["inbox_page_sql_statements"]
                result["inbox_page_note" + suffix] = found["inbox_page_note"]
                result["inbox_size" + suffix] = f"{open_count} open, {closed_count} closed"

            step(f"c_{kind}", run_c)

    if "d" in parts:
        for kind, server in targets:

            def run_d(kind=kind, server=server):
                count = sizes.timers_pg if kind == "postgres" else sizes.timers
                say(f"d. {count:,} due timers on {kind}: one engine, then two engines at once")
                found = details[f"d_{kind}"] = timers.timers_benchmark(
                    kind, server, count, sizes.timers_driven
                )
                suffix = "_postgres" if kind == "postgres" else ""
                single, double = found["single"], found["concurrent"]
                result["timers_per_s" + suffix] = single["per_s"]
                result["timers_concurrent_per_s" + suffix] = double["per_s"]
                result["timer_duplicates_single" + suffix] = single["duplicates"]
                result["timer_duplicates_concurrent" + suffix] = double["duplicates"]
                result["timers_missed_" + kind] = single["missed"] + double["missed"]
                if double["errors"]:
                    result["timers_concurrent_errors" + suffix] = double["errors"]
                if kind == "postgres":
                    result["timer_duplicates_postgres"] = single["duplicates"] + double["duplicates"]
                # Every duplicate and miss found anywhere (SQLite and PostgreSQL, one engine and two).
                result["timer_duplicates"] = (
                    (result.get("timer_duplicates") or 0) + single["duplicates"] + double["duplicates"]
                )
                result["timers_missed"] = (
                    (result.get("timers_missed") or 0) + single["missed"] + double["missed"]
                )

            step(f"d_{kind}", run_d)

    if "e" in parts:
        for kind, server in targets:

            def run_e(kind=kind, server=server):
                pg = kind == "postgres"
                workers = sizes.http_workers_pg if pg else 1
                count = sizes.http_instances_pg if pg else sizes.http_instances
                say(
                    f"e. {count} instances of three_user_tasks over HTTP on {kind}: gunicorn with "
                    f"{workers} worker(s), {workers} client(s)"
                )
                found = details[f"e_{kind}"] = http_part.http_benchmark(
                    kind, server, count, workers=workers, clients=workers, warmup=sizes.http_warmup
                )
                suffix = "_postgres" if pg else ""
                result["http_instances_per_s" + suffix] = found["instances_per_s"]
                for each in HTTP_KINDS:
                    result[f"http_{each}_median_ms" + suffix] = found["median_ms"][each]
                result["http_worker_peak_rss_mb" + suffix] = found["worker_peak_rss_mb_max"]
                result["http_setup" + suffix] = f"{workers} workers, {workers} clients"

            step(f"e_{kind}", run_e)
        result["http_note"] = (
            f"e: three_user_tasks over HTTP, {http_part.REQUESTS_PER_INSTANCE} requests an instance "
            "(start; per task list, get, complete; a last list)"
        )

    result["targets"] = {
        key: {
            "value": result.get(key),
            "target": text,
            "met": None if result.get(key) is None else test(result[key]),
        }
        for key, text, test in TARGETS
    }
    result["load_average_end"] = _load()
    result["run_seconds"] = round(time.perf_counter() - started, 1)
    return result


def _load():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# -- output -------------------------------------------------------------------------------------


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1 else f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(result: dict) -> str:
    targets = dict((key, (text, test)) for key, text, test in TARGETS)
    rows = [
        ("a", "lifecycles/s, SQLite (engine, every step committed)", "lifecycles_per_s"),
        ("a", "lifecycles/s, bare SpiffWorkflow in memory", "bare_lifecycles_per_s"),
        ("a", "durability ratio ours/bare, SQLite", "durability_ratio"),
        ("a", "lifecycles/s, PostgreSQL", "lifecycles_per_s_postgres"),
        ("a", "durability ratio ours/bare, PostgreSQL", "durability_ratio_postgres"),
        ("b", "growth ratio complete-task, last/first round", "growth_ratio"),
        ("b", "  rounds reached", "growth_rounds"),
        ("b", "  bare SpiffWorkflow growth ratio", "bare_growth_ratio"),
        ("b", "state bytes after 200 rounds", "state_bytes_after_200_rounds"),
        ("b", "  state bytes after the last round reached", "state_bytes_last"),
        ("c", f"inbox query p95 ms, SQLite ({result.get('inbox_size', '-')})", "inbox_query_p95_ms"),
        ("c", "  p50 ms", "inbox_query_p50_ms"),
        ("c", "inbox page p95 ms, SQLite", "inbox_page_p95_ms"),
        ("c", "SQL statements per inbox call", "inbox_sql_statements"),
        (
            "c",
            f"inbox query p95 ms, PostgreSQL ({result.get('inbox_size_postgres', '-')})",
            "inbox_query_p95_ms_postgres",
        ),
        ("c", "inbox page p95 ms, PostgreSQL", "inbox_page_p95_ms_postgres"),
        ("d", "timers fired/s, SQLite, one engine", "timers_per_s"),
        ("d", "  two engines at once", "timers_concurrent_per_s"),
        ("d", "timers fired/s, PostgreSQL, one engine", "timers_per_s_postgres"),
        ("d", "  two engines at once", "timers_concurrent_per_s_postgres"),
        ("d", "timer duplicates (all runs)", "timer_duplicates"),
        ("d", "timers missed (all runs)", "timers_missed"),
        ("e", "HTTP instances/s (1 worker, 1 client, SQLite)", "http_instances_per_s"),
        ("e", "HTTP complete-task median ms, SQLite", "http_complete_median_ms"),
        ("e", "  start / list / get median ms", "http_other_medians"),
        ("e", "  peak RSS of the worker MB", "http_worker_peak_rss_mb"),
        (
            "e",
            f"HTTP instances/s, PostgreSQL ({result.get('http_setup_postgres', '-')})",
            "http_instances_per_s_postgres",
        ),
        ("e", "HTTP complete-task median ms, PostgreSQL", "http_complete_median_ms_postgres"),
        ("e", "  start / list / get median ms", "http_other_medians_postgres"),
        ("e", "  peak RSS per worker MB (highest)", "http_worker_peak_rss_mb_postgres"),
    ]
    lines = [f"{'':2} {'figure':62} {'value':>12}  {'target':22} met"]
    lines.append("-" * len(lines[0]))
    for part, label, key in rows:
        value = result.get(key)
        if key.startswith("http_other_medians"):
            suffix = key.removeprefix("http_other_medians")
            found = [result.get(f"http_{kind}_median_ms{suffix}") for kind in ("start", "list", "get")]
            value = None if None in found else " / ".join(f"{v:.1f}" for v in found)
        base = key.removesuffix("_postgres")
        text, test = targets.get(key, ("", None))
        if not text and key.endswith("_postgres") and base in targets and base != "durability_ratio":
            text, test = targets[base]
        if key in (
            "durability_ratio_postgres",
            "http_instances_per_s_postgres",
            "http_complete_median_ms_postgres",
        ):
            text, test = "(SQLite target)", None
        met = "" if test is None or value is None else ("yes" if test(value) else "NO")
        lines.append(f"{part:2} {label:62} {_fmt(value):>12}  {text:22} {met}")
    notes = [
        result.get("postgres_note"),
        result.get("http_note"),
        result.get("growth_error") and f"growth: {result['growth_error']}",
        result.get("inbox_page_note"),
    ]
    notes.extend(f"FAILED {part}: {error}" for part, error in (result.get("errors") or {}).items())
    lines.append("")
    lines.extend(f"note: {n}" for n in notes if n)
    lines.append(
        f"machine: {result.get('machine_cores')} cores, {result.get('machine_cpu')}, "
        f"Python {result.get('python')}, "
        f"SQLite {result.get('sqlite_version')}, PostgreSQL {result.get('postgres_version') or '-'}; "
        f"load average {result.get('load_average_start')} -> {result.get('load_average_end')}; "
        f"run took {result.get('run_seconds')} s"
    )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reduced sizes, under two minutes")
    parser.add_argument("--json", metavar="PATH", help="write the figures as JSON to PATH")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("KLACHT_BENCH_POSTGRES_URL"),
        help="a PostgreSQL server (SQLAlchemy URL) to run the PostgreSQL part on",
    )
    parser.add_argument("--only", default="abcde", help="parts to run, e.g. 'ab' (default: abcde)")
    parser.add_argument("--timers", type=int, help="override the number of timers in part d")
    parser.add_argument("--profile", action="store_true", help="print where the engine spends its time")
    parser.add_argument(
        "--profile-http", action="store_true", help="print where an API request spends its time"
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.timers:
        sizes = replace(sizes, timers=args.timers, timers_pg=args.timers)
    if args.profile_http:
        http_part.profile_requests()
        return 0
    if args.profile:
        from bench.hotspots import profile_engine

        profile_engine()
        return 0
    mode = "quick" if args.quick else "full"

    def checkpoint(partial):
        if args.json:
            partial = {**partial, "mode": mode, "complete": False}
            Path(args.json).write_text(json.dumps(partial, indent=2, default=str) + "\n", encoding="utf-8")

    result = run_benchmark(sizes, args.postgres, args.only, checkpoint=checkpoint)
    result["mode"] = mode
    result["complete"] = True
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
        say(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
