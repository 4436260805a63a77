"""Thin tasks: take an id, call one service. The database, not the queue, holds the work's state.

Retries cover named transient errors only (a dropped database connection); a retry first puts
back the running state its failed attempt left, then runs the step again on a fresh connection
(Celery closes the task's database connections before each run). Anything else is recorded on
the document (by the service, or here if the service could not) and retried by the sweep up to
the attempt limit.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from claims.services import documents

TRANSIENT = (OperationalError, InterfaceError)
RETRY = {
    "autoretry_for": TRANSIENT,
    "retry_backoff": 1,
    "retry_backoff_max": 30,
    "max_retries": 5,
    "acks_late": True,
}


def _run_step(task, step: str, document_id: int, service) -> bool:
    if task.request.retries:
        documents.document_step_resume(document_id=document_id, step=step)
    try:
        return service(document_id=document_id)
    except TRANSIENT:
        raise  # retried by Celery
    except Exception as exc:
        documents.document_fail_unrecorded(document_id=document_id, step=step, error=exc)
        raise


@shared_task(bind=True, **RETRY)
def extract_document(self, document_id: int) -> bool:
    return _run_step(self, "extract", document_id, documents.document_extract)


@shared_task(bind=True, **RETRY)
def crosscheck_document(self, document_id: int) -> bool:
    return _run_step(self, "crosscheck", document_id, documents.document_crosscheck)


@shared_task(expires=60)
def sweep_pending() -> int:
    return documents.documents_sweep()


@shared_task(expires=3600)
def reliabilities_recompute() -> int:
    """Learn each origin's reliability again from the stored evidence (on beat)."""
    from claims.services.reliability import reliabilities_recompute as recompute

    return recompute()
