"""What the API reads and writes. Incoming documents are checked strictly: exact types, no
unknown fields, text that PostgreSQL can store; anything else is a 400 naming the field.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status

from claims.models import MAX_ID, Claim, Document, Evidence, Review, Source, VerdictRecord
from claims.selectors.evidence import EvidenceTarget, evidence_target
from claims.selectors.sources import source_find
from claims.services.sources import source_create


class StrictCharField(serializers.CharField):
    """A string field that takes only JSON strings (DRF would turn 42 into "42"), no longer than
    its max_length as sent: DRF measures it after trimming the ends, so a name of 201 characters
    ending in a space or a control character (which Python counts as space) was taken, against
    the schema's maxLength."""

    default_error_messages = {
        "not_a_string": "must be a string, not {kind}",
        "not_unicode": "holds characters that are not valid Unicode (a lone surrogate)",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string", kind=_json_kind(data))
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            self.fail("not_unicode")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


# A web address as the API takes it: http or https (any case), one to five host labels of up to
# 36 characters and a top-level domain (letters, or xn-- punycode), an optional port, path and
# query. Stricter than Django's URLValidator, which it also passes (its 253-character host limit
# included): IP addresses and bare host names are refused. The schema states it as it is, so
# what the schema allows the API accepts.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,34}[A-Za-z0-9])?"
_TOP = r"(?:[A-Za-z]{2,60}|[Xx][Nn]--[A-Za-z0-9]{1,56})"
WEB_ADDRESS = (
    rf"^(?:[Hh][Tt][Tt][Pp][Ss]?://(?:{_LABEL}\.){{1,5}}{_TOP}\.?"
    r"(?::[0-9]{1,5})?(?:[/?#][^\s\x00]*)?)?$"
)


class StrictURLField(StrictCharField):
    """An http(s) address: WEB_ADDRESS, then Django's URLValidator, on the address as sent (a
    trimmed " https://…" would pass a pattern that the schema says it fails)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(WEB_ADDRESS, message="must be an http or https address with a host name")
        )
        self.validators.append(serializers.URLField().validators[-1])


def _json_kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "minLength": 1, "maxLength": 200},
            {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        ]
    }
)
class SourceReferenceField(serializers.Field):
    """A registered source, named by its name or its id."""

    default_error_messages = {
        "invalid": "must be a source's name (string) or id (integer), not {kind}",
        "blank": "may not be blank",
        "id_range": "is not a valid source id",
        "unknown": "unknown source {value!r}; GET /api/sources/ lists the registered ones",
    }

    def to_internal_value(self, data) -> Source:
        if isinstance(data, bool) or not isinstance(data, (str, int)):
            self.fail("invalid", kind=_json_kind(data))
        if isinstance(data, int) and not 1 <= data <= MAX_ID:
            self.fail("id_range")
        if isinstance(data, str):
            data = StrictCharField(max_length=200).run_validation(data)
            if not data:
                self.fail("blank")
            if data.isascii() and data.isdigit() and int(data) > MAX_ID:
                self.fail("id_range")
        source = source_find(name_or_id=data)
        if source is None:
            self.fail("unknown", value=str(data)[:200])
        return source

    def to_representation(self, value: Source) -> str:
        return value.name


class RejectUnknownFields(serializers.Serializer):
    """A request body naming a field the endpoint does not take is refused, not ignored."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name[:100]: ["unknown field"] for name in unknown[:20]}
                )
        return super().to_internal_value(data)


class DocumentIngestSerializer(RejectUnknownFields):
    """The body of POST /api/documents/: one document, as text or as HTML."""

    url = StrictURLField(max_length=2000, min_length=1)
    title = StrictCharField(max_length=500, required=False, allow_blank=True, default="")
    source = SourceReferenceField(help_text="A registered source's name or id.")
    published = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="YYYY-MM-DD, or null."
    )
    # One of the two, not blank (the schema says so too: see claims.api.schema).
    text = StrictCharField(
        required=False, trim_whitespace=False, min_length=1, help_text="Plain text."
    )
    html = StrictCharField(required=False, trim_whitespace=False, min_length=1, help_text="HTML.")

    def validate(self, attrs):
        has_text, has_html = "text" in attrs, "html" in attrs
        if not has_text and not has_html:
            raise serializers.ValidationError({"text": ["give the document's text or html"]})
        if has_text and has_html:
            raise serializers.ValidationError({"html": ["give text or html, not both"]})
        return attrs


