"""A JSON parser that refuses oversized, undecodable and pathological bodies before parsing them.

DRF reads JSON through Django's `request.body`, which already enforces DATA_UPLOAD_MAX_MEMORY_SIZE;
the limit is checked here again so that it holds whatever stream DRF hands over (a chunked body
declares no length). Errors from reading become 4xx answers in claims.api.errors.
"""

from __future__ import annotations

import json
import math

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def body_limit() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(literal: str) -> float:
    # Python reads 1e309 as infinity, which no field can store; say so instead.
    value = float(literal)
    if not math.isfinite(value):
        raise ValueError(f"the number {literal[:40]} is out of range")
    return value


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = body_limit()
        request = (parser_context or {}).get("request")
        declared = _declared_length(request)
        if declared is not None and declared > limit:
            raise RequestDataTooBig(_too_big(limit))
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestDataTooBig(_too_big(limit))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(
                f"the body is not valid UTF-8 (byte {exc.start}); send JSON text"
            ) from None
        try:
            return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
        except ValueError as exc:
            raise ParseError(f"malformed JSON: {exc}") from None
        except RecursionError:
            raise ParseError("malformed JSON: nested too deeply") from None


def _declared_length(request) -> int | None:
    if request is None:
        return None
    meta = request.META
    try:
        return int(meta.get("CONTENT_LENGTH") or meta.get("HTTP_CONTENT_LENGTH") or 0) or None
    except (TypeError, ValueError):
        return None


def _too_big(limit: int) -> str:
    return f"the request body is larger than the {limit:,}-byte limit"
