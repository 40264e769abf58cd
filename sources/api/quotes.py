"""The API of quotations and their appearances: who said it, and every source that printed it.

A quotation carries its provenance: the chain of its printings in the order the public page
shows them (by publication, a printing after the one it cites), each with its source, the words
and the attribution as printed, what it cites (`via`) and its anchor in the source's snapshot.
The chain is nested in lists too, fetched in a fixed number of queries, so that one request
answers "where does this come from?" for a whole page of quotations.
"""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from newsroom.api.filters import EditorialFilterSet
from newsroom.api.pagination import CursorPagination
from newsroom.api.serializers import EditorialSerializer
from newsroom.api.viewsets import EditorialViewSet
from sources import provenance
from sources.api import (
    IdChoiceFilter,
    OrderingFilter,
    PartialDateChoiceFilter,
    PartialDateField,
    SlugChoiceFilter,
    StaffNotesField,
    StaffUsernameField,
    api_url,
    public_page,
    visible_choices,
    words_matching,
)
from sources.api.documents import (
    EntitySummarySerializer,
    ShownOnlySerializer,
    SourceSummarySerializer,
)
from sources.filters import (
    LANGUAGES,
    SEARCH_MAX_LENGTH,
    ChoiceFilter,
    QuoteFilter,
    QuoteFilterForm,
)
from sources.models import (
    AnchorStatus,
    Appearance,
    AttributionVerdict,
    Claim,
    Organization,
    Outlet,
    Person,
    PrintedForm,
    Quote,
    Source,
    SourceKind,
    Topic,
    TruthVerdict,
)
from sources.models.quotes import SPEAKER_FIELDS
from sources.views.quotes import _compare_with as compared_text

STAFF_FIELDS = ["notes", "created_by", "last_edited_by", "assigned_to"]
MAX_OFFSET = 2**31 - 1


# What a quotation or an appearance nests.


class AppearanceAnchorSerializer(serializers.Serializer):
    """Where the printed words are in the source's snapshot (W3C TextQuoteSelector)."""

    start = serializers.IntegerField(
        source="anchor_start", read_only=True, help_text="Offset of the first character."
    )
    end = serializers.IntegerField(
        source="anchor_end", read_only=True, help_text="Offset after the last character."
    )
    exact = serializers.CharField(
        source="anchor_exact", read_only=True, help_text="The snapshot's characters there."
    )
    prefix = serializers.CharField(source="anchor_prefix", read_only=True)
    suffix = serializers.CharField(source="anchor_suffix", read_only=True)
    status = serializers.ChoiceField(
        source="anchor_status", choices=AnchorStatus.choices, read_only=True
    )

    def get_attribute(self, instance):
        passage = super().get_attribute(instance)
        # Only an anchored passage has offsets; any other has no anchor to show.
        return passage if passage.anchor_status == AnchorStatus.ANCHORED else None


class ComparisonSerializer(serializers.Serializer):
    """How a printing differs from the full quotation, word by word."""

    is_verbatim = serializers.BooleanField(read_only=True)
    words_in_full = serializers.IntegerField(read_only=True)
    words_printed = serializers.IntegerField(read_only=True)
    words_cut = serializers.IntegerField(
        read_only=True, help_text="Words of the full quotation this printing leaves out."
    )
    words_added = serializers.IntegerField(
        read_only=True, help_text="Words it prints that the full quotation does not have."
    )
    elisions = serializers.IntegerField(read_only=True, help_text="Ellipses marking cut words.")


class PrintingSerializer(serializers.Serializer):
    """One link of a quotation's provenance chain: a printing, in order of publication."""

    number = serializers.IntegerField(read_only=True, help_text="Its place in the chain, from 1.")
    id = serializers.UUIDField(source="printing.id", read_only=True, help_text="The appearance.")
    url = serializers.SerializerMethodField(help_text="The appearance in this API.")
    state = serializers.CharField(source="printing.state", read_only=True)
    source = SourceSummarySerializer(read_only=True)
    text_as_printed = serializers.CharField(source="printing.text_as_printed", read_only=True)
    form = serializers.ChoiceField(
        source="printing.form", choices=PrintedForm.choices, read_only=True
    )
    language = serializers.CharField(source="printing.language", read_only=True)
    attribution_as_printed = serializers.CharField(
        source="printing.attribution_as_printed", read_only=True
    )
    attribution_verdict = serializers.ChoiceField(
        source="printing.attribution_verdict", choices=AttributionVerdict.choices, read_only=True
    )
    via = SourceSummarySerializer(
        source="cited",
        read_only=True,
        allow_null=True,
        help_text="The source it says it took the words from; null when it names none, or "
        "when that source is not published (then `via_as_printed` still says what it printed).",
    )
    via_as_printed = serializers.CharField(source="printing.via_as_printed", read_only=True)
    via_printing = serializers.SerializerMethodField(
        help_text="The `number` of the cited source's own printing in this chain, if held."
    )
    anchor = AppearanceAnchorSerializer(source="printing", read_only=True, allow_null=True)
    anchor_status = serializers.ChoiceField(
        source="printing.anchor_status", choices=AnchorStatus.choices, read_only=True
    )
    comparison = ComparisonSerializer(
        source="differences",
        read_only=True,
        allow_null=True,
        help_text="Null for a paraphrase: its words are not compared.",
    )

    def get_url(self, link) -> str | None:
        return api_url(self.context.get("request"), "api:appearance-detail", link.printing.pk)

    def get_via_printing(self, link) -> int | None:
        return link.cited_link.number if link.cited_link is not None else None


