"""Settings come from the environment: a bad value stops start-up with a message naming the
variable, and production values pass `check --deploy` without a single warning.

Each case starts a fresh Python process, since settings are read once per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LOAD_SETTINGS = "import django; django.setup(); from django.conf import settings; settings.DEBUG"
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "production-like-0f8e7d6c5b4a39281706f5e4d3c2b1a0-Zq9Yx8Wv7Ut6Sr5Qp4",
    "DJANGO_ALLOWED_HOSTS": "factcheck.example.org",
    "DATABASE_URL": "postgres://factcheck:secret@db.example.org:5432/factcheck",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
}


OUR_PREFIXES = ("DJANGO_", "FACTCHECK_", "CELERY_", "DATABASE_")


def run_python(
    args: list[str], *, clean: bool = False, **env: str | None
) -> subprocess.CompletedProcess:
    """Run Python in the repository with `env` on top of this process's environment (or, when
    `clean`, on top of an environment with none of the project's variables: no test defaults)."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not (clean and name.startswith(OUR_PREFIXES))
    }
    environment["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_good_environment_loads():
    result = run_python(["-c", LOAD_SETTINGS])
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("DJANGO_DEBUG", "maybe", "true or false"),
        ("FACTCHECK_MAX_ATTEMPTS", "abc", "integer"),
        ("FACTCHECK_MAX_ATTEMPTS", "0", "at least 1"),
        ("CELERY_TASK_TIME_LIMIT", "2.5", "integer"),
    ],
)
def test_bad_value_stops_start_up_naming_the_variable(variable: str, value: str, says: str):
    result = run_python(["-c", LOAD_SETTINGS], **{variable: value})
    assert result.returncode != 0, f"{variable}={value!r} was accepted"
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line, result.stderr
    assert variable in last_line and says in last_line, result.stderr


def test_missing_secret_key_outside_debug_stops_start_up():
    result = run_python(["-c", LOAD_SETTINGS], DJANGO_DEBUG="false", DJANGO_SECRET_KEY=None)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr.strip().splitlines()[-1], result.stderr


def test_production_values_pass_the_deploy_check():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], clean=True, **PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout + result.stderr


def test_debug_off_is_the_default():
    # Forgetting DJANGO_DEBUG must never leave a deployment in debug mode.
    result = run_python(
        ["-c", f"{LOAD_SETTINGS}; print(settings.DEBUG)"],
        clean=True,
        DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_postgresql_connections_run_without_jit_beside_the_urls_own_options():
    show = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default'].get('OPTIONS', {}).get('options', ''))"
    )
    plain = run_python(["-c", show], DATABASE_URL="postgres://u@db.example.org/factcheck")
    assert plain.stdout.strip() == "-c jit=off", plain.stderr
    timeout = "postgres://u@db.example.org/factcheck?options=-c%20statement_timeout%3D5000"
    both = run_python(["-c", show], DATABASE_URL=timeout)
    assert both.stdout.strip() == "-c statement_timeout=5000 -c jit=off", both.stderr
    sqlite = run_python(["-c", show], DATABASE_URL="sqlite:////tmp/factcheck-settings.sqlite3")
    assert sqlite.stdout.strip() == "", sqlite.stderr
