"""The pipeline's records: where text came from, what it claims, what supports it, who reviewed it.

The database holds every step's state; queue messages only nudge workers (see tasks.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from claims.extraction.modes import Mode
from claims.extraction.units import COUNT, UNIT_KINDS
from claims.figures import Qualifier
from claims.metrics import Kind, metric
from claims.provenance import source_origin

# The largest id a record can have (PostgreSQL's bigint): an id above it names nothing.
MAX_ID = 2**63 - 1


class Source(models.Model):
    """An outlet, agency or dataset. Sources in one independence group share an origin."""

    class Kind(models.TextChoices):
        OUTLET = "outlet", "News outlet"
        WIRE = "wire", "Wire service"
        OFFICIAL = "official", "Official body"
        DATASET = "dataset", "Dataset"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OUTLET)
    independence_group = models.CharField(
        max_length=200,
        blank=True,
        help_text="Sources with the same group (one owner, one wire) count as one origin.",
    )
    url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # "Reuters" and "reuters" are one source: documents name sources in any case.
            models.UniqueConstraint(Lower("name"), name="source_name_unique_any_case"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def origin(self) -> str:
        return source_origin(self)


class Document(models.Model):
    """One article or statement, stored before any work is done on it."""

    class State(models.TextChoices):
        RECEIVED = "received", "Received"
        EXTRACTING = "extracting", "Extracting"
        EXTRACTED = "extracted", "Extracted"
        CHECKING = "checking", "Cross-checking"
        CHECKED = "checked", "Cross-checked"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="documents")
    url = models.URLField(max_length=2000, unique=True, help_text="Canonical URL.")
    title = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    text = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the text.")
    simhash = models.BigIntegerField(
        null=True, blank=True, help_text="64-bit SimHash of the text's word shingles (signed)."
    )
    copy_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        help_text="The earlier stored document this one is a near-duplicate of (one origin).",
    )
    # Stored by the services whenever its inputs change (provenance.document_origin), so the
    # cross-check's reads, the candidate query's SQL included, read it instead of working it out.
    origin = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="Whose voice the document is: its original's source if it is a copy, else its "
        "own source (by independence group, else name).",
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.RECEIVED)
    state_changed_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    read_with = models.CharField(
        max_length=32,
        blank=True,
        editable=False,
        help_text="The readers its claims were read with (extraction.READER_VERSION); "
        "`manage.py reextract` reads documents read with others again.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "state_changed_at"], name="document_state_idx"),
            models.Index(fields=["published"], name="document_published_idx"),
            models.Index(fields=["simhash"], name="document_simhash_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


QUALIFIER_CHOICES = [(q.value, q.value.replace("_", " ")) for q in Qualifier]
KIND_CHOICES = [(k.value, k.value) for k in Kind]
MODE_CHOICES = [(m.value, m.value) for m in Mode]
UNIT_KIND_CHOICES = [(k, k) for k in UNIT_KINDS]


class Claim(models.Model):
    """A figure with its scope: what is counted, where, when, and who says so."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUPPORTED = "supported", "Supported"
        CONTRADICTED = "contradicted", "Contradicted"
        CONFLICTING = "conflicting", "Conflicting"
        UNVERIFIED = "unverified", "Unverified"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="claims")
    metric = models.CharField(max_length=64)
    value = models.FloatField()
    low = models.FloatField(null=True, blank=True, help_text="Interval floor; empty = unbounded.")
    high = models.FloatField(
        null=True, blank=True, help_text="Interval ceiling; empty = unbounded."
    )
    qualifier = models.CharField(max_length=16, choices=QUALIFIER_CHOICES)
    quote = models.CharField(max_length=500, help_text="The figure's words as written.")
    start = models.PositiveIntegerField(help_text="Offset of the quote in the document text.")
    end = models.PositiveIntegerField()
    sentence = models.TextField()
    place = models.CharField(max_length=200, blank=True)
    actor = models.CharField(max_length=200, blank=True)
    as_of = models.DateField(null=True, blank=True)
    since = models.DateField(null=True, blank=True, help_text="Start of a running tally.")
    attribution = models.CharField(max_length=300, blank=True)
    subset = models.CharField(
        max_length=64,
        blank=True,
        help_text="A named part of the metric's total (e.g. 'serious'); parts and totals are "
        "not compared.",
    )
    derived = models.BooleanField(default=False, help_text="A total computed from stated parts.")
    kind = models.CharField(
        max_length=16,
        choices=KIND_CHOICES,
        blank=True,
        help_text="What kind of count: a running tally, a stock level or one event's count "
        "(empty: the metric's kind).",
    )
    counter = models.CharField(
        max_length=120,
        blank=True,
        help_text="Who keeps the count, when the text names a tracker ('own': the publisher's); "
        "a tracker's count is compared only with the same tracker's.",
    )
    mode = models.CharField(
        max_length=16,
        choices=MODE_CHOICES,
        default="current",
        help_text="A current fact, a past year's figure, or a plan / projection / possibility; "
        "only current figures are checked as current.",
    )
    unit = models.CharField(
        max_length=64,
        blank=True,
        help_text="What one of the figure is ('percent', 'USD per month', 'kilometres', 'jobs').",
    )
    unit_kind = models.CharField(
        max_length=16,
        choices=UNIT_KIND_CHOICES,
        default=COUNT,
        help_text="The kind of quantity: a count, a percentage, a currency, a span of time, an "
        "age, a measure, a multiplier or a fraction.",
    )
    counted = models.CharField(
        max_length=200,
        blank=True,
        help_text="What the figure counts or measures, as a normalised phrase ('veterans, World "
        "War II'); what an open figure (metric '~…') is compared on.",
    )
    passage = models.CharField(
        max_length=32,
        blank=True,
        editable=False,
        help_text="Fingerprint of the sentence (provenance.passage_of); empty when too short.",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    confidence = models.FloatField(default=0.0)
    explanation = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "start", "end", "metric"], name="claim_unique_span"
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_span"),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=models.F("high")),
                name="claim_interval_ordered",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="claim_confidence"
            ),
            models.CheckConstraint(
                condition=Q(qualifier__in=[q.value for q in Qualifier]), name="claim_qualifier"
            ),
            models.CheckConstraint(
                condition=Q(unit_kind__in=list(UNIT_KINDS)), name="claim_unit_kind"
            ),
        ]
        indexes = [
            # The cross-check's candidate lookup: same metric and place, nearest in time (id
            # breaks ties, so each side is read in index order and stops at its limit).
            models.Index(
                fields=["metric", "place", "subset", "as_of", "id"], name="claim_candidates_idx"
            ),
            models.Index(fields=["status"], name="claim_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.quote} ({self.metric})"

    @property
    def figure_kind(self) -> str:
        """The kind of count: the claim's own, else its metric's."""
        return self.kind or metric(self.metric).kind.value


class ReferenceDataset(models.Model):
    """One imported file of reference data: official figures or event records, by version."""

    class Kind(models.TextChoices):
        FIGURES = "figures", "Official figures"
        EVENTS = "events", "Event records (ACLED layout)"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    version_hash = models.CharField(max_length=64, help_text="SHA-256 of the imported file.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="datasets")
    rows = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version_hash"], name="dataset_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version_hash[:12]})"


class EventRecord(models.Model):
    """One event of an event dataset in the ACLED export layout."""

    dataset = models.ForeignKey(ReferenceDataset, on_delete=models.CASCADE, related_name="events")
    event_date = models.DateField()
    event_type = models.CharField(max_length=100)
    sub_event_type = models.CharField(max_length=100, blank=True)
    actor1 = models.CharField(max_length=300, blank=True)
    actor2 = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=100)
    admin1 = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=200, blank=True, help_text="Gazetteer name, if known.")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    fatalities = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=500, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["event_date", "id"]
        indexes = [
            models.Index(fields=["country", "event_date"], name="event_country_date_idx"),
            models.Index(fields=["place", "event_date"], name="event_place_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} in {self.location or self.country} on {self.event_date}"


class ReferenceFigure(models.Model):
    """An official figure from a reference dataset, compared like a claim."""

    metric = models.CharField(max_length=64)
    place = models.CharField(max_length=200)
    value = models.FloatField()
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    qualifier = models.CharField(max_length=16, choices=QUALIFIER_CHOICES)
    as_of = models.DateField()
    since = models.DateField(null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="reference_figures")
    dataset = models.ForeignKey(
        ReferenceDataset, on_delete=models.SET_NULL, null=True, blank=True, related_name="figures"
    )
    url = models.URLField(max_length=2000, blank=True)
    quote = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["metric", "place", "as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "place", "as_of", "source", "value"], name="reference_unique"
            ),
        ]
        indexes = [models.Index(fields=["metric", "place", "as_of"], name="reference_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.metric} {self.place} {self.value:g} on {self.as_of}"


class Evidence(models.Model):
    """One comparison of a claim with another claim or a reference figure."""

    class Relation(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        CONTRADICTS = "contradicts", "Contradicts"
        NEUTRAL = "neutral", "Neutral"

    # Indexed by evidence_unique_claim (claim first) and by the partial indexes below: a batch
    # of re-checks inserts thousands of rows, and each index on the table slows every one.
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="evidence", db_index=False
    )
    other_claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cited_by",
        db_index=False,
    )
    reference = models.ForeignKey(
        ReferenceFigure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cited_by",
        db_index=False,
    )
    dataset = models.ForeignKey(
        ReferenceDataset,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cited_by",
        db_index=False,
    )
    value = models.FloatField(
        null=True, blank=True, help_text="The aggregate's value, for evidence from a dataset."
    )
    query = models.JSONField(
        default=dict,
        blank=True,
        help_text="How the evidence was found: dataset, version hash, filters, aggregate.",
    )
    relation = models.CharField(max_length=16, choices=Relation.choices)
    reason = models.CharField(max_length=500)
    deciding = models.BooleanField(
        default=False, help_text="Whether this figure decided the verdict (the rest are context)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(other_claim__isnull=False)
                    & Q(reference__isnull=True)
                    & Q(dataset__isnull=True)
                )
                | (
                    Q(other_claim__isnull=True)
                    & Q(reference__isnull=False)
                    & Q(dataset__isnull=True)
                )
                | (
                    Q(other_claim__isnull=True)
                    & Q(reference__isnull=True)
                    & Q(dataset__isnull=False)
                ),
                name="evidence_one_target",
            ),
            # Not partial: it is also the index of a claim's evidence (empty other_claim values
            # never collide, NULLs being distinct).
            models.UniqueConstraint(fields=["claim", "other_claim"], name="evidence_unique_claim"),
            models.UniqueConstraint(
                fields=["claim", "reference"],
                condition=Q(reference__isnull=False),
                name="evidence_unique_reference",
            ),
        ]
        # What cites a claim, a reference figure or a dataset (for deletes and "cited by"); only
        # the rows that do, so a row pays for one of these indexes, not three.
        indexes = [
            models.Index(
                fields=["other_claim"],
                condition=Q(other_claim__isnull=False),
                name="evidence_other_claim_idx",
            ),
            models.Index(
                fields=["reference"],
                condition=Q(reference__isnull=False),
                name="evidence_reference_idx",
            ),
            models.Index(
                fields=["dataset"], condition=Q(dataset__isnull=False), name="evidence_dataset_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relation}: {self.reason}"


class VerdictRecord(models.Model):
    """A machine verdict as it stood: every re-check that changes a verdict keeps the old one."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdict_history")
    status = models.CharField(max_length=16, choices=Claim.Status.choices)
    confidence = models.FloatField()
    explanation = models.TextField(blank=True)
    evidence_count = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["claim_id", "-decided_at", "-id"]
        indexes = [models.Index(fields=["claim", "-decided_at"], name="verdict_history_idx")]

    def __str__(self) -> str:
        return f"{self.status} ({self.confidence:.2f}) on {self.decided_at:%Y-%m-%d %H:%M}"


class Review(models.Model):
    """A reviewer's decision, stored beside the machine verdict, never over it."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", "Confirm the machine verdict"
        SUPPORTED = "supported", "Supported"
        CONTRADICTED = "contradicted", "Contradicted"
        CONFLICTING = "conflicting", "Conflicting"
        UNVERIFIED = "unverified", "Unverified"
        NOT_A_CLAIM = "not_a_claim", "Not a claim"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decision = models.CharField(max_length=16, choices=Decision.choices)
    machine_status = models.CharField(
        max_length=16, choices=Claim.Status.choices, help_text="The machine verdict when decided."
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["claim", "-created_at"], name="review_latest_idx")]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.reviewer} on {self.created_at:%Y-%m-%d}"


class OriginReliability(models.Model):
    """How far an origin can be trusted, learnt from its agreement with the others
    (claims.crosscheck.reliability); recomputed by a periodic job, read by every verdict."""

    origin = models.CharField(max_length=300, unique=True, help_text="The origin's key.")
    reliability = models.FloatField()
    agreements = models.PositiveIntegerField(default=0)
    disagreements = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["origin"]
        verbose_name_plural = "origin reliabilities"

    def __str__(self) -> str:
        return f"{self.origin}: {self.reliability:.2f}"