class ClaimSummarySerializer(serializers.Serializer):
    """A claim made in the words; its truth is another question than the attribution."""

    id = serializers.UUIDField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The claim in this API.")
    page = serializers.SerializerMethodField(help_text="Its public page; null when not published.")
    text = serializers.CharField(read_only=True)
    verdict = serializers.ChoiceField(choices=TruthVerdict.choices, read_only=True)
    state = serializers.CharField(read_only=True)

    def get_url(self, claim) -> str | None:
        return api_url(self.context.get("request"), "api:claim-detail", claim.pk)

    def get_page(self, claim) -> str | None:
        return public_page(self.context.get("request"), claim)


class QuoteSummarySerializer(ShownOnlySerializer):
    """The quotation a printing is a version of."""

    id = serializers.UUIDField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:quote-detail")
    page = serializers.SerializerMethodField(help_text="Its public page; null when not published.")
    text = serializers.CharField(read_only=True)
    speaker = EntitySummarySerializer(read_only=True)
    said = PartialDateField("said_on")

    def get_page(self, quote) -> str | None:
        return public_page(self.context.get("request"), quote)


# Quotations.


class QuoteSerializer(EditorialSerializer):
    """A quotation, its speaker, when it was said, and where it was printed."""

    url = serializers.HyperlinkedIdentityField(view_name="api:quote-detail")
    page = serializers.SerializerMethodField(help_text="Its public page; null when not published.")
    speaker = EntitySummarySerializer(read_only=True)
    said = PartialDateField("said_on", help_text="When the words were said, at its precision.")
    topics = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Topic.objects.all(),
        many=True,
        required=False,
        help_text="The topics' slugs: extradition-treaty, xinjiang…",
    )
    claims = ClaimSummarySerializer(
        source="linked_claims", many=True, read_only=True, help_text="Claims made in the words."
    )
    appearance_count = serializers.SerializerMethodField(
        help_text="How many sources (that you may see) printed the words."
    )
    provenance = serializers.SerializerMethodField(
        help_text="Every printing you may see, in order: the first is the earliest known."
    )
    notes = StaffNotesField(help_text="Editors' notes; staff only (null for anyone else).")
    created_by = StaffUsernameField()
    last_edited_by = StaffUsernameField()
    assigned_to = StaffUsernameField()

    class Meta(EditorialSerializer.Meta):
        model = Quote
        fields = [
            *EditorialSerializer.Meta.fields,
            "url",
            "page",
            "text",
            "language",
            "translation",
            "translation_language",
            "speaker",
            *SPEAKER_FIELDS,
            "said",
            "said_on",
            "said_on_precision",
            "occasion",
            "attribution_verdict",
            "attribution_note",
            "topics",
            "claims",
            "appearance_count",
            "provenance",
            *STAFF_FIELDS,
        ]
        extra_kwargs = {
            name: {"write_only": True, "required": False, "allow_null": True}
            for name in SPEAKER_FIELDS
        }

    def validate(self, attrs):
        attrs = super().validate(attrs)
        named = [name for name in SPEAKER_FIELDS if attrs.get(name) is not None]
        if len(named) > 1:
            raise serializers.ValidationError(
                {
                    "speaker_person": [
                        "Give one speaker only: speaker_person, speaker_organization or "
                        f"speaker_work, not {' and '.join(named)}."
                    ]
                }
            )
        if named:
            # Naming a speaker replaces the one the quotation had, whatever its kind.
            attrs.update({name: None for name in SPEAKER_FIELDS if name not in named})
        elif self.instance is None:
            raise serializers.ValidationError(
                {
                    "speaker_person": [
                        "Name the speaker: give the id of a person (speaker_person), an "
                        "organization (speaker_organization) or a work (speaker_work)."
                    ]
                }
            )
        return attrs

    def get_page(self, quote) -> str | None:
        return public_page(self.context.get("request"), quote)

    def get_appearance_count(self, quote) -> int:
        return len(quote.printings)

    @extend_schema_field(PrintingSerializer(many=True))
    def get_provenance(self, quote):
        links = provenance.chain(quote.printings, compared_text(quote))
        return PrintingSerializer(links, many=True, context=self.context).data


