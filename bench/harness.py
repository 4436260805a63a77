"""What the benchmarks share: a PostgreSQL database and a Redis database of their own, manage.py
run with an environment, a free port on the loopback, the gunicorn and Celery commands, and a wait
for a process to be ready."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def with_database(url: str, name: str) -> str:
    """The same PostgreSQL server, another database."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def database_recreate(url: str, *, must_say: str, drop_only: bool = False) -> None:
    """Drop the database `url` names and create it empty. Its name must contain `must_say`, so a
    benchmark never drops a database that is not its own."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if must_say not in name:
        raise SystemExit(f"refusing to drop {name!r}: the database's name must say {must_say}")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            admin.execute(f'CREATE DATABASE "{name}"')


def redis_flush(url: str) -> None:
    """Empty the Redis database `url` names; never database 0, which others may use."""
    import redis

    if urlsplit(url).path.strip("/") in ("", "0"):
        raise SystemExit("give the benchmark its own Redis database number, not 0")
    redis.Redis.from_url(url).flushdb()


def manage(env: dict, *args: str) -> str:
    """Run manage.py with `env`; its output, or exit naming the command that failed."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def gunicorn_command(*, port: int, workers: int, log_level: str = "info") -> list[str]:
    """gunicorn serving the project on the loopback."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "factcheck.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        log_level,
    ]


def worker_command(
    *, pool: str, concurrency: int, log_level: str, options: tuple[str, ...] = ()
) -> list[str]:
    """One Celery worker of the project, without the chatter a lone worker does not need."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "factcheck",
        "worker",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        f"--loglevel={log_level}",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        *options,
    ]


def wait_for(what: str, ready, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    """Wait until `ready()` holds; stop with the log if the process exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with {process.returncode}:\n{log.read_text()}")
        if ready():
            return
        time.sleep(0.1)
    raise SystemExit(f"{what} did not start in {seconds:.0f} s:\n{log.read_text()}")