class SourceNameTaken(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "a source with this name is already registered"
    default_code = "conflict"


# A source's name: not blank, no NUL, and not only digits (documents name their source by name
# or id, and an all-digit name would be read as an id). The schema states it as it is.
SOURCE_NAME = r"^(?!\s*[0-9]+\s*$)[^\x00]*[^\s\x00][^\x00]*$"


class SourceSerializer(serializers.ModelSerializer):
    name = StrictCharField(
        max_length=200,
        validators=[
            RegexValidator(SOURCE_NAME, message="a source name cannot be blank or only digits")
        ],
    )
    independence_group = StrictCharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    url = StrictURLField(max_length=500, required=False, allow_blank=True, default="")

    class Meta:
        model = Source
        fields = ["id", "name", "kind", "independence_group", "url", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate_name(self, value: str) -> str:
        if Source.objects.filter(name__iexact=value).exists():
            raise SourceNameTaken()  # 409: the request is fine, the name is taken
        return value

    def create(self, validated_data) -> Source:
        return source_create(**validated_data)


class DocumentSerializer(serializers.ModelSerializer):
    """A document's identity and processing state (the answer to an ingest, too)."""

    source = serializers.CharField(source="source.name", read_only=True)
    source_id = serializers.IntegerField(read_only=True)
    status_url = serializers.SerializerMethodField()
    claim_count = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "status_url",
            "url",
            "title",
            "source",
            "source_id",
            "published",
            "state",
            "state_changed_at",
            "attempts",
            "error",
            "claim_count",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_status_url(self, document: Document) -> str:
        path = reverse("document-detail", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(OpenApiTypes.INT)
    def get_claim_count(self, document: Document) -> int:
        counted = getattr(document, "claim_count", None)
        if counted is not None:
            return counted
        return len(document.claims.all())


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.get_username", read_only=True)
    machine_status = serializers.SerializerMethodField(
        help_text="The machine verdict when the decision was recorded."
    )

    class Meta:
        model = Review
        fields = ["id", "decision", "machine_status", "note", "reviewer", "created_at"]
        read_only_fields = fields

    # Spelled inline: as a second named enum of the claim statuses the schema would warn.
    @extend_schema_field({"type": "string", "enum": Claim.Status.values})
    def get_machine_status(self, review: Review) -> str:
        return review.machine_status


class ReviewCreateSerializer(RejectUnknownFields):
    decision = serializers.ChoiceField(choices=Review.Decision.choices)
    note = StrictCharField(required=False, allow_blank=True, default="", max_length=10_000)


class ClaimSerializer(serializers.ModelSerializer):
    """A claim with its scope, machine verdict and the latest reviewer decision."""

    document_url = serializers.CharField(source="document.url", read_only=True)
    outlet = serializers.CharField(source="document.source.name", read_only=True)
    published = serializers.DateField(source="document.published", read_only=True)
    review = serializers.SerializerMethodField(help_text="The latest reviewer decision, if any.")
    kind = serializers.CharField(
        source="figure_kind",
        read_only=True,
        help_text="What kind of count: tally (running), stock (a level) or event (one event's).",
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "document",
            "document_url",
            "outlet",
            "published",
            "quote",
            "start",
            "end",
            "sentence",
            "value",
            "low",
            "high",
            "qualifier",
            "metric",
            "unit",
            "unit_kind",
            "counted",
            "subset",
            "kind",
            "mode",
            "counter",
            "place",
            "actor",
            "as_of",
            "since",
            "attribution",
            "derived",
            "status",
            "confidence",
            "explanation",
            "checked_at",
            "review",
        ]
        read_only_fields = fields

    @extend_schema_field(ReviewSerializer(allow_null=True))
    def get_review(self, claim: Claim) -> dict | None:
        # Reviews are prefetched newest first (Review.Meta.ordering); no query per claim.
        reviews = claim.reviews.all()
        return ReviewSerializer(reviews[0]).data if reviews else None


class EvidenceSerializer(serializers.ModelSerializer):
    """One comparison, with enough of the other figure to judge it without another request."""

    kind = serializers.SerializerMethodField()
    outlet = serializers.SerializerMethodField()
    document_url = serializers.SerializerMethodField()
    value = serializers.SerializerMethodField()
    qualifier = serializers.SerializerMethodField()
    as_of = serializers.SerializerMethodField()
    since = serializers.SerializerMethodField()
    quote = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "relation",
            "reason",
            "deciding",
            "kind",
            "other_claim",
            "reference",
            "dataset",
            "query",
            "outlet",
            "document_url",
            "value",
            "qualifier",
            "as_of",
            "since",
            "quote",
        ]
        read_only_fields = fields

    def _target(self, evidence: Evidence) -> EvidenceTarget:
        # Read once per row: every field below comes from the same target.
        cache = self.context.setdefault("_evidence_targets", {})
        if evidence.pk not in cache:
            cache[evidence.pk] = evidence_target(evidence)
        return cache[evidence.pk]

    @extend_schema_field({"type": "string", "enum": ["claim", "reference", "dataset"]})
    def get_kind(self, evidence: Evidence) -> str:
        return self._target(evidence).kind

    @extend_schema_field(OpenApiTypes.STR)
    def get_outlet(self, evidence: Evidence) -> str:
        return self._target(evidence).outlet

    @extend_schema_field(OpenApiTypes.STR)
    def get_document_url(self, evidence: Evidence) -> str:
        return self._target(evidence).url

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_value(self, evidence: Evidence) -> float | None:
        return self._target(evidence).value

    @extend_schema_field(OpenApiTypes.STR)
    def get_qualifier(self, evidence: Evidence) -> str:
        return self._target(evidence).qualifier

    @extend_schema_field(OpenApiTypes.DATE)
    def get_as_of(self, evidence: Evidence) -> str | None:
        as_of = self._target(evidence).as_of
        return as_of.isoformat() if as_of else None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_since(self, evidence: Evidence) -> str | None:
        since = self._target(evidence).since
        return since.isoformat() if since else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_quote(self, evidence: Evidence) -> str:
        return self._target(evidence).quote


class VerdictRecordSerializer(serializers.ModelSerializer):
    """A machine verdict as it stood before a re-check changed it."""

    class Meta:
        model = VerdictRecord
        fields = ["status", "confidence", "explanation", "evidence_count", "decided_at"]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True, help_text="Every decision, newest first.")
    verdict_history = VerdictRecordSerializer(
        many=True, read_only=True, help_text="Earlier machine verdicts, newest first."
    )

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "evidence", "reviews", "verdict_history"]
        read_only_fields = fields


