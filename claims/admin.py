"""The reviewer's desk: claims in their sentences, the evidence beside them, decisions added.

Machine fields (state, verdict, spans) are read-only here: the pipeline owns them. Reviewers
record decisions through services.reviews.review_record; a decision is added, never edited, and
never changes the machine verdict. Everything taken from documents is escaped (format_html).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.figures import Interval
from claims.models import (
    Claim,
    Document,
    EventRecord,
    Evidence,
    ReferenceDataset,
    ReferenceFigure,
    Review,
    Source,
)
from claims.selectors.evidence import evidence_target
from claims.services.claims import SCOPE_FIELDS as CLAIM_SCOPE_FIELDS
from claims.services.claims import check_scope_value, claim_scope_update
from claims.services.datasets import reference_dataset_import
from claims.services.documents import document_update
from claims.services.reviews import review_record
from claims.services.sources import source_update

admin.site.site_header = "factcheck — reviewer's desk"
admin.site.site_title = "factcheck"
admin.site.index_title = "Claims, evidence and decisions"
# The claim list is wide (figure, scope, verdict, decision): give it the whole page.
admin.site.enable_nav_sidebar = False

VERDICT_FIELDS = ["status", "confidence", "explanation", "checked_at"]
PROVENANCE_FIELDS = ["document", "quote", "start", "end", "sentence", "derived", "created_at"]
FIGURE_FIELDS = ["value", "low", "high", "qualifier"]
# What the figure measures, as extraction read it (an open figure is compared on these).
MEASURE_FIELDS = ["unit", "unit_kind", "counted"]
# What an administrator may correct by hand; reviewers see these read-only too.
SCOPE_FIELDS = list(CLAIM_SCOPE_FIELDS)


def figure_in_sentence(
    sentence: str, quote: str, *, start: int | None = None, text: str | None = None
) -> SafeString:
    """The sentence, escaped, with the figure's words marked.

    The figure is located by its span in the document text when the text is at hand (a
    sentence can repeat a figure's words), else by the first occurrence of the quote.
    """
    local = -1
    if text is not None and start is not None:
        end = start + len(quote)
        where = text.find(sentence, max(0, end - len(sentence)), start + len(sentence))
        if where != -1:
            local = start - where
    if local == -1 or sentence[local : local + len(quote)] != quote:
        local = sentence.find(quote) if quote else -1
    if local == -1:
        return format_html("{} <mark>[{}]</mark>", sentence, quote)
    return format_html(
        "{}<mark>{}</mark>{}",
        sentence[:local],
        sentence[local : local + len(quote)],
        sentence[local + len(quote) :],
    )


def outside_link(url: str, label: str) -> SafeString:
    """A link to a page elsewhere; only http(s) addresses become links (never javascript:)."""
    if url.lower().startswith(("http://", "https://")):
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', url, label)
    return format_html("{}", label)


def _can_review(user) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm("claims.add_review"))


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "independence_group", "url"]
    list_filter = ["kind"]
    search_fields = ["name", "independence_group"]
    readonly_fields = ["created_at"]

    def save_model(self, request, obj, form, change):
        if not change:  # a new source: no document speaks for it yet
            return super().save_model(request, obj, form, change)
        # Through the service: a new name or independence group is a new voice for the source's
        # documents, whose origins are stored again and whose claims are re-checked.
        if form.changed_data:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            source_update(source_id=obj.pk, **changes)
        return None


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = [
        "quote",
        "metric",
        "value",
        "unit",
        "qualifier",
        "place",
        "as_of",
        "status",
        "confidence",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "published", "state", "attempts", "created_at"]
    list_filter = ["state", "source"]
    list_select_related = ["source"]
    search_fields = ["title", "url"]
    date_hierarchy = "published"
    readonly_fields = [
        "url",
        "content_hash",
        "state",
        "state_changed_at",
        "attempts",
        "error",
        "created_at",
        "text",
    ]
    fields = ["title", "source", "published", *readonly_fields]
    inlines = [ClaimInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # The changelist never shows the text; only the change page loads it.
        return (
            queryset
            if request.resolver_match.url_name.endswith("_change")
            else queryset.defer("text")
        )

    def has_add_permission(self, request) -> bool:
        # Documents enter through ingestion (API, commands), which deduplicates and queues work.
        return False

    def save_model(self, request, obj, form, change):
        # Through the services: under another source the document (and its copies) speak with
        # another voice, stored again, and the claims that hear them are re-checked.
        if form.changed_data:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            document_update(document_id=obj.pk, **changes)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fk_name = "claim"
    fields = ["deciding", "relation", "reason", "other_figure", "other_outlet", "other_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "evidence"

    class Media:
        css = {"all": ["claims/admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("other_claim__document__source", "reference__source", "dataset__source")
            .defer("other_claim__document__text")
            .order_by("-deciding", "id")  # what decided the verdict first
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="other figure")
    def other_figure(self, evidence: Evidence) -> SafeString:
        target = evidence_target(evidence)
        if target.kind == "claim":
            link = reverse("admin:claims_claim_change", args=[evidence.other_claim_id])
            return format_html('<a href="{}">{}</a> ({})', link, target.quote, target.qualifier)
        value = "–" if target.value is None else f"{target.value:,g}"
        if target.kind == "reference":
            return format_html("{} ({}, reference figure)", value, target.qualifier)
        return format_html("{} ({})", value, target.quote)

    @admin.display(description="outlet")
    def other_outlet(self, evidence: Evidence) -> SafeString:
        target = evidence_target(evidence)
        return outside_link(target.url, target.outlet)

    @admin.display(description="as of")
    def other_date(self, evidence: Evidence):
        return evidence_target(evidence).as_of


class ReviewInline(admin.StackedInline):
    """Decisions so far (read-only), and one empty form to add a new one."""

    model = Review
    fields = ["decision", "note", "reviewer", "machine_status", "created_at"]
    readonly_fields = ["reviewer", "machine_status", "created_at"]
    extra = 1
    can_delete = False
    verbose_name = "reviewer decision"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer")

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is not None and _can_review(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return _can_review(request.user) or super().has_view_permission(request, obj)


class LatestDecisionFilter(admin.SimpleListFilter):
    title = "reviewer decision"
    parameter_name = "reviewed"

    def lookups(self, request, model_admin):
        return [("yes", "Reviewed"), ("no", "Not reviewed")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(latest_decision__isnull=False)
        if self.value() == "no":
            return queryset.filter(latest_decision__isnull=True)
        return queryset


class ClaimScopeForm(forms.ModelForm):
    """An administrator's correction of a claim's scope, checked as the service checks it."""

    class Meta:
        model = Claim
        fields = list(CLAIM_SCOPE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        for name in self.changed_data:
            if name in CLAIM_SCOPE_FIELDS:
                try:
                    check_scope_value(name, cleaned.get(name))
                except ValidationError as exc:
                    self.add_error(name, exc.message_dict[name])
        return cleaned


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimScopeForm
    list_display = [
        "quote",
        "metric",
        "reading",
        "unit_kind",
        "unit",
        "place",
        "as_of",
        "outlet",
        "status",
        "confidence",
        "latest_decision",
    ]
    list_filter = [
        "status",
        "metric",
        "unit_kind",
        "place",
        "qualifier",
        LatestDecisionFilter,
        "document__source",
    ]
    list_select_related = ["document__source"]
    search_fields = [
        "quote",
        "sentence",
        "place",
        "actor",
        "counted",
        "document__title",
        "document__url",
    ]
    # What a reviewer reads first: the sentence, the verdict; then the figure; then provenance.
    fieldsets = [
        (None, {"fields": ["in_sentence", "document"]}),
        ("Machine verdict", {"fields": VERDICT_FIELDS}),
        ("Figure", {"fields": [*FIGURE_FIELDS, *MEASURE_FIELDS, *SCOPE_FIELDS]}),
        (
            "Provenance",
            {
                "fields": ["quote", "start", "end", "derived", "sentence", "created_at"],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [EvidenceInline, ReviewInline]
    actions = ["confirm_verdict"]

    def get_queryset(self, request):
        latest = Review.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id")
        return (
            super()
            .get_queryset(request)
            .annotate(latest_decision=Subquery(latest.values("decision")[:1]))
        )

    def get_readonly_fields(self, request, obj=None):
        fixed = [
            "in_sentence",
            *PROVENANCE_FIELDS,
            *FIGURE_FIELDS,
            *MEASURE_FIELDS,
            *VERDICT_FIELDS,
        ]
        if super().has_change_permission(request, obj):
            return fixed
        return [*fixed, *SCOPE_FIELDS]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # A reviewer opens the claim to add a decision; every claim field stays read-only.
        return super().has_change_permission(request, obj) or _can_review(request.user)

    def has_review_permission(self, request) -> bool:
        return _can_review(request.user)

    def save_model(self, request, obj, form, change):
        # Only what the form changed goes to the service, so a verdict the worker stored
        # meanwhile survives; the claim and what its figure bears on are re-checked.
        if form.changed_data:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            claim_scope_update(claim_id=obj.pk, **changes)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Review:
            return super().save_formset(request, form, formset, change)
        added = []
        for review_form in formset.extra_forms:
            if not review_form.has_changed() or not review_form.cleaned_data:
                continue
            added.append(
                review_record(
                    claim=form.instance,
                    reviewer=request.user,
                    decision=review_form.cleaned_data["decision"],
                    note=review_form.cleaned_data.get("note", ""),
                )
            )
        # The admin's change message reads these after saving.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = added, [], []
        return None

    @admin.display(description="in its sentence")
    def in_sentence(self, claim: Claim) -> SafeString:
        return figure_in_sentence(
            claim.sentence, claim.quote, start=claim.start, text=claim.document.text
        )

    @admin.display(description="interval", ordering="low")
    def reading(self, claim: Claim) -> str:
        """What the qualified figure stands for, e.g. "more than 150" is "at least 151"."""
        return Interval(claim.low, claim.high).describe()

    @admin.display(description="outlet", ordering="document__source__name")
    def outlet(self, claim: Claim):
        return claim.document.source

    @admin.display(description="decision", ordering="latest_decision")
    def latest_decision(self, claim: Claim) -> str:
        return Review.Decision(claim.latest_decision).label if claim.latest_decision else "—"

    @admin.action(
        description="Confirm the machine verdict of the selected claims", permissions=["review"]
    )
    def confirm_verdict(self, request, queryset):
        for claim in queryset:
            review_record(claim=claim, reviewer=request.user, decision=Review.Decision.CONFIRMED)
        self.message_user(
            request, f"Recorded {queryset.count()} confirmation(s).", messages.SUCCESS
        )


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """The audit trail: every decision, as it was recorded."""

    list_display = ["claim", "decision", "machine_status", "reviewer", "created_at"]
    list_filter = ["decision", "machine_status"]
    list_select_related = ["claim", "reviewer"]
    search_fields = ["note", "claim__quote", "reviewer__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReferenceFigure)
class ReferenceFigureAdmin(admin.ModelAdmin):
    list_display = ["metric", "place", "value", "qualifier", "as_of", "since", "source", "dataset"]
    list_filter = ["metric", "place", "source", "dataset"]
    list_select_related = ["source", "dataset"]
    search_fields = ["quote", "place"]
    # The figure and its interval come from an import together; only the citation may be fixed.
    readonly_fields = [
        "metric",
        "place",
        "value",
        "qualifier",
        "low",
        "high",
        "as_of",
        "since",
        "source",
        "dataset",
        "created_at",
    ]

    def has_add_permission(self, request) -> bool:
        # Reference figures come from dataset imports, which compute their intervals.
        return False


# --- reference datasets --------------------------------------------------------------------------


class DatasetUploadForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ReferenceDataset.Kind.choices,
        help_text="Official figures: metric, place, value, qualifier, as_of, since, source, url, "
        "quote. Event records: the ACLED export layout.",
    )
    file = forms.FileField(label="CSV file", help_text="UTF-8, with a header row.")
    name = forms.CharField(
        required=False, max_length=200, help_text="The dataset's name (default: the file's name)."
    )
    source = forms.CharField(
        required=False,
        max_length=200,
        help_text="Who publishes the dataset, e.g. ACLED (default: the dataset's name).",
    )


@admin.register(ReferenceDataset)
class ReferenceDatasetAdmin(admin.ModelAdmin):
    """Versions of imported files; new ones come by upload (or the import commands), never typed."""

    list_display = ["name", "kind", "version", "source", "rows", "imported_at"]
    list_filter = ["kind", "source"]
    list_select_related = ["source"]
    search_fields = ["name", "version_hash"]
    readonly_fields = ["name", "kind", "version_hash", "source", "rows", "imported_at"]

    def get_urls(self):
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="claims_referencedataset_upload",
        )
        return [upload, *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        # "Add" means uploading a file: the services compute versions, places and intervals.
        return redirect("admin:claims_referencedataset_upload")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="version", ordering="version_hash")
    def version(self, dataset: ReferenceDataset) -> str:
        return dataset.version_hash[:12]

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        result, kind = None, None
        if request.method == "POST":
            form = DatasetUploadForm(request.POST, request.FILES)
            if form.is_valid():
                kind = form.cleaned_data["kind"]
                upload = form.cleaned_data["file"]
                upload.seek(0)
                result = reference_dataset_import(
                    kind=kind,
                    stream=upload.file,
                    name=form.cleaned_data["name"] or upload.name or "upload.csv",
                    source=form.cleaned_data["source"] or None,
                )
                if result.ok:
                    form = DatasetUploadForm(initial={"kind": kind})
        else:
            form = DatasetUploadForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload a reference dataset",
            "opts": self.model._meta,
            "form": form,
            "result": result,
            "figures": kind == ReferenceDataset.Kind.FIGURES,
            "unlisted": result.error_count - len(result.errors) if result else 0,
        }
        return TemplateResponse(request, "admin/claims/referencedataset/upload.html", context)


@admin.register(EventRecord)
class EventRecordAdmin(admin.ModelAdmin):
    """Imported events, read-only: a dataset changes by importing a new version."""

    list_display = [
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "place",
        "location",
        "fatalities",
        "dataset",
    ]
    list_filter = ["dataset", "event_type", "country"]
    list_select_related = ["dataset"]
    search_fields = ["location", "admin1", "actor1", "actor2", "notes"]
    date_hierarchy = "event_date"
    # Event tables run to millions of rows: skip the unfiltered count on every page.
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
