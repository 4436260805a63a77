"""API endpoints: documents (ingest and state), claims (verdicts, evidence, reviews), sources.

Views stay thin: they check input with a serializer, read through claims.selectors and write
through claims.services.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api import serializers
from claims.api.filters import ClaimFilter, DocumentFilter
from claims.api.parsers import BoundedJSONParser
from claims.api.permissions import CanRegisterSources, CanReview, ReadOpenWriteAuthenticated
from claims.api.throttles import WriteRateThrottle
from claims.selectors.claims import claim_detail, claim_list, claim_summaries, reviews_of_claim
from claims.selectors.documents import document_detail, document_summaries
from claims.selectors.sources import source_list
from claims.selectors.timeline import figure_timeline
from claims.services.documents import document_ingest
from claims.services.reviews import review_record

ERRORS = {
    400: OpenApiResponse(serializers.ErrorSerializer, description="Invalid input."),
    401: OpenApiResponse(serializers.ErrorSerializer, description="Not authenticated."),
    403: OpenApiResponse(serializers.ErrorSerializer, description="Not allowed."),
    413: OpenApiResponse(serializers.ErrorSerializer, description="Body over the size limit."),
    415: OpenApiResponse(serializers.ErrorSerializer, description="Body is not JSON."),
    429: OpenApiResponse(serializers.ErrorSerializer, description="Too many writes."),
}


class ApiViewSet(viewsets.GenericViewSet):
    # JSON only: one parser that enforces the body limit and rejects non-finite numbers.
    parser_classes = [BoundedJSONParser]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    throttle_classes = [WriteRateThrottle]


@extend_schema_view(
    list=extend_schema(summary="List documents with their processing state"),
    retrieve=extend_schema(summary="A document: processing state, error, attempts, claims"),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    filterset_class = DocumentFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return document_detail()
        return document_summaries()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DocumentDetailSerializer
        if self.action == "create":
            return serializers.DocumentIngestSerializer
        return serializers.DocumentSerializer

    @extend_schema(
        summary="Submit a document for extraction and cross-checking",
        description="Answers 202 with the new document and a URL to poll its state. A document "
        "whose canonical URL or text is already stored is answered with that document (200) "
        "and nothing new is stored.",
        request=serializers.DocumentIngestSerializer,
        responses={
            202: serializers.DocumentSerializer,
            200: OpenApiResponse(serializers.DocumentSerializer, description="Already stored."),
            **ERRORS,
        },
    )
    def create(self, request, *args, **kwargs):
        incoming = serializers.DocumentIngestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        # One transaction: a failure anywhere leaves nothing stored; extraction is queued
        # by the service to run after the commit.
        with transaction.atomic():
            result = document_ingest(
                source=data["source"],
                url=data["url"],
                text=data.get("text"),
                html=data.get("html"),
                title=data["title"],
                published=data["published"],
            )
        document = document_summaries().get(pk=result.document.pk)
        body = serializers.DocumentSerializer(document, context={"request": request}).data
        body["created"] = result.created
        code = status.HTTP_202_ACCEPTED if result.created else status.HTTP_200_OK
        return Response(body, status=code, headers={"Location": body["status_url"]})


@extend_schema_view(
    list=extend_schema(summary="List claims with their verdicts"),
    retrieve=extend_schema(summary="A claim with its evidence, verdict and reviews"),
)
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    filterset_class = ClaimFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return claim_detail()
        if self.action == "timeline":
            return claim_list()
        return claim_summaries()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ClaimDetailSerializer
        if self.action == "reviews":
            return serializers.ReviewCreateSerializer
        return serializers.ClaimSerializer

    def get_permissions(self):
        if self.action == "reviews" and self.request.method == "POST":
            return [ReadOpenWriteAuthenticated(), CanReview()]
        return super().get_permissions()

    @extend_schema(
        methods=["GET"],
        summary="A claim's reviewer decisions, newest first",
        responses={200: serializers.ReviewSerializer(many=True)},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        summary="Record a reviewer decision beside the machine verdict",
        description="The machine verdict is kept as it was; the decision and note are added "
        "to the claim's audit trail.",
        request=serializers.ReviewCreateSerializer,
        responses={201: serializers.ReviewSerializer, **ERRORS},
        filters=False,
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def reviews(self, request, pk=None):
        claim = self.get_object()
        if request.method == "GET":
            reviews = reviews_of_claim(claim_id=claim.pk)
            return Response(serializers.ReviewSerializer(reviews, many=True).data)
        incoming = serializers.ReviewCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        review = review_record(
            claim=claim,
            reviewer=request.user,
            decision=incoming.validated_data["decision"],
            note=incoming.validated_data["note"],
        )
        return Response(serializers.ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Every reported value of the claim's figure over time",
        description="Claims and reference figures of the claim's metric, on the same ground, "
        "and (for a running tally) from a start date within a few days of the claim's, or "
        "with none, sorted by the date each describes.",
        responses={200: serializers.TimelineSerializer},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def timeline(self, request, pk=None):
        timeline = figure_timeline(self.get_object())
        return Response(serializers.TimelineSerializer(timeline).data)


@extend_schema_view(
    list=extend_schema(summary="List registered sources"),
    retrieve=extend_schema(summary="A source"),
    create=extend_schema(
        summary="Register a source (administrators only)",
        responses={
            201: serializers.SourceSerializer,
            409: OpenApiResponse(
                serializers.ErrorSerializer, description="A source of that name is registered."
            ),
        },
    ),
)
class SourceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet
):
    serializer_class = serializers.SourceSerializer

    def get_queryset(self):
        return source_list()

    def get_permissions(self):
        if self.action == "create":
            return [ReadOpenWriteAuthenticated(), CanRegisterSources()]
        return super().get_permissions()

    def perform_create(self, serializer):
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError:  # registered meanwhile by another request, in any letter case
            raise serializers.SourceNameTaken() from None


@extend_schema(exclude=True)
class NoSuchEndpoint(APIView):
    """Paths under api/ that match no endpoint (an id that is not a number, a typo): a JSON 404."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        raise NotFound(f"no API endpoint at {request.path}")
