"""The API of claims: verdicts, where each claim was asserted, its evidence, and ClaimReview."""

import django_filters
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import renderers, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from newsroom.api.filters import EditorialFilterSet
from newsroom.api.pagination import CursorPagination
from newsroom.api.viewsets import EditorialViewSet
from sources import jsonld
from sources.api import (
    OrderingFilter,
    PartialDateField,
    StaffNotesField,
    api_url,
    public_page,
    shown,
    words_matching,
)
from sources.api.entities import NULLABLE_URI, RecordSerializer
from sources.claim_filters import ClaimFilter
from sources.filters import SEARCH_MAX_LENGTH, ChoiceFilter
from sources.models import Claim, Quote, Topic, TruthVerdict

REVIEW_ACTIONS = ("claimreview", "claimreviews")


class JSONLDRenderer(renderers.JSONRenderer):
    """schema.org data as JSON-LD (`Accept: application/ld+json`, or `?format=jsonld`)."""

    media_type = "application/ld+json"
    format = "jsonld"


# Nested representations


class SourceLinkSerializer(serializers.Serializer):
    """A source named inside a claim: its title, outlet and date as far as readers may know."""

    id = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    published = PartialDateField(
        "published_on", help_text="When it was published, at its precision: 2020-12."
    )
    outlet = serializers.SerializerMethodField(help_text="Its publisher, when published.")
    page = serializers.SerializerMethodField(help_text="The source's public page.")

    def get_outlet(self, source) -> str | None:
        # The outlet is fetched only when published: None otherwise, never named.
        outlet = source.outlet if source.outlet_id else None
        return outlet.name if outlet is not None else None

    @extend_schema_field(NULLABLE_URI)
    def get_page(self, source) -> str | None:
        return public_page(self.context.get("request"), source)


class QuoteLinkSerializer(serializers.Serializer):
    """A published quotation in which someone asserts the claim."""

    id = serializers.UUIDField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The quotation in the API.")
    page = serializers.SerializerMethodField(help_text="The quotation's public page.")
    text = serializers.CharField(read_only=True)
    speaker = serializers.SerializerMethodField(help_text="Who said it, by name.")

    def get_url(self, quote) -> str | None:
        return api_url(self.context.get("request"), "api:quote-detail", quote.pk)

    @extend_schema_field(NULLABLE_URI)
    def get_page(self, quote) -> str | None:
        return public_page(self.context.get("request"), quote)

    def get_speaker(self, quote) -> str:
        speaker = quote.speaker
        return getattr(speaker, "name", None) or getattr(speaker, "title", "")


class AnchorSerializer(serializers.Serializer):
    """Where the words sit in the source's text snapshot (a W3C TextQuoteSelector)."""

    status = serializers.CharField(source="anchor_status", read_only=True)
    start = serializers.IntegerField(source="anchor_start", read_only=True, allow_null=True)
    end = serializers.IntegerField(source="anchor_end", read_only=True, allow_null=True)
    exact = serializers.CharField(source="anchor_exact", read_only=True)
    prefix = serializers.CharField(source="anchor_prefix", read_only=True)
    suffix = serializers.CharField(source="anchor_suffix", read_only=True)


class ClaimPrintingSerializer(serializers.Serializer):
    """A published source asserting the claim, in its own words."""

    source = SourceLinkSerializer(read_only=True)
    text_as_printed = serializers.CharField(read_only=True)
    hedged = serializers.BooleanField(
        read_only=True, help_text="The source reports the claim as hearsay, not as fact."
    )
    anchor = AnchorSerializer(source="*", read_only=True)
    via = serializers.SerializerMethodField(
        help_text="The source it took the claim from, when that source is published."
    )
    via_as_printed = serializers.CharField(
        read_only=True, help_text="How the source names where it got the claim."
    )

    @extend_schema_field(SourceLinkSerializer(allow_null=True))
    def get_via(self, printing) -> dict | None:
        # Readers see a cited source only when it is published; staff see it in any state.
        via = shown(self.context.get("request"), printing.via) if printing.via_id else None
        return SourceLinkSerializer(via, context=self.context).data if via else None


class EvidenceSerializer(serializers.Serializer):
    """What the fact-checker consulted for the verdict, and what it showed."""

    source = serializers.SerializerMethodField(
        help_text="A published source that was consulted, or null (see `url`)."
    )
    url = serializers.CharField(
        read_only=True, help_text="A link to what was consulted; empty when `source` says it."
    )
    note = serializers.CharField(read_only=True)
    checked_on = serializers.DateField(read_only=True, allow_null=True)

    @extend_schema_field(SourceLinkSerializer(allow_null=True))
    def get_source(self, evidence) -> dict | None:
        source = shown(self.context.get("request"), evidence.source) if evidence.source_id else None
        return SourceLinkSerializer(source, context=self.context).data if source else None


# Claims


