"""The OpenAPI schema says what the API answers when a request is refused, and what it accepts.

drf-spectacular documents the answers each view declares; the refusals every view shares (a bad
filter or body, no credentials, no permission, an unknown id, a body too large, too many writes)
are added here, with the one error body they all have, and so are the bounds the API enforces on
ids in paths, on page numbers and on text (FactcheckSchema, for the fields of request bodies):
what the schema calls valid the API accepts, and what it calls invalid the API refuses.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from claims.models import MAX_ID

# Text the API stores: no NUL (PostgreSQL cannot hold it); and, where blank is refused after
# surrounding whitespace is trimmed, at least one character that is not whitespace.
NO_NUL = r"^[^\x00]*$"
# With a pattern, drf-spectacular states a blank-allowed field as oneOf(pattern, ""): the
# pattern then must not match "" too.
NO_NUL_NOR_EMPTY = r"^[^\x00]+$"
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"


class FactcheckSchema(AutoSchema):
    """drf-spectacular's schema, with the limits DRF's text fields enforce and it leaves out."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        text = isinstance(field, serializers.CharField) and schema.get("type") == "string"
        own = any(isinstance(v, RegexValidator) for v in getattr(field, "validators", []))
        # Requests only: an answer may quote what it refuses (an error's detail, say).
        request = direction == "request" and not field.read_only
        if text and request and not own and "pattern" not in schema:
            if field.allow_blank:
                schema["pattern"] = NO_NUL_NOR_EMPTY
            else:
                schema["minLength"] = max(schema.get("minLength", 0), 1)
                schema["pattern"] = NOT_BLANK if field.trim_whitespace else NO_NUL
        return schema


ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
WRITES = {"post", "put", "patch", "delete"}


def _refusals(path: str, method: str, operation: dict) -> dict[str, str]:
    found = {
        "401": "No credentials, or credentials that are not valid.",
        "403": "The credentials do not allow this.",
        "406": "The Accept header asks for something other than JSON.",
    }
    if method in WRITES or any(p.get("in") == "query" for p in operation.get("parameters", [])):
        found["400"] = "Invalid input; `detail` says what, and field errors are named."
    if "{" in path:
        found["404"] = "No such record."
    elif any(p.get("name") == "page" for p in operation.get("parameters", [])):
        found["404"] = "A page past the last."
    if method in WRITES:
        found["413"] = "The body is over the size limit."
        found["415"] = "The body is not JSON."
        found["429"] = "Too many writes; retry after the time in Retry-After."
    return found


# Rules of a request body that its serializer's fields cannot state one by one: one of text or
# html, and no fields it does not name (serializers.RejectUnknownFields refuses them).
BODY_RULES = {
    "DocumentIngestRequest": {
        "oneOf": [{"required": ["text"]}, {"required": ["html"]}],
        "additionalProperties": False,
    },
    "ReviewCreateRequest": {"additionalProperties": False},
}


def document_refusals(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        "Error",
        {
            "type": "object",
            "description": "The body of every 4xx answer.",
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
        },
    )
    for name, rule in BODY_RULES.items():
        if name in result["components"]["schemas"]:
            result["components"]["schemas"][name].update(rule)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, description in _refusals(path, method, operation).items():
                responses.setdefault(code, {"description": description, "content": ERROR_BODY})
            for parameter in operation.get("parameters", []):
                _bound(parameter)
    return result


def _bound(parameter: dict) -> None:
    """State on a parameter the bounds the API enforces on it."""
    schema, where = parameter.get("schema", {}), parameter.get("in")
    if where == "path" and schema.get("type") == "integer":
        schema.update(minimum=1, maximum=MAX_ID)  # ids
    elif where == "query" and parameter.get("name") == "page":
        schema.update(minimum=1)
    elif where == "query" and schema.get("type") == "array":
        schema.update(minItems=1)  # a list given empty is refused (filters.StrictFilterSet)
    elif (
        where == "query"
        and schema.get("type") == "string"
        and not {"enum", "format", "pattern"} & set(schema)
    ):
        schema["pattern"] = NO_NUL  # a filter's text: Django refuses NUL
