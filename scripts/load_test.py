#!/usr/bin/env python3
"""Load the public pages and the API lists with wrk, served by gunicorn on production settings.

    .venv/bin/python scripts/load_test.py [--duration 60] [--connections 32] [--out FILE]

(or `make load`). For each dataset, the demo newsroom and then the same database with 100,000
generated quotations added, it serves the app with gunicorn on 127.0.0.1 and a free port, checks
that every path answers 200, then runs wrk twice, once over the main public pages and once over
the API lists, a Lua script rotating through the group's paths. It prints a Markdown table of
the requests, the rate, the latency percentiles, the CPU time gunicorn spent per request and the
errors (socket errors and any answer other than 200), and exits with status 1 if there was any
error.

The database is a temporary SQLite file, deleted at the end. With --postgres it is PostgreSQL:
the empty database DATABASE_URL names, or, without DATABASE_URL, a throwaway cluster started
by scripts/with-postgres.

The server runs the production settings (DEBUG off, a random secret key, HTTPS redirect on)
behind what it is told is a TLS proxy: wrk sends `X-Forwarded-Proto: https`. Two settings
differ from a deployment, both through the environment: the API throttle rates are raised so
that wrk's single address is not answered 429 (the throttle still counts every request in the
shared cache), and the static files are collected into the temporary folder.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# Far above what wrk sends from its one address, so that no request is refused by the throttle.
UNTHROTTLED = "10000000/minute"
SEARCH_WORD = "treaty"

# wrk's Lua script: rotate through the paths; count every answer that is not 200, by status;
# at the end, print one line the script reads back (latencies in microseconds).
LUA = """\
local paths = {%(paths)s}
local threads = {}

