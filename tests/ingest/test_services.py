"""The import's writes: a source from an article, drafts from accepted proposals."""

import pytest

from newsroom.workflow import NotPermitted, ReviewState
from sources.ingest.catalog import load_index
from sources.ingest.extract import propose
from sources.ingest.reading import Article
from sources.ingest.services import ImportRefused, proposal_accept, proposal_drop, source_import
from sources.models import (
    AnchorStatus,
    Appearance,
    Organization,
    Person,
    PrintedForm,
    ProposalDecision,
    Quote,
    Source,
)
from tests import factories
from tests.ingest.helpers import quotation

pytestmark = pytest.mark.django_db

RAXIT = (
    "Dilxat Raxit, a spokesman for the World Uyghur Congress, noted that Ankara is bowing to "
    "pressure from Beijing to approve it. “This agreement will frighten families in exile… "
    "We urge the parliament in Ankara … to stop the pact from becoming an instrument of "
    "persecution against them,” he said to AFP."
)
COMMENTARY = (
    "Critics have urged the cabinet to stop the pact “becoming an instrument of "
    "persecution”. (Guardian News 29/12/2020)"
)


def imported(text, user, **metadata):
    source, created = source_import(article=Article(text=text, **metadata), user=user)
    assert created
    return source, propose(Article(text=text, **metadata), index=load_index())


def test_an_import_makes_a_draft_source_with_the_text_as_its_snapshot(contributor):
    source, created = source_import(
        article=Article(text=RAXIT, title="Treaty", published_on="2021-01"), user=contributor
    )

    assert created
    assert source.text == RAXIT and len(source.text_sha256) == 64
    assert (source.state, source.created_by) == (ReviewState.DRAFT, contributor)
    assert (source.published_on.isoformat(), source.published_on_precision) == (
        "2021-01-01",
        "month",
    )
    assert source.history.count() == 1


def test_importing_the_same_text_again_changes_nothing(contributor, editor):
    first, _ = source_import(article=Article(text=RAXIT, title="Treaty"), user=contributor)

    again, created = source_import(article=Article(text=RAXIT, title="Another"), user=editor)

    assert (again.pk, created) == (first.pk, False)
    assert Source.objects.count() == 1
    assert Source.objects.get().title == "Treaty"


def test_a_role_without_the_add_permission_cannot_import(factchecker):
    viewer = factories.UserFactory(is_staff=True)
    with pytest.raises(NotPermitted):
        source_import(article=Article(text=RAXIT), user=viewer)
    assert Source.objects.count() == 0


def test_an_unusable_date_refuses_the_whole_import(contributor):
    with pytest.raises(ImportRefused, match="publication date"):
        source_import(article=Article(text=RAXIT, published_on="last week"), user=contributor)
    assert Source.objects.count() == 0


def test_accepting_a_quotation_creates_drafts_anchored_in_the_snapshot(contributor):
    afp = factories.OutletFactory(name="AFP", kind="wire")
    source, proposals = imported(RAXIT, contributor, title="Treaty")
    proposal = proposals.quotations[0]

    appearance = proposal_accept(source=source, proposal=proposal, user=contributor)

    quote = appearance.quote
    # the handing-over comma dropped
    assert quote.text.endswith("instrument of persecution against them")
    assert quote.speaker_person.name == "Dilxat Raxit"
    assert quote.occasion == "to AFP"
    assert {quote.state, appearance.state, quote.speaker_person.state} == {ReviewState.DRAFT}
    assert {quote.created_by, appearance.created_by} == {contributor}
    assert appearance.anchor_status == AnchorStatus.ANCHORED
    assert (appearance.anchor_start, appearance.anchor_end) == (proposal.start, proposal.end)
    assert appearance.form == PrintedForm.ELIDED
    assert appearance.via.outlet == afp and appearance.via.state == ReviewState.DRAFT
    assert appearance.via_as_printed == "he said to AFP"
    assert appearance.attribution_as_printed == "he"
    assert source.proposal_reviews.get().decision == ProposalDecision.ACCEPTED


def test_an_existing_speaker_is_used_not_duplicated(contributor):
    raxit = factories.PersonFactory(name="Dilxat Raxit")
    source, proposals = imported(RAXIT, contributor)

    appearance = proposal_accept(source=source, proposal=proposals.quotations[0], user=contributor)

    assert appearance.quote.speaker_person == raxit
    assert Person.objects.count() == 1


