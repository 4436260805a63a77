"""The one-command local run: SQLite and in-process tasks, with the demo loaded and checked.

Everything else in the suite runs on PostgreSQL; this keeps the embedded default honest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def manage(*args: str, database: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_URL": "",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_demo_loads_and_is_checked_on_sqlite(tmp_path):
    database = tmp_path / "local.sqlite3"
    migrated = manage("migrate", "--noinput", database=database)
    assert migrated.returncode == 0, migrated.stderr

    loaded = manage("load_demo", database=database)

    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    summary = loaded.stdout.strip().splitlines()[-1]
    assert summary.startswith("7 claims:") and "pending" not in summary, summary
    assert "supported" in summary
