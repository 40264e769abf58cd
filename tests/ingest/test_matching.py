"""Matching names and words against the database's index: variants, scores, links."""

import pytest

from sources.ingest.catalog import load_index
from sources.ingest.matching import THRESHOLD, Index, NameIndex, QuotationIndex
from tests import factories
from tests.ingest.helpers import proposals_for, quotation

ERDOGAN, WUC, AFP = "p-erdogan", "o-wuc", "o-afp"


@pytest.fixture
def names():
    return NameIndex(
        [
            (ERDOGAN, "person", "Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan"),
            ("p-raxit", "person", "Dilxat Raxit", "Dilxat Raxit"),
            (WUC, "organization", "World Uyghur Congress", "World Uyghur Congress"),
            (AFP, "organization", "Agence France-Presse", "Agence France-Presse"),
            (AFP, "organization", "Agence France-Presse", "AFP"),
        ]
    )


@pytest.mark.parametrize(
    ("name", "kind", "owner"),
    [
        ("Recep Tayyip Erdogan", "person", ERDOGAN),  # folded: Erdogan / Erdoğan
        ("RECEP TAYYIP ERDOĞAN", "person", ERDOGAN),
        ("World Uighur Congress", "organization", WUC),  # folded: Uighur / Uyghur
        ("Uyghur World Congress", "organization", WUC),  # the words in another order
        ("AFP", "organization", AFP),  # an alias
        ("Dilxat Raxitt", "person", "p-raxit"),  # a typing slip
    ],
)
def test_variants_of_a_name_find_the_record_with_a_score(names, name, kind, owner):
    match = names.match(name, kind)
    assert match.id == owner
    assert THRESHOLD <= match.score <= 100


def test_an_exact_folded_name_scores_100(names):
    assert names.match("Recep Tayyip Erdogan", "person").score == 100


def test_below_the_threshold_a_new_entity_is_proposed(names):
    assert names.match("Ursula Erdmann", "person") is None
    item = quotation(
        proposals_for("“We stay,” said Ursula Erdmann.", Index(names=names)), "We stay,"
    )
    assert (item.speaker.name, item.speaker.kind, item.speaker.id) == (
        "Ursula Erdmann",
        "person",
        None,
    )


def test_a_surname_alone_names_the_one_person_who_bears_it(names):
    assert names.match("Erdogan", "person").id == ERDOGAN


def test_a_proposed_speaker_carries_the_records_id_and_score(names):
    text = "President Recep Tayyip Erdogan termed it “genocide” in 2011."
    item = quotation(proposals_for(text, Index(names=names)), "genocide")
    assert (item.speaker.id, item.speaker.name, item.speaker.score) == (
        ERDOGAN,
        "Recep Tayyip Erdoğan",
        100.0,
    )


FULL = (
    "This water pact will cause alarm among farmers who have left the valley and do not yet "
    "hold land titles… We call on the provincial council … to keep this pact from "
    "becoming an instrument of persecution,"
)


@pytest.mark.parametrize(
    ("recorded", "printed", "how"),
    [
        (FULL, "becoming an instrument of persecution", "a fragment"),
        (FULL, "We call on the provincial council … to keep this pact", "an elided variant"),
        (
            FULL,
            "This water pact will cause alarm … becoming an instrument of persecution",
            "an elided variant",
        ),
        ("becoming an instrument of persecution", FULL, "a fuller version"),
        (FULL.replace("provincial", "provincial"), FULL.replace("…", "..."), "the same words"),
    ],
)
def test_printed_words_link_to_the_recorded_quotation(recorded, printed, how):
    index = QuotationIndex([("q1", recorded, "p1")])
    assert index.link(printed) == ("q1", how)


def test_different_quotation_marks_and_apostrophes_do_not_stop_a_link():
    index = QuotationIndex([("q1", "China’s treaty is “an instrument of persecution” today", None)])
    assert index.link('China\'s treaty is "an instrument of persecution"') == ("q1", "a fragment")


def test_a_short_quotation_links_only_to_the_same_words_of_the_same_speaker():
    index = QuotationIndex(
        [("q1", "genocide", "p-erdogan"), ("q2", "It was a genocide, he said", "p2")]
    )
    assert index.link("genocide", "p-erdogan") == ("q1", "the same words")
    assert index.link("genocide", "p-someone-else") is None
    assert index.link("genocide") is None


def test_unrelated_words_do_not_link():
    index = QuotationIndex([("q1", FULL, "p1")])
    assert index.link("the persecution of an instrument is becoming worse") is None


@pytest.mark.django_db
def test_the_database_index_holds_names_aliases_outlets_and_quotations():
    erdogan = factories.PersonFactory(name="Recep Tayyip Erdoğan")
    factories.AliasFactory(person=erdogan, name="Erdogan")
    guardian = factories.OrganizationFactory(name="The Guardian")
    factories.AliasFactory(person=None, organization=guardian, name="Guardian News")
    outlet = factories.OutletFactory(name="The Guardian", organization=guardian)
    quote = factories.QuoteFactory(text=FULL, speaker_person=erdogan)
    rejected = factories.QuoteFactory(text="re-education camps are schools", state="rejected")

    index = load_index()

    assert index.names.match("Erdogan", "person").id == str(erdogan.pk)
    assert index.outlets.match("Guardian News").id == str(outlet.pk)
    assert index.quotations.link("becoming an instrument of persecution") == (
        str(quote.pk),
        "a fragment",
    )
    assert index.quotations.link("re-education camps are schools") is None, rejected