class QuoteFilterSet(QuoteFilter, EditorialFilterSet):
    """The public quotations list's filters, with choices of what the client may see: staff
    filter by a speaker still in review; for anyone else an unpublished one is unknown."""

    sort = None  # the order is the cursor's: see `ordering`
    speaker = SlugChoiceFilter(
        field_name="speaker_person",
        to_field_name="slug",
        queryset=visible_choices(Person),
        help_text="The speaker, by the slug of their page's address: dilxat-raxit.",
        error_messages={"invalid_choice": "No person is known as “%(value)s”."},
    )
    organization = SlugChoiceFilter(
        method="filter_organization",
        to_field_name="slug",
        queryset=visible_choices(Organization),
        help_text="An organization by its slug: its own words and those of its people "
        "(world-uyghur-congress).",
        error_messages={"invalid_choice": "No organization is known as “%(value)s”."},
    )
    outlet = IdChoiceFilter(
        method="filter_outlet",
        queryset=visible_choices(Outlet),
        help_text="The id of an outlet: quotations it printed.",
        error_messages={"invalid_choice": "No outlet has the id “%(value)s”."},
    )
    kind = ChoiceFilter(
        method="filter_kind",
        choices=SourceKind.choices,
        help_text="Quotations printed in this kind of source: news, opinion, wire…",
        error_messages={"invalid_choice": "“%(value)s” is not a kind of source."},
    )
    topic = SlugChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        help_text="A topic's slug.",
        error_messages={"invalid_choice": "“%(value)s” is not one of the topics."},
    )
    language = ChoiceFilter(
        method="filter_language",
        choices=LANGUAGES,
        help_text="The language of the words, such as en or ar (ar also finds ar-EG).",
        error_messages={"invalid_choice": "“%(value)s” is not a language the list knows."},
    )
    said_from = PartialDateChoiceFilter(
        method="filter_said_from",
        help_text="Said in or after this period: 2019, 2020-05 or 2020-12-26.",
    )
    said_to = PartialDateChoiceFilter(
        method="filter_said_to",
        help_text="Said in or before this period: 2019, 2020-05 or 2020-12-26.",
    )
    verdict = ChoiceFilter(
        method="filter_verdict",
        choices=TruthVerdict.choices,
        help_text="Quotations making a claim with this truth verdict.",
        error_messages={"invalid_choice": "“%(value)s” is not a verdict."},
    )

    class Meta:
        model = Quote
        form = QuoteFilterForm
        fields = []

    def filter_queryset(self, queryset):
        # The public list sorts here; the API's order comes from the cursor pagination.
        return super(QuoteFilter, self).filter_queryset(queryset)

    def _printed(self, queryset, **where):
        printings = Appearance.objects.visible_to(self.request.user).filter(**where)
        return queryset.filter(pk__in=printings.values("quote"))

    def filter_verdict(self, queryset, name, verdict):
        claimed = Claim.objects.visible_to(self.request.user).filter(verdict=verdict)
        return queryset.filter(pk__in=claimed.values("quotes"))


class QuoteViewSet(EditorialViewSet):
    """Quotations with their speaker and provenance chain.

    Anonymous clients see published quotations of published speakers, and of each only the
    published printings in published sources, exactly as the public pages. Staff whose role
    may view quotations see every one, in every state, with every printing.
    """

    queryset = Quote.objects.all()
    serializer_class = QuoteSerializer
    filterset_class = QuoteFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    pagination_class = CursorPagination
    ordering_fields = ["updated_at", "created_at"]
    ordering = "-updated_at"

    def get_queryset(self):
        return super().get_queryset().with_printings(self.request.user)


# Appearances.


