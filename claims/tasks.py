"""Thin tasks: take an id, call one service. The database, not the queue, holds the work's state.

Retries cover named transient errors only (a dropped database connection); anything else is
recorded on the document by the service and retried by the sweep up to the attempt limit.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from claims import services

TRANSIENT = (OperationalError, InterfaceError)
RETRY = {
    "autoretry_for": TRANSIENT,
    "retry_backoff": 1,
    "retry_backoff_max": 30,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(**RETRY)
def extract_document(document_id: int) -> bool:
    return services.document_extract(document_id=document_id)


@shared_task(**RETRY)
def crosscheck_document(document_id: int) -> bool:
    return services.document_crosscheck(document_id=document_id)


@shared_task(expires=60)
def sweep_pending() -> int:
    return services.documents_requeue_stale()
