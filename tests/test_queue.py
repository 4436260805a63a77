"""claims.queue: a step is enqueued by name after commit, and runs in-process with no broker."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery import current_app
from django.conf import settings
from django.db import transaction

from claims import queue
from claims.models import Document
from tests.factories import DocumentFactory, SourceFactory

CLAIMS = Path(__file__).resolve().parent.parent / "claims"
TEXT = "US forces have been attacked more than 150 times in Iraq and Syria since Oct. 17."


def test_every_step_names_a_registered_task():
    for step, name in queue.TASKS.items():
        assert queue.task(name).name == name, step


def test_a_process_that_never_imported_the_tasks_finds_them_by_name():
    # The web process: Django set up, claims.tasks not imported until the first enqueue.
    script = (
        "import sys, django; django.setup(); from claims import queue; "
        "assert 'claims.tasks' not in sys.modules; "
        "print(queue.task(queue.TASKS['crosscheck']).name)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=CLAIMS.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "claims.tasks.crosscheck_document"


def test_an_unknown_step_is_refused_at_once():
    with pytest.raises(KeyError):
        queue.enqueue("summarise", 1)


@pytest.mark.django_db
def test_a_step_runs_eagerly_with_no_broker_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    assert settings.CELERY_BROKER_URL == "" and current_app.conf.task_always_eager
    document = DocumentFactory(
        source=SourceFactory(name="Military Times"), text=TEXT, state=Document.State.RECEIVED
    )
    with django_capture_on_commit_callbacks(execute=True) as queued:
        queue.enqueue("extract", document.pk)
        document.refresh_from_db()
        assert document.state == Document.State.RECEIVED  # nothing runs before the commit
    # The extraction ran in-process and queued the cross-check, which ran after it.
    assert len(queued) == 2
    document.refresh_from_db()
    assert document.state == Document.State.CHECKED
    assert document.claims.count() == 1


@pytest.mark.django_db
def test_a_transaction_rolled_back_queues_nothing(django_capture_on_commit_callbacks):
    document = DocumentFactory(state=Document.State.RECEIVED)
    with (
        django_capture_on_commit_callbacks(execute=True) as queued,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue.enqueue("extract", document.pk)
        raise RuntimeError("rolled back")
    assert queued == []
    document.refresh_from_db()
    assert document.state == Document.State.RECEIVED


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_services_and_selectors_never_import_the_tasks():
    # tasks.py imports the services; the services reach the tasks only by name (claims.queue).
    files = [CLAIMS / "queue.py", *CLAIMS.glob("services/*.py"), *CLAIMS.glob("selectors/*.py")]
    for path in files:
        assert "claims.tasks" not in _imported_modules(path), path
