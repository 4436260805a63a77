"""Shared fixtures: the real services (Redis, a Celery worker process) the queue tests run against.

Services that are down make the tests that need them fail with a message saying how to start
them; nothing is skipped.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import kombu.pools
import pytest
import redis

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"
WORKER_START_SECONDS = 60
START_REDIS = (
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no'
    " --dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so fixtures can tell at teardown if it failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    return any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The Redis database the queue tests own (FACTCHECK_TEST_REDIS_URL); it gets flushed."""
    url = os.environ.get("FACTCHECK_TEST_REDIS_URL") or DEFAULT_TEST_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except (redis.RedisError, OSError) as exc:
        pytest.fail(
            f"Redis is not reachable at {url}: {exc}\n"
            f"Start it with: {START_REDIS}\n"
            "or point FACTCHECK_TEST_REDIS_URL at a running Redis.",
            pytrace=False,
        )
    return url


def _database_url_for(name: str) -> str:
    """DATABASE_URL with its database swapped for `name` (the test database)."""
    url = os.environ["DATABASE_URL"]
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@dataclasses.dataclass(frozen=True)
class WorkerProcess:
    """A `celery worker` subprocess and the file its output goes to."""

    process: subprocess.Popen
    log_path: Path
    broker_url: str
    queue: str
    log_offset: int = 0  # where the current test's part of the log starts

    def log(self) -> str:
        """The worker's output since the current test started."""
        return self.log_path.read_text(errors="replace")[self.log_offset :]


def worker_database_url(*, application_name: str = "") -> str:
    """The test database's URL for a worker process; a named connection can be found in
    pg_stat_activity (the fault tests drop a worker's connections by this name)."""
    from django.conf import settings

    url = _database_url_for(settings.DATABASES["default"]["NAME"])
    return f"{url}?application_name={application_name}" if application_name else url


def start_worker(
    *,
    broker_url: str,
    log_path: Path,
    pool: str = "solo",
    concurrency: int = 1,
    env: dict[str, str] | None = None,
    queue: str | None = None,
) -> WorkerProcess:
    """Start a `celery worker` process on the test database and wait until it is ready."""
    from factcheck.celery import app

    queue = queue or app.conf.task_default_queue
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": broker_url,
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "factcheck",
        "worker",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        "-Q",
        queue,
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
        "-n",
        f"tests-{uuid.uuid4().hex[:8]}@%h",
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=REPO, env=environment, stdout=log_file, stderr=subprocess.STDOUT
        )
    worker = WorkerProcess(process, log_path, broker_url, queue)
    try:
        _wait_until_ready(worker)
    except BaseException:
        stop_process(process)
        raise
    return worker


@pytest.fixture(scope="session")
def _celery_worker_session(django_db_setup, redis_url: str) -> Iterator[WorkerProcess]:
    # Session-wide: one worker serves every queue test, so each pays no start-up time. It is
    # stopped before pytest-django drops the test database (this fixture depends on its setup).
    redis.Redis.from_url(redis_url).flushdb()
    log_dir = Path(tempfile.mkdtemp(prefix="factcheck-worker-"))
    worker = start_worker(broker_url=redis_url, log_path=log_dir / "worker.log")
    try:
        yield worker
    finally:
        stop_process(worker.process)


def _wait_until_ready(worker: WorkerProcess) -> None:
    deadline = time.monotonic() + WORKER_START_SECONDS
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(
                f"the Celery worker exited with {worker.process.returncode} while starting:\n"
                f"{worker.log()}",
                pytrace=False,
            )
        if " ready." in worker.log():
            return
        time.sleep(0.1)
    pytest.fail(
        f"the Celery worker did not report ready in {WORKER_START_SECONDS}s:\n{worker.log()}",
        pytrace=False,
    )


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM (a worker's warm shutdown lets its current task finish), then SIGKILL."""
    if process.poll() is not None:
        return
    process.terminate()  # SIGTERM: warm shutdown, the current task finishes
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclasses.dataclass
class RedisServer:
    """A redis-server of the tests' own, keeping nothing on disk: stopping it loses every
    queued message, as a crashed or restarted broker would."""

    port: int
    log_path: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(self.log_path),
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url, socket_connect_timeout=1).ping():
                    return
            except (redis.RedisError, OSError):
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def kill(self) -> None:
        """SIGKILL: the server goes down with everything it held."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.kill()
        self.start()


@pytest.fixture(scope="module")
def own_redis(tmp_path_factory) -> Iterator[RedisServer]:
    """A redis-server started for these tests alone, on a free port; the shared one is never
    touched."""
    if shutil.which("redis-server") is None:
        pytest.fail(f"redis-server is not installed; {START_REDIS.split()[0]} is needed", False)
    server = RedisServer(free_port(), tmp_path_factory.mktemp("redis") / "redis.log")
    server.start()
    try:
        yield server
    finally:
        server.kill()


def point_celery_at(app, *, broker_url: str, always_eager: bool) -> None:
    app.conf.update(broker_url=broker_url, task_always_eager=always_eager)
    # Celery and kombu cache broker connection pools (kombu's per URL, process-wide): close and
    # forget them all, so the next message goes out on a fresh connection to the new URL.
    kombu.pools.reset()
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@pytest.fixture
def celery_worker_process(
    request: pytest.FixtureRequest, settings, _celery_worker_session: WorkerProcess
) -> Iterator[WorkerProcess]:
    """A real Celery worker on Redis, with this test's tasks sent to it through Redis.

    The worker uses the test database, so use it from tests marked
    `django_db(transaction=True)`: the worker only sees committed rows.
    On failure the worker's output during the test is printed.
    """
    from factcheck.celery import app

    worker = dataclasses.replace(
        _celery_worker_session, log_offset=len(_celery_worker_session.log_path.read_text())
    )
    if worker.process.poll() is not None:
        pytest.fail(
            f"the Celery worker has exited ({worker.process.returncode}):\n{worker.log()}",
            pytrace=False,
        )
    before = {"broker_url": app.conf.broker_url, "always_eager": app.conf.task_always_eager}
    settings.CELERY_BROKER_URL = worker.broker_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    point_celery_at(app, broker_url=worker.broker_url, always_eager=False)
    try:
        yield worker
    finally:
        point_celery_at(app, **before)
    if _failed(request):
        print(f"\n----- Celery worker log during {request.node.nodeid} -----")
        print(worker.log())
