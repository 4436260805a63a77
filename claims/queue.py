"""Enqueue a pipeline step by name, after the transaction commits.

Services enqueue through here, so they never import claims.tasks (the tasks import the services,
never the reverse). The task is looked up in the Celery app's registry by its name and sent with
`.delay`, which runs it in-process when CELERY_TASK_ALWAYS_EAGER is on (the local run, no broker);
`send_task` would always go to a broker. A process that is not a worker (the web, a command) has
not imported the apps' task modules when it first enqueues: the lookup then runs Celery's
autodiscovery, as a worker does when it starts.

The message is only a nudge: the document's state is in the database, and the sweep enqueues
again what a lost message left pending.
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction

# A step's name and the task that runs it (the names shared_task gives claims.tasks' functions).
TASKS = {
    "extract": "claims.tasks.extract_document",
    "crosscheck": "claims.tasks.crosscheck_document",
}


def enqueue(step_name: str, document_id: int) -> None:
    """Queue the step for the document once the current transaction commits (at once outside
    one); a transaction rolled back queues nothing."""
    task_name = TASKS[step_name]  # an unknown step fails here, in the caller, not after commit
    transaction.on_commit(lambda: task(task_name).delay(document_id))


def task(name: str):
    """The registered task of this name, discovering the apps' task modules on first use."""
    registry = current_app.tasks
    if name not in registry:
        current_app.loader.import_default_modules()  # the autodiscovery a worker runs at start
    return registry[name]
