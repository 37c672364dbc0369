"""Part e of the benchmark: the JSON API over real HTTP, served by gunicorn as in production.

`Server` starts `gunicorn webforms.wsgi:app` with N workers on a free loopback port (and, when
asked, one `klacht scheduler` process beside it), waits until it answers and stops it again; the
production tests (tests/production) use it too. `http_benchmark` drives instances of the
benchmark's diagram bench/three_user_tasks.bpmn through the API, 11 requests each, with one or
more clients, and reports instances per second, the median latency per kind of request and the
peak memory of each worker.
`profile_requests` runs the same requests in-process through Flask's test client under cProfile.
"""

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .common import database, make_engine, ms, percentile

ROOT = Path(__file__).resolve().parent.parent
DIAGRAM = ROOT / "bench" / "three_user_tasks.bpmn"
PROCESS = "three_user_tasks"
API = "/api/v1"
TASKS = ("task_a", "task_b", "task_c")
# The kinds of request in one instance, in the order they are sent (11 requests):
# start, then per task: list the instance's tasks, get the task, complete it; a last list shows
# the instance closed.
KINDS = ("start", "list", "get", "complete")
REQUESTS_PER_INSTANCE = 1 + 3 * len(TASKS) + 1
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
# A gunicorn configuration file with one hook: each worker leaves a file named after its pid once
# it has loaded the app, so `wait_ready` knows every worker can take requests.
READY_HOOK = """import pathlib


def post_worker_init(worker):
    pathlib.Path({folder!r}, str(worker.pid)).touch()
"""


# -- processes ----------------------------------------------------------------------------------


def outer_environment() -> dict:
    """This process's environment without KLACHT_* settings: a child gets only the ones given."""
    return {name: value for name, value in os.environ.items() if not name.startswith("KLACHT_")}


def klacht_command() -> list[str]:
    """The `klacht` command of this interpreter's environment."""
    script = Path(sys.executable).parent / "klacht"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from webforms.cli import main; sys.exit(main())"]


def klacht(database_url: str, *args: str, env: dict | None = None) -> str:
    """Run one `klacht` command on `database_url`; its stdout, or an error with its stderr."""
    environ = {**outer_environment(), **(env or {}), "KLACHT_DATABASE_URL": database_url}
    done = subprocess.run(
        [*klacht_command(), *args], env=environ, capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"klacht {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def children(pid: int) -> list[int]:
    """The process ids whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (command) state ppid ...": the command may hold spaces and parentheses.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def peak_memory_kb(pid: int) -> int | None:
    """VmHWM (the peak resident set size) of a process, in kB; None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Server:
    """gunicorn serving webforms.wsgi:app on 127.0.0.1 with `workers` sync workers, settings from
    `env` (KLACHT_*), and optionally one `klacht scheduler` process with `scheduler_env` on top.

    The listening socket is bound here first and handed to gunicorn (`-b fd://N`), so the port is
    free and known before gunicorn starts. Ready means: every worker has loaded the app and the API
    answers. Use as a context manager; `stop()` ends both processes and waits for them. Their
    output goes to log files in `log_dir` (shown when starting fails)."""

    def __init__(
        self,
        database_url: str,
        workers: int = 1,
        env: dict | None = None,
        scheduler: bool = False,
        scheduler_env: dict | None = None,
        log_dir: str | Path | None = None,
    ):
        self.database_url = database_url
        self.workers = workers
        self.env = {
            "KLACHT_ENV": "production",
            "KLACHT_SECRET_KEY": secrets.token_hex(32),
            **(env or {}),
            "KLACHT_DATABASE_URL": database_url,
        }
        self.with_scheduler = scheduler
        self.scheduler_env = scheduler_env or {}
        self._own_log_dir = log_dir is None
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="klacht-gunicorn-"))
        self.gunicorn: subprocess.Popen | None = None
        self.scheduler: subprocess.Popen | None = None
        self._logs: list = []
        self.port: int | None = None

    # The address clients use.
    @property
    def host(self) -> str:
        return "127.0.0.1"

    def start(self) -> "Server":
        ready = self.log_dir / "ready"
        ready.mkdir(exist_ok=True)
        hook = self.log_dir / "gunicorn_ready.py"
        hook.write_text(READY_HOOK.format(folder=str(ready)))
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind((self.host, 0))
            listener.listen(128)
            self.port = listener.getsockname()[1]
            fd = listener.fileno()
            self.gunicorn = self._spawn(
                "gunicorn",
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--workers",
                    str(self.workers),
                    "--bind",
                    f"fd://{fd}",
                    "--no-control-socket",  # several servers may run at once under one user
                    "--graceful-timeout",
                    "5",
                    "--config",
                    str(hook),
                    "webforms.wsgi:app",
                ],
                self.env,
                pass_fds=(fd,),
            )
        finally:
            listener.close()  # gunicorn has its own copy
        if self.with_scheduler:
            self.scheduler = self._spawn(
                "scheduler", [*klacht_command(), "scheduler"], {**self.env, **self.scheduler_env}
            )
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, name: str, command: list[str], env: dict, pass_fds=()) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed in stop()
        self._logs.append(log)
        return subprocess.Popen(
            command,
            env={**outer_environment(), **env},
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=pass_fds,
        )

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        """Until every worker runs and the API answers (polling; fails early if a process died)."""
        deadline = time.monotonic() + timeout
        while True:
            self._check_alive()
            loaded = {int(p.name) for p in (self.log_dir / "ready").iterdir()}
            if len(loaded & set(self.worker_pids())) == self.workers:
                try:
                    status, _ = request(self.port, "GET", API + "/openapi.json", timeout=5)
                    if status == 200:
                        return
                except OSError:
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s\n{self.log_tail()}")
            time.sleep(0.05)

    def _check_alive(self) -> None:
        for name, process in (("gunicorn", self.gunicorn), ("scheduler", self.scheduler)):
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        return children(self.gunicorn.pid) if self.gunicorn else []

    def worker_peak_memory_kb(self) -> dict[int, int]:
        """VmHWM of every worker now running (read it before stopping the server)."""
        found = {pid: peak_memory_kb(pid) for pid in self.worker_pids()}
        return {pid: kb for pid, kb in found.items() if kb is not None}

    def log_tail(self, lines: int = 40) -> str:
        shown = []
        for path in sorted(self.log_dir.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()[-lines:]
            shown.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(shown)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("*.log")))

    def stop(self) -> None:
        """SIGTERM to both (gunicorn stops its workers gracefully), SIGKILL after STOP_TIMEOUT."""
        for process in (self.scheduler, self.gunicorn):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (self.scheduler, self.gunicorn):
            if process is None:
                continue
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self._logs:
            log.close()
        self._logs.clear()

    def cleanup(self) -> None:
        if self._own_log_dir:
            shutil.rmtree(self.log_dir, ignore_errors=True)

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()
        self.cleanup()