class AppearanceSerializer(EditorialSerializer):
    """One source printing a quotation: the words and the attribution as printed, what the
    source cites for them, and where they are in its snapshot."""

    url = serializers.HyperlinkedIdentityField(view_name="api:appearance-detail")
    page = serializers.SerializerMethodField(
        help_text="Appearances have no page of their own: null (see the quotation's)."
    )
    quote = QuoteSummarySerializer(read_only=True)
    quote_id = serializers.PrimaryKeyRelatedField(
        source="quote",
        queryset=Quote.objects.all(),
        write_only=True,
        help_text="The id of the quotation this printed text is a version of.",
    )
    source = SourceSummarySerializer(read_only=True)
    source_id = serializers.PrimaryKeyRelatedField(
        source="source",
        queryset=Source.objects.all(),
        write_only=True,
        help_text="The id of the source that printed it.",
    )
    via = SourceSummarySerializer(
        read_only=True,
        allow_null=True,
        help_text="The source it says it took the words from; null when none is named or it "
        "is not published.",
    )
    via_id = serializers.PrimaryKeyRelatedField(
        source="via",
        queryset=Source.objects.all(),
        write_only=True,
        required=False,
        allow_null=True,
        help_text="The id of the source it took the words from (null: it is the original).",
    )
    anchor = AppearanceAnchorSerializer(source="*", read_only=True, allow_null=True)
    note = StaffNotesField(help_text="Editors' notes; staff only (null for anyone else).")
    created_by = StaffUsernameField()
    last_edited_by = StaffUsernameField()
    assigned_to = StaffUsernameField()

    class Meta(EditorialSerializer.Meta):
        model = Appearance
        fields = [
            *EditorialSerializer.Meta.fields,
            "url",
            "page",
            "quote",
            "quote_id",
            "source",
            "source_id",
            "text_as_printed",
            "form",
            "language",
            "attribution_as_printed",
            "attribution_verdict",
            "via",
            "via_id",
            "via_as_printed",
            "anchor",
            "anchor_status",
            "anchor_start",
            "anchor_end",
            "unanchored_reason",
            "note",
            "created_by",
            "last_edited_by",
            "assigned_to",
        ]
        read_only_fields = [*EditorialSerializer.Meta.read_only_fields, "anchor_status"]
        # The bound is PostgreSQL's integer (SQLite's is wider): one schema for both.
        extra_kwargs = {
            "anchor_start": {
                "write_only": True,
                "max_value": MAX_OFFSET,
                "help_text": "Where the words start in the snapshot; leave out to have the "
                "printed words found.",
            },
            "anchor_end": {"write_only": True, "max_value": MAX_OFFSET},
        }

    def get_page(self, appearance) -> str | None:
        return None


class AppearanceFilterSet(EditorialFilterSet):
    q = django_filters.CharFilter(
        method="filter_words",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words as printed, or of the attribution as printed.",
    )
    quote = IdChoiceFilter(
        queryset=visible_choices(Quote),
        help_text="The id of a quotation: its printings.",
        error_messages={"invalid_choice": "No quotation has the id “%(value)s”."},
    )
    source = IdChoiceFilter(
        queryset=visible_choices(Source),
        help_text="The id of a source: the quotations it printed.",
        error_messages={"invalid_choice": "No source has the id “%(value)s”."},
    )
    via = IdChoiceFilter(
        queryset=visible_choices(Source),
        help_text="The id of a source: the printings that say they took the words from it.",
        error_messages={"invalid_choice": "No source has the id “%(value)s”."},
    )
    form = ChoiceFilter(
        choices=PrintedForm.choices,
        help_text="How the printed text relates to the quotation: full, fragment, elided…",
        error_messages={"invalid_choice": "“%(value)s” is not a printed form."},
    )
    attribution_verdict = ChoiceFilter(
        choices=AttributionVerdict.choices,
        help_text="Whether this source's attribution is right.",
        error_messages={"invalid_choice": "“%(value)s” is not an attribution verdict."},
    )
    anchor_status = ChoiceFilter(
        choices=AnchorStatus.choices,
        help_text="Whether the words are found in the snapshot (orphaned: no longer found).",
        error_messages={"invalid_choice": "“%(value)s” is not an anchor status."},
    )

    class Meta:
        model = Appearance
        fields = []

    def filter_words(self, queryset, name, value):
        return words_matching(queryset, ("text_as_printed", "attribution_as_printed"), value)


class AppearanceViewSet(EditorialViewSet):
    """Appearances: a printing of a quotation in a source. Tools attach printings here."""

    queryset = Appearance.objects.with_provenance()
    serializer_class = AppearanceSerializer
    filterset_class = AppearanceFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    pagination_class = CursorPagination
    ordering_fields = ["updated_at", "created_at"]
    ordering = "-updated_at"
