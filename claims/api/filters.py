"""Query filters for the list endpoints. Every filter maps to an indexed or joined column."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_field

from claims.extraction.units import UNIT_KINDS
from claims.figures import Qualifier
from claims.metrics import OPEN_PREFIX
from claims.models import MAX_ID, Claim, Document, Review


class _TrueOrFalse(forms.Field):
    """A query flag that is `true` or `false`; anything else is refused (400), never ignored."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text not in ("true", "false"):
            # The value goes in as a parameter: django-filter %-formats the message.
            raise ValidationError("%(value)s is not true or false.", params={"value": repr(value)})
        return text == "true"


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = _TrueOrFalse


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """A record's id: a whole number from 1 up to PostgreSQL's bigint; the schema says so too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class StrictFilterSet(filters.FilterSet):
    """Filters that refuse what they cannot read: a typed parameter (a date, a number, a choice, a
    flag) given with an empty value, or a list of orderings with an empty name in it, is a 400
    with a message, not a filter silently left out."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for field, parameter in self._typed_parameters():
            if any(not value.strip() for value in self.data.getlist(parameter)):
                message = "give a value, or leave the parameter out."
                self.form.add_error(
                    field, message if field == parameter else f"{parameter}: {message}"
                )
                valid = False
        for name in self._ordering_parameters():
            for value in self.data.getlist(name):
                if value.strip() and any(not part.strip() for part in value.split(",")):
                    self.form.add_error(name, "an empty name in the list of orderings.")
                    valid = False
        return valid

    def _ordering_parameters(self) -> list[str]:
        return [n for n, f in self.filters.items() if isinstance(f, filters.OrderingFilter)]

    def _typed_parameters(self) -> list[tuple[str, str]]:
        """(form field, query parameter) of each filter whose value has a type."""
        found = []
        for name, filter_ in self.filters.items():
            if type(filter_) is filters.CharFilter:
                continue  # free text: empty is a value
            widget = filter_.field.widget
            suffixes = getattr(widget, "suffixes", None)
            if suffixes:
                found += [(name, widget.suffixed(name, suffix)) for suffix in suffixes]
            else:
                found.append((name, name))
        return found


def _by_source(queryset: QuerySet, path: str, value: str) -> QuerySet:
    """A source given by id (digits) or by name, case-insensitive."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        source_id = int(value)
        if source_id > MAX_ID:
            return queryset.none()
        return queryset.filter(**{f"{path}_id": source_id})
    return queryset.filter(**{f"{path}__name__iexact": value})


class DocumentFilter(StrictFilterSet):
    q = filters.CharFilter(method="filter_q", help_text="Words in the title or URL.")
    ordering = filters.OrderingFilter(fields=["created_at", "published", "state_changed_at"])
    state = filters.MultipleChoiceFilter(choices=Document.State.choices)
    source = filters.CharFilter(method="filter_source", help_text="Source name or id.")
    published = filters.DateFromToRangeFilter(
        help_text="published_after / published_before (YYYY-MM-DD, inclusive)."
    )

    class Meta:
        model = Document
        fields = ["state", "source", "published"]

    def filter_source(self, queryset, name, value):
        return _by_source(queryset, "source", value)

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(url__icontains=value))


class ClaimFilter(StrictFilterSet):
    q = filters.CharFilter(method="filter_q", help_text="Words in the figure's quote or sentence.")
    ordering = filters.OrderingFilter(
        fields=[
            "id",
            "as_of",
            "value",
            "confidence",
            "checked_at",
            ("document__published", "published"),
        ]
    )
    status = filters.MultipleChoiceFilter(choices=Claim.Status.choices)
    qualifier = filters.MultipleChoiceFilter(choices=[(q.value, q.value) for q in Qualifier])
    metric = filters.CharFilter()
    open = StrictBooleanFilter(
        method="filter_open",
        help_text="An open figure (metric '~…', outside the taxonomy), or a taxonomy metric's.",
    )
    unit_kind = filters.MultipleChoiceFilter(
        choices=[(k, k) for k in UNIT_KINDS], help_text="The kind of quantity the figure is."
    )
    unit = filters.CharFilter(help_text="What one of the figure is, exactly ('USD per month').")
    counted = filters.CharFilter(
        lookup_expr="iexact", help_text="What the figure counts, any case ('veterans')."
    )
    place = filters.CharFilter(lookup_expr="iexact")
    source = filters.CharFilter(method="filter_source", help_text="Source name or id.")
    document = IdFilter(field_name="document_id")
    as_of = filters.DateFromToRangeFilter(
        help_text="as_of_after / as_of_before: the date the figure describes (inclusive)."
    )
    published = filters.DateFromToRangeFilter(
        field_name="document__published",
        help_text="published_after / published_before: the document's date (inclusive).",
    )
    date = filters.DateFromToRangeFilter(
        method="filter_date",
        help_text="date_after / date_before: the figure's as_of, or the document's date "
        "when the figure has none.",
    )
    reviewed = StrictBooleanFilter(method="filter_reviewed", help_text="Has a reviewer decision.")

    class Meta:
        model = Claim
        fields = [
            "status",
            "qualifier",
            "metric",
            "unit_kind",
            "unit",
            "counted",
            "place",
            "source",
            "document",
        ]

    def filter_source(self, queryset, name, value):
        return _by_source(queryset, "document__source", value)

    def filter_date(self, queryset, name, value):
        if not value:
            return queryset
        # The date a claim speaks of: its own as_of, else its document's publication date.
        own, fallback = Q(), Q(as_of__isnull=True)
        if value.start:
            own &= Q(as_of__gte=value.start.date())
            fallback &= Q(document__published__gte=value.start.date())
        if value.stop:
            own &= Q(as_of__lte=value.stop.date())
            fallback &= Q(document__published__lte=value.stop.date())
        return queryset.filter((Q(as_of__isnull=False) & own) | fallback)

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(quote__icontains=value) | Q(sentence__icontains=value))

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        outside = Q(metric__startswith=OPEN_PREFIX)  # claims.metrics.is_open, in SQL
        return queryset.filter(outside) if value else queryset.exclude(outside)

    def filter_reviewed(self, queryset, name, value):
        if value is None:
            return queryset
        reviewed = Review.objects.values("claim_id")
        return queryset.filter(pk__in=reviewed) if value else queryset.exclude(pk__in=reviewed)