# -- a client -----------------------------------------------------------------------------------


def request(port: int, method: str, path: str, body=None, token=None, headers=None, timeout=30.0):
    """One HTTP request to 127.0.0.1:port, on a new connection (gunicorn's sync workers close
    each one): (status, parsed JSON body or None)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        sent = dict(headers or {})
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        if token:
            sent["Authorization"] = f"Bearer {token}"
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        raw = response.read()
        kind = response.getheader("Content-Type", "")
        return response.status, (json.loads(raw) if raw and kind.startswith("application/json") else None)
    finally:
        connection.close()


class Client:
    """One client with a token, timing every request by its kind."""

    def __init__(self, port: int, token: str):
        self.port = port
        self.token = token
        self.seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}

    def call(self, kind: str, method: str, path: str, body=None, expect=(200,)):
        started = time.perf_counter()
        status, answer = request(self.port, method, API + path, body, self.token)
        self.seconds[kind].append(time.perf_counter() - started)
        if status not in expect:
            raise RuntimeError(f"{method} {path}: {status} {answer}")
        return answer

    def instance(self) -> str:
        """One instance of three_user_tasks from start to closed, in 11 requests."""
        started = self.call("start", "POST", f"/processes/{PROCESS}/instances", {}, expect=(201,))
        reference = started["reference"]
        for expected in TASKS:
            listed = self.call("list", "GET", f"/instances/{reference}/tasks")["tasks"]
            if [t["task"] for t in listed] != [expected]:
                raise RuntimeError(f"{reference}: expected {expected}, got {listed}")
            task_id = listed[0]["id"]
            self.call("get", "GET", f"/tasks/{task_id}")
            done = self.call("complete", "POST", f"/tasks/{task_id}/complete", {})
            if done["state"] != "completed":
                raise RuntimeError(f"{reference}: {expected} not completed: {done}")
        final = self.call("list", "GET", f"/instances/{reference}/tasks")
        if final["status"] != "closed" or final["tasks"]:
            raise RuntimeError(f"{reference} not closed: {final}")
        return reference


# -- the benchmark ------------------------------------------------------------------------------


def prepare(url: str, clients: int) -> list[str]:
    """Schema, bundled diagram, demo users, three_user_tasks deployed; one token per client."""
    engine = make_engine(url)
    try:
        engine.deploy(DIAGRAM.read_bytes(), actor="pieter", comment="benchmark")
        return [engine.create_token("henk", f"bench client {n}").secret for n in range(clients)]
    finally:
        engine.db.dispose()


def run_clients(server: Server, tokens: list[str], instances: int, warmup: int) -> dict:
    """`instances` instances spread over one thread per token, after `warmup` untimed ones per
    worker; instances per second over the wall time and the latency per kind of request."""
    warm = Client(server.port, tokens[0])
    for _ in range(warmup * server.workers):
        warm.instance()
    clients = [Client(server.port, token) for token in tokens]
    shares = [instances // len(clients) + (n < instances % len(clients)) for n in range(len(clients))]
    barrier = threading.Barrier(len(clients) + 1)
    failures: list[str] = []

    def work(client: Client, count: int) -> None:
        barrier.wait()
        try:
            for _ in range(count):
                client.instance()
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=work, args=pair) for pair in zip(clients, shares, strict=True)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} client(s) failed: {failures[0]}")
    merged = {kind: [s for c in clients for s in c.seconds[kind]] for kind in KINDS}
    return {
        "instances": instances,
        "clients": len(clients),
        "workers": server.workers,
        "requests": instances * REQUESTS_PER_INSTANCE,
        "seconds": round(wall, 3),
        "instances_per_s": round(instances / wall, 2),
        "requests_per_s": round(instances * REQUESTS_PER_INSTANCE / wall, 1),
        "median_ms": {kind: ms(statistics.median(values)) for kind, values in merged.items()},
        "p95_ms": {kind: ms(percentile(values, 0.95)) for kind, values in merged.items()},
    }


def http_benchmark(
    kind: str, postgres_url: str | None, instances: int, workers: int, clients: int, warmup: int = 2
) -> dict:
    """Part e on one database: gunicorn with `workers` workers, `clients` concurrent clients."""
    with database(kind, postgres_url, label="http") as url:
        tokens = prepare(url, clients)
        with Server(url, workers=workers) as server:
            found = run_clients(server, tokens, instances, warmup)
            memory = server.worker_peak_memory_kb()
        found["database"] = kind
        found["worker_peak_rss_mb"] = sorted(round(kb / 1024, 1) for kb in memory.values())
        found["worker_peak_rss_mb_max"] = max(found["worker_peak_rss_mb"], default=None)
        return found


# -- profiling ----------------------------------------------------------------------------------


def profile_requests(instances: int = 30, top: int = 30) -> None:
    """Where a request spends its time: the 11 requests of an instance through Flask's test
    client (no network, no gunicorn) under cProfile, on SQLite as gunicorn's single worker has it."""
    import cProfile
    import io
    import pstats

    from webforms import create_app
    from webforms.composition import build_engine
    from webforms.settings import Settings

    with database("sqlite", label="http-profile") as url:
        [token] = prepare(url, 1)
        settings = Settings(database_url=url, environment="production", secret_key=secrets.token_hex(32))
        app = create_app(settings, build_engine(settings))
        test_client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}

        def call(kind, method, path, body=None):
            started = time.perf_counter()
            answer = test_client.open(API + path, method=method, json=body, headers=headers)
            seconds[kind].append(time.perf_counter() - started)
            assert answer.status_code in (200, 201), answer.get_data(as_text=True)
            return answer.get_json()

        def one():
            reference = call("start", "POST", f"/processes/{PROCESS}/instances", {})["reference"]
            for _ in TASKS:
                task_id = call("list", "GET", f"/instances/{reference}/tasks")["tasks"][0]["id"]
                call("get", "GET", f"/tasks/{task_id}")
                call("complete", "POST", f"/tasks/{task_id}/complete", {})
            call("list", "GET", f"/instances/{reference}/tasks")

        for _ in range(3):
            one()
        for values in seconds.values():
            values.clear()
        profile = cProfile.Profile()
        profile.runcall(lambda: [one() for _ in range(instances)])
        print(f"\n=== {instances} instances of {PROCESS} through the test client (cProfile on)")
        for kind, values in seconds.items():
            print(f"{kind:9} median {ms(statistics.median(values)):7.2f} ms over {len(values)} requests")
        stream = io.StringIO()
        stats = pstats.Stats(profile, stream=stream)
        stats.sort_stats("cumulative").print_stats("engine/|process/|webforms/", top)
        stats.sort_stats("tottime").print_stats(top)
        print(stream.getvalue())
        app.extensions["klacht"].db.dispose()