class TimelinePointSerializer(serializers.Serializer):
    """One reported value of a figure's series (selectors.timeline.TimelinePoint)."""

    kind = serializers.CharField(help_text='"claim" or "reference".')
    id = serializers.IntegerField()
    source = serializers.CharField()
    document_url = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    since = serializers.DateField(allow_null=True)
    value = serializers.FloatField()
    qualifier = serializers.CharField()
    low = serializers.FloatField(allow_null=True, help_text="Interval floor; null = unbounded.")
    high = serializers.FloatField(allow_null=True, help_text="Interval ceiling; null = unbounded.")
    quote = serializers.CharField()
    status = serializers.CharField(help_text="A claim's machine verdict; empty for a reference.")
    is_this_claim = serializers.BooleanField()


class TimelineSerializer(serializers.Serializer):
    """Every reported value of a claim's metric, ground and start date, oldest first."""

    metric = serializers.CharField()
    places = serializers.ListField(child=serializers.CharField())
    since = serializers.DateField(allow_null=True)
    subset = serializers.CharField()
    truncated = serializers.BooleanField(help_text="More points exist than are shown.")
    points = TimelinePointSerializer(many=True)


class DocumentClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = [
            "id",
            "quote",
            "start",
            "end",
            "value",
            "low",
            "high",
            "qualifier",
            "metric",
            "unit",
            "unit_kind",
            "counted",
            "place",
            "as_of",
            "since",
            "status",
            "confidence",
        ]
        read_only_fields = fields


class DocumentDetailSerializer(DocumentSerializer):
    claims = DocumentClaimSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text", "claims"]
        read_only_fields = fields


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    detail = serializers.CharField()
