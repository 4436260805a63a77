"""One error shape for the API: a JSON body with a `detail` message, and field errors beside it.

Besides DRF's own exceptions this answers the ones Django raises underneath a view: an
oversized body (413) and a service's ValidationError (400, e.g. services.documents.IngestError).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _messages(exc: DjangoValidationError) -> list[str]:
    return [str(message) for message in exc.messages]


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return Response(
            {"detail": f"the request body is larger than the {limit:,}-byte limit"},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, DjangoValidationError):
        messages = _messages(exc)
        return Response(
            {"detail": "; ".join(messages), "errors": messages},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # A bare list of messages gets the same shape as everything else.
        response.data = {"detail": "; ".join(map(str, response.data)), "errors": response.data}
    elif response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        response.data = {"detail": _summary(response.data), **response.data}
    return response


def _summary(errors: dict) -> str:
    """One line naming each field and its first problem, for clients that print `detail`."""
    parts = []
    for field, problems in errors.items():
        first = problems[0] if isinstance(problems, list) and problems else problems
        label = "request" if field == "non_field_errors" else field
        parts.append(f"{label}: {first}")
    return "; ".join(parts) or "invalid request"