function setup(thread)
  thread:set("next_path", #threads * 7)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
  statuses = {}
end

function request()
  next_path = next_path + 1
  return wrk.format(nil, paths[next_path %% #paths + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local not_ok, by_status = 0, {}
  for _, thread in ipairs(threads) do
    not_ok = not_ok + thread:get("not_ok")
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local shown = {}
  for status, count in pairs(by_status) do
    table.insert(shown, status .. "x" .. count)
  end
  local e = summary.errors
  io.write(string.format(
    "LOAD-RESULT requests=%%d duration=%%d p50=%%d p90=%%d p99=%%d max=%%d connect=%%d read=%%d " ..
    "write=%%d timeout=%%d not_ok=%%d statuses=%%s\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout, not_ok,
    table.concat(shown, ",")))
end
"""

# Production settings, but the collected static files go to the temporary folder: settings.py
# has no variable for STATIC_ROOT.
SETTINGS_MODULE = "load_test_settings"
SETTINGS = """\
from newsroom.settings import *  # noqa: F403

STATIC_ROOT = {static_root!r}
"""


@dataclass
class Result:
    dataset: str
    group: str
    requests: int
    seconds: float
    p50: int
    p90: int
    p99: int
    max: int
    socket_errors: dict[str, int]
    not_ok: int
    statuses: str
    cpu_seconds: float

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values()) + self.not_ok

    def describe_errors(self) -> str:
        parts = [f"{count} {kind}" for kind, count in self.socket_errors.items() if count]
        if self.not_ok:
            parts.append(f"{self.not_ok} not 200 ({self.statuses.replace('x', ' × ')})")
        return ", ".join(parts)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    """Run a manage.py command; its output, or exit with it if the command fails."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def pick_paths(env: dict[str, str]) -> dict[str, list[str]]:
    """The paths of each group, with published records picked from the database."""
    program = textwrap.dedent(
        """
        import json, statistics, django
        django.setup()
        from django.db.models import Count
        from django.urls import reverse
        from sources.models import Appearance, Claim, Person

        quote = Appearance.objects.published().exclude(via=None).values_list(
            "quote", flat=True
        ).first() or Appearance.objects.published().values_list("quote", flat=True).first()
        # A person with the median number of public quotations: the most quoted person's page
        # lists all of theirs (about 1,000 at 100,000 quotes) and is measured on its own in the
        # README's table.
        people = list(
            Person.objects.published().annotate(said=Count("quotes")).filter(said__gt=0)
            .order_by("said", "slug").values_list("slug", flat=True)
        )
        person = people[len(people) // 2]
        claim = (
            Claim.objects.published().annotate(printings=Count("appearances"))
            .order_by("-printings", "pk").values_list("pk", flat=True).first()
        )
        print(json.dumps({
            "quote": reverse("quote-detail", kwargs={"pk": quote}),
            "person": reverse("person-detail", kwargs={"slug": person}),
            "claim": reverse("claim-detail", kwargs={"pk": claim}),
        }))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"Could not pick published records:\n{done.stderr}")
    picked = json.loads(done.stdout.strip().splitlines()[-1])
    public = [
        "/",
        "/quotes/",
        picked["quote"],
        "/people/",
        picked["person"],
        "/organizations/",
        "/claims/",
        picked["claim"],
        "/timeline/",
        f"/search/?q={SEARCH_WORD}",
        "/corrections/",
    ]
    api = [
        f"/api/{name}/"
        for name in (
            "quotes",
            "appearances",
            "sources",
            "people",
            "organizations",
            "outlets",
            "claims",
            "events",
            "timeline",
        )
    ]
    # Non-ASCII slugs travel percent-encoded, as a browser sends them.
    return {
        group: [urllib.parse.quote(path, safe="/?=&") for path in paths]
        for group, paths in (("public pages", public), ("API lists", api))
    }


class Server:
    """gunicorn on the production settings, on 127.0.0.1 and a free port, stopped by its PID."""

    def __init__(self, env: dict[str, str], folder: Path, workers: int):
        self.port = free_port()
        self.log_path = folder / "gunicorn.log"
        self.log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "newsroom.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                # The app loads once, before the workers fork.
                "--preload",
                "--pid",
                str(folder / "gunicorn.pid"),
                "--control-socket",
                str(folder / "gunicorn.ctl"),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_up()

    def wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                sys.exit(f"gunicorn stopped (exit {self.process.returncode}):\n{self.tail()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not answer within {seconds:.0f} s:\n{self.tail()}")

    def get(self, path: str) -> tuple[int, int, float]:
        """One request as wrk sends it: the status, the body's size, the time in ms."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            started = time.perf_counter()
            connection.request("GET", path, headers=PROXY_HEADERS)
            response = connection.getresponse()
            size = len(response.read())
            return response.status, size, (time.perf_counter() - started) * 1000
        finally:
            connection.close()

    def cpu_seconds(self) -> float:
        """CPU time used so far by gunicorn and its workers (the app and, on SQLite, the
        database): unlike the latencies, it hardly depends on what else the machine runs."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that has just ended
            pid, parent = int(stat.parent.name), int(fields[1])
            if self.process.pid in (pid, parent):
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def tail(self, lines: int = 30) -> str:
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def check(server: Server, paths: list[str], workers: int) -> bool:
    """Request every path three times; False if one does not answer 200."""
    # A worker's first request takes most of a second (URLs, templates): first one request per
    # path and worker, side by side, so that the times below are those of warm workers.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(server.get, paths * workers))
    ok = True
    for path in paths:
        answers = [server.get(path) for _ in range(3)]
        status, size = answers[-1][:2]
        ok = ok and all(answer[0] == 200 for answer in answers)
        flag = "" if status == 200 else "  <- not 200"
        fastest = min(answer[2] for answer in answers)
        print(f"  {status}  {fastest:6.0f} ms  {size / 1024:7.1f} KB  {path}{flag}")
    return ok


def run_wrk(
    server: Server, paths: list[str], folder: Path, options: argparse.Namespace
) -> dict[str, str]:
    """wrk over the paths; the values of its result line."""
    lua = folder / "rotate.lua"
    lua.write_text(LUA % {"paths": ", ".join(f'"{path}"' for path in paths)})
    command = [
        "wrk",
        f"-t{options.threads}",
        f"-c{options.connections}",
        f"-d{options.duration}s",
        "--latency",
        "--timeout",
        "30s",
        "-H",
        "X-Forwarded-Proto: https",
        "-s",
        str(lua),
        f"http://127.0.0.1:{server.port}",
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    # The machine may be shared: its load during the run says how far to trust the times.
    print(f"    load average over the last minute: {os.getloadavg()[0]:.2f}")
    output = done.stdout + done.stderr
    line = next((line for line in output.splitlines() if line.startswith("LOAD-RESULT ")), None)
    if done.returncode != 0 or line is None:
        sys.exit(f"wrk failed (exit {done.returncode}):\n{output}")
    print(textwrap.indent(output.replace(line + "\n", "").rstrip(), "    "))
    return dict(re.findall(r"(\w+)=(\S*)", line))


def milliseconds(microseconds: int) -> str:
    value = microseconds / 1000
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def table(results: list[Result]) -> str:
    rows = [
        "| dataset | group | requests | req/s | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) "
        "| CPU per request (ms) | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        rows.append(
            f"| {result.dataset} | {result.group} | {result.requests:,} | "
            f"{result.requests / result.seconds:.1f} | {milliseconds(result.p50)} | "
            f"{milliseconds(result.p90)} | {milliseconds(result.p99)} | "
            f"{milliseconds(result.max)} | "
            f"{1000 * result.cpu_seconds / max(result.requests, 1):.0f} | {result.errors} |"
        )
    return "\n".join(rows)


def database_label(env: dict[str, str]) -> str:
    program = (
        "import django; django.setup(); from django.db import connection; "
        "connection.ensure_connection(); "
        "print(connection.display_name, "
        "connection.Database.sqlite_version if connection.vendor == 'sqlite' "
        "else f'{connection.pg_version // 10000}.{connection.pg_version % 10000}')"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return done.stdout.strip() or "the database"


def database_is_empty(env: dict[str, str]) -> bool:
    program = (
        "import django; django.setup(); from django.db import connection; "
        "print(len(connection.introspection.table_names()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"Could not reach the database of DATABASE_URL:\n{done.stderr}")
    return done.stdout.strip() == "0"


def environment(folder: Path, options: argparse.Namespace) -> dict[str, str]:
    """The production environment of the server and of the commands that fill the database."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "DJANGO_API_ANON_RATE": UNTHROTTLED,
        "DJANGO_API_USER_RATE": UNTHROTTLED,
    }
    if options.postgres:
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    else:
        env["DJANGO_SQLITE_PATH"] = str(folder / "load.sqlite3")
    return env


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of each wrk run (60)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn workers (2 × cores + 1)",
    )
    parser.add_argument(
        "--quotes", type=int, default=100_000, help="generated quotations of the second dataset"
    )
    parser.add_argument(
        "--demo-only", action="store_true", help="only the demo dataset (a quick smoke run)"
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        default=DEFAULT_SEEDS if (DEFAULT_SEEDS / "gold.json").is_file() else None,
        help="folder of the seed articles, attached to the demo when present",
    )
    parser.add_argument(
        "--postgres", action="store_true", help="PostgreSQL instead of a SQLite file"
    )
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    return parser.parse_args()


def main() -> int:
    options = parse_arguments()
    if shutil.which("wrk") is None:
        print(
            "wrk is missing: `make load` installs it as root (apt-get install wrk).",
            file=sys.stderr,
        )
        return 2
    if options.postgres and not os.environ.get("DATABASE_URL"):
        # A throwaway cluster for the run, removed afterwards.
        script = ROOT / "scripts" / "with-postgres"
        os.execv(str(script), [str(script), sys.executable, *sys.argv])

    # A SIGTERM stops the servers and removes the files, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="provenance-load."))
    server = None
    results: list[Result] = []
    try:
        (folder / f"{SETTINGS_MODULE}.py").write_text(
            SETTINGS.format(static_root=str(folder / "static"))
        )
        env = environment(folder, options)
        if options.postgres and not database_is_empty(env):
            print("The database of DATABASE_URL is not empty: give an empty one.", file=sys.stderr)
            return 2
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        database = database_label(env)
        datasets = ["demo"] if options.demo_only else ["demo", f"{options.quotes:,} quotes"]
        for dataset in datasets:
            if dataset == "demo":
                seeds = ["--with-text", str(options.seeds)] if options.seeds else []
                print(manage(env, "load_demo", *seeds).strip().splitlines()[0])
            else:
                started = time.monotonic()
                # generate_data refuses to run with DEBUG off unless forced: the database is
                # a throwaway one.
                manage(
                    env, "generate_data", "--force", "--quotes", str(options.quotes), "--seed", "1"
                )
                print(f"Generated {dataset} in {time.monotonic() - started:.0f} s.")
            label = f"{database}, {'demo' if dataset == 'demo' else 'demo + ' + dataset}"
            groups = pick_paths(env)
            server = Server(env, folder, options.workers)
            print(f"\n{label}: gunicorn, {options.workers} workers, 127.0.0.1:{server.port}")
            for group, paths in groups.items():
                print(f"{group}: each path three times, warm (status, fastest, size):")
                if not check(server, paths, options.workers):
                    print(f"Not every path answers 200; the server's log:\n{server.tail()}")
                    return 1
                print(
                    f"{group}: wrk, {options.duration} s, {options.connections} connections, "
                    f"{options.threads} threads"
                )
                cpu_before = server.cpu_seconds()
                values = run_wrk(server, paths, folder, options)
                cpu = server.cpu_seconds() - cpu_before
                results.append(
                    Result(
                        dataset=label,
                        group=group,
                        requests=int(values["requests"]),
                        seconds=int(values["duration"]) / 1_000_000,
                        p50=int(values["p50"]),
                        p90=int(values["p90"]),
                        p99=int(values["p99"]),
                        max=int(values["max"]),
                        socket_errors={
                            kind: int(values[kind])
                            for kind in ("connect", "read", "write", "timeout")
                        },
                        not_ok=int(values["not_ok"]),
                        statuses=values["statuses"],
                        cpu_seconds=cpu,
                    )
                )
            failed = [result for result in results if result.dataset == label and result.errors]
            if failed:
                print(f"Errors; the end of the server's log:\n{server.tail()}")
            server.stop()
            server = None
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"\nwrk: {options.duration} s per row, {options.connections} connections, "
        f"{options.threads} threads; gunicorn: {options.workers} sync workers; "
        f"{os.cpu_count()} cores.\n"
    )
    print(table(results))
    for result in results:
        if result.errors:
            print(f"\n{result.dataset}, {result.group}: {result.describe_errors()}")
    if options.out:
        options.out.write_text(table(results) + "\n")
    return 1 if any(result.errors for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