class ClaimSerializer(RecordSerializer):
    """A claim, its verdict, where it was asserted and the evidence for the verdict.

    Nested printings and quotations are published ones only, for every client.
    """

    verdict_label = serializers.CharField(
        source="get_verdict_display", read_only=True, help_text="The verdict in words."
    )
    rating_value = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="The verdict on ClaimReview's scale, 1 (false) to 5 (true); null when it "
        "has no place on it (unrated, unproven).",
    )
    topics = serializers.SlugRelatedField(
        many=True,
        slug_field="slug",
        queryset=Topic.objects.all(),
        required=False,
        help_text="What the claim is about, by topic slug.",
    )
    quotes = serializers.SerializerMethodField(
        help_text="Published quotations in which someone asserts the claim."
    )
    quote_ids = serializers.PrimaryKeyRelatedField(
        source="quotes",
        many=True,
        queryset=Quote.objects.all(),
        required=False,
        write_only=True,
        help_text="Set the quotations that assert the claim, by id.",
    )
    appearances = serializers.SerializerMethodField(
        help_text="Published sources asserting the claim, with the words as printed."
    )
    evidence = EvidenceSerializer(many=True, read_only=True)
    claim_review = serializers.SerializerMethodField(
        help_text="The ClaimReview JSON-LD of the verdict; null until a published claim has one."
    )
    notes = StaffNotesField(
        allow_null=True, help_text="Editors' notes: staff only (null for anyone else)."
    )

    basename = "claim"

    class Meta(RecordSerializer.Meta):
        model = Claim
        fields = [
            "id",
            "url",
            "page",
            "text",
            "verdict",
            "verdict_label",
            "rating_value",
            "verdict_summary",
            "reviewed_on",
            "topics",
            "quotes",
            "quote_ids",
            "appearances",
            "evidence",
            "claim_review",
            "notes",
            *RecordSerializer.Meta.fields[3:],
        ]

    @extend_schema_field(QuoteLinkSerializer(many=True))
    def get_quotes(self, claim) -> list:
        return QuoteLinkSerializer(claim.published_quotes, many=True, context=self.context).data

    @extend_schema_field(ClaimPrintingSerializer(many=True))
    def get_appearances(self, claim) -> list:
        printings = claim.published_appearances
        return ClaimPrintingSerializer(printings, many=True, context=self.context).data

    def validate_notes(self, value):
        # Null reads as "no notes": the column holds text, never null.
        return value or ""

    @extend_schema_field(NULLABLE_URI)
    def get_claim_review(self, claim) -> str | None:
        if not claim.is_public or claim.verdict == TruthVerdict.UNRATED:
            return None
        path = reverse("api:claim-claimreview", kwargs={"pk": claim.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


# Filters


def visible_topics(request):
    """Topics of the claims a client may read: no other topic is accepted."""
    claims = Claim.objects.visible_to(getattr(request, "user", None))
    return Topic.objects.filter(claims__in=claims).distinct().order_by("name")


class ClaimAPIFilter(EditorialFilterSet, ClaimFilter):
    """The public claims list's filters (verdict, topic), words, and the review state."""

    q = django_filters.CharFilter(
        method="filter_words",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words of the claim or of its verdict's explanation (full-text on PostgreSQL).",
    )
    verdict = ChoiceFilter(
        choices=TruthVerdict.choices,
        help_text="Whether the claim is true: true, mostly_true, mixed, mostly_false, false, "
        "unproven, unrated. Whether someone said it is a quotation's attribution.",
        error_messages={"invalid_choice": "“%(value)s” is not a verdict the desk gives."},
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        queryset=visible_topics,
        help_text="Claims about this topic, by its slug: uyghurs-in-turkey.",
        error_messages={"invalid_choice": "There is no topic “%(value)s” among the claims."},
    )

    class Meta(ClaimFilter.Meta):
        fields = ["q", "verdict", "topic", "state", "updated_since"]

    def filter_words(self, queryset, name, value):
        return words_matching(queryset, ("text", "verdict_summary"), value)


# Views

FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["jsonld", "json"],
    description="jsonld (application/ld+json, the default) or json (application/json); "
    "the Accept header chooses as well.",
)

CLAIM_REVIEW_PAGE = inline_serializer(
    "ClaimReviewPage",
    {
        "next": serializers.URLField(allow_null=True, help_text="The next page, if any."),
        "previous": serializers.URLField(allow_null=True, help_text="The page before, if any."),
        "results": serializers.ListField(
            child=serializers.DictField(), help_text="ClaimReview JSON-LD objects."
        ),
    },
)


class ClaimViewSet(EditorialViewSet):
    """Claims with their verdicts, the published sources and quotations that assert them, and
    the evidence; ClaimReview JSON-LD for each published verdict.

    A list that grows without bound: cursor pages, newest change first.
    """

    queryset = Claim.objects.with_support()
    serializer_class = ClaimSerializer
    filterset_class = ClaimAPIFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    pagination_class = CursorPagination
    # Cursor pages need orderings on non-null fields.
    ordering_fields = ["updated_at", "created_at"]
    ordering = "-updated_at"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in REVIEW_ACTIONS:
            # A ClaimReview exists only for a published verdict, whoever asks.
            queryset = queryset.published().rated()
        return queryset

    def claim_review(self, claim) -> dict:
        return jsonld.claim_review(
            claim, self.request.build_absolute_uri, claim.published_appearances
        )

    @extend_schema(
        operation_id="claims_claimreview_retrieve",
        parameters=[FORMAT],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="schema.org ClaimReview (Google's fact-check markup).",
            )
        },
        description=(
            "The claim's verdict as schema.org ClaimReview JSON-LD, for a published claim "
            "with a verdict; 404 for any other claim, whoever asks."
        ),
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="claimreview",
        renderer_classes=[JSONLDRenderer, renderers.JSONRenderer],
        filter_backends=[],
    )
    def claimreview(self, request, pk=None):
        return Response(self.claim_review(self.get_object()))

    @extend_schema(
        operation_id="claims_claimreview_list",
        responses={200: CLAIM_REVIEW_PAGE},
        parameters=[
            FORMAT,
            OpenApiParameter(
                "cursor", OpenApiTypes.STR, description="The page, as given in next/previous."
            ),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                description="Reviews per page (at most 100; default 20).",
            ),
        ],
        description=(
            "Every published claim with a verdict as schema.org ClaimReview JSON-LD, newest "
            "change first, in cursor pages."
        ),
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="claimreview",
        url_name="claimreview-list",
        renderer_classes=[JSONLDRenderer, renderers.JSONRenderer],
        filter_backends=[],
    )
    def claimreviews(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([self.claim_review(claim) for claim in page])