@pytest.mark.parametrize("first", ["news", "commentary"])
def test_the_same_words_in_another_source_become_another_appearance_in_either_order(
    contributor, first
):
    factories.PersonFactory(name="Dilxat Raxit")
    texts = {"news": RAXIT, "commentary": COMMENTARY}
    second = "commentary" if first == "news" else "news"
    source, proposals = imported(texts[first], contributor)
    if first == "commentary":
        # The commentary names no one: the editor names the speaker when accepting.
        from dataclasses import replace

        from sources.ingest.proposals import Speaker

        proposal = replace(proposals.quotations[0], speaker=Speaker("Dilxat Raxit", "person"))
    else:
        proposal = proposals.quotations[0]
    original = proposal_accept(source=source, proposal=proposal, user=contributor).quote

    other, later = imported(texts[second], contributor)
    assert later.quotations[0].matches == str(original.pk)
    appearance = proposal_accept(source=other, proposal=later.quotations[0], user=contributor)

    assert appearance.quote == original
    assert Quote.objects.count() == 1
    assert Appearance.objects.filter(quote=original).count() == 2


def test_an_unnamed_speaker_is_never_turned_into_a_record(contributor):
    source, proposals = imported(COMMENTARY, contributor)
    item = quotation(proposals, "becoming an instrument of persecution")

    with pytest.raises(ImportRefused, match="not to a named speaker"):
        proposal_accept(source=source, proposal=item, user=contributor)

    assert Quote.objects.count() == Person.objects.count() == Organization.objects.count() == 0


def test_accepting_indirect_speech_records_a_paraphrase(contributor):
    source, proposals = imported(
        "In 2018, Erdogan had said people are better off now.", contributor
    )

    appearance = proposal_accept(source=source, proposal=proposals.indirect[0], user=contributor)

    assert appearance.form == PrintedForm.PARAPHRASE
    assert appearance.quote.text == "people are better off now"
    assert appearance.quote.attribution_verdict == "paraphrase"
    assert appearance.anchor_status == AnchorStatus.ANCHORED


def test_accepting_a_dated_mention_creates_a_draft_event(contributor):
    source, proposals = imported(
        "The pact was approved at the weekend by the congress.",
        contributor,
        published_on="2020-12-29",
    )

    event = proposal_accept(source=source, proposal=proposals.events[0], user=contributor)

    assert (event.starts_on.isoformat(), event.ends_on.isoformat()) == ("2020-12-26", "2020-12-27")
    assert event.state == ReviewState.DRAFT
    assert list(event.sources.all()) == [source]


def test_a_mention_without_a_year_cannot_become_an_event(contributor):
    source, proposals = imported("A request leaked in May to the press.", contributor)
    with pytest.raises(ImportRefused, match="gives no year"):
        proposal_accept(source=source, proposal=proposals.events[0], user=contributor)


def test_edited_offsets_are_checked_against_the_snapshot(contributor):
    from dataclasses import replace

    source, proposals = imported(RAXIT, contributor)
    outside = replace(proposals.quotations[0], start=0, end=len(RAXIT) + 5)

    with pytest.raises(ImportRefused, match="outside the snapshot"):
        proposal_accept(source=source, proposal=outside, user=contributor)
    assert Quote.objects.count() == 0


def test_a_dropped_proposal_is_remembered_and_cannot_be_decided_twice(contributor):
    source, proposals = imported(RAXIT, contributor)
    key = proposals.quotations[0].key

    proposal_drop(source=source, key=key, user=contributor)

    assert source.proposal_reviews.get(key=key).decision == ProposalDecision.DROPPED
    with pytest.raises(ImportRefused, match="already"):
        proposal_accept(source=source, proposal=proposals.quotations[0], user=contributor)


def test_accepting_needs_a_role_that_adds_quotations(contributor):
    source, proposals = imported(RAXIT, contributor)
    viewer = factories.UserFactory(is_staff=True)
    with pytest.raises(NotPermitted):
        proposal_accept(source=source, proposal=proposals.quotations[0], user=viewer)
    assert Quote.objects.count() == 0
