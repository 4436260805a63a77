"""Say whether the PostgreSQL and Redis the tests use answer, and how to start the one that doesn't.

Reads DATABASE_URL and FACTCHECK_TEST_REDIS_URL (scripts/test sets the defaults). Exit 0 when both
answer; otherwise print one message per missing service and exit 1.
"""

import os
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis

START_POSTGRES = "sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
START_REDIS = (
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no'
    " --dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


def redacted(url: str) -> str:
    """The URL without its password, fit to print."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def postgres_problem(url: str) -> str | None:
    if urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
        return f"DATABASE_URL must point at PostgreSQL for the tests, not {redacted(url)}"
    # Any database on the server will do: pytest-django creates its own test_<name> database.
    error = ""
    for dbname in (urlsplit(url).path.lstrip("/") or "postgres", "postgres"):
        try:
            with psycopg.connect(_libpq_url(url), dbname=dbname, connect_timeout=3):
                return None
        except psycopg.OperationalError as exc:
            error = " ".join(str(exc).split()) or repr(exc)
            if not ('database "' in error and "does not exist" in error):
                break
    if "refused" in error or "timeout" in error or "No such file" in error:
        return (
            f"PostgreSQL is not reachable at {redacted(url)}: {error}\n"
            f"  Start it (Debian/Ubuntu): {START_POSTGRES}\n"
            "  or point DATABASE_URL at a running server."
        )
    return (
        f"PostgreSQL at {redacted(url)} answers but refuses the tests: {error}\n  Fix DATABASE_URL."
    )


def _libpq_url(url: str) -> str:
    # libpq knows postgresql:// and postgres://; dj-database-url also accepts pgsql://.
    return "postgresql://" + url.split("://", 1)[1]


def redis_problem(url: str) -> str | None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except (redis.RedisError, OSError, ValueError) as exc:
        return (
            f"Redis is not reachable at {redacted(url)}: {exc}\n"
            f"  Start it: {START_REDIS}\n"
            "  (create /var/lib/redis and /var/log/redis first if they are missing)\n"
            "  or point FACTCHECK_TEST_REDIS_URL at a running server."
        )
    return None


def main() -> int:
    problems = [
        problem
        for problem in (
            postgres_problem(os.environ["DATABASE_URL"]),
            redis_problem(os.environ["FACTCHECK_TEST_REDIS_URL"]),
        )
        if problem
    ]
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
