"""Indirect speech proposed as attributed paraphrase; dated mentions as candidate events."""

import pytest

from sources.ingest.dates import find_dates
from tests.ingest.helpers import proposals_for


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "In 2018, Erdogan had said people in Ankara are better off now.",
            "Erdogan",
            "people in Ankara are better off now",
        ),
        (
            "Dilxat Raxit, a spokesman, noted that Ankara is weighing the request carefully.",
            "Dilxat Raxit",
            "Ankara is weighing the request carefully",
        ),
        (
            "It was approved, with local media saying it would help the ports.",
            "local media",
            "it would help the ports",
        ),
        (
            "The talks on the water deal have failed again, officials said on Tuesday.",
            "officials",
            "The talks on the water deal have failed again",
        ),
        (
            "According to the news agency Anadolu, the accord was initialled in Baghdad.",
            "Anadolu",
            "the accord was initialled in Baghdad",
        ),
    ],
)
def test_indirect_speech_is_proposed_as_attributed_paraphrase(text, speaker, content):
    proposals = proposals_for(text)
    assert proposals.quotations == ()
    [item] = proposals.indirect
    assert (item.speaker.name, item.content) == (speaker, content)
    assert text[item.start : item.end] == item.text


def test_hearsay_given_to_no_one_is_not_indirect_speech():
    assert proposals_for("It was reported that Ankara receives lists from Beijing.").indirect == ()


def test_a_sentence_with_a_quotation_is_left_to_the_quotation_rules():
    proposals = proposals_for("Ann Lee said that the deal was “a disgrace to us all”.")
    assert proposals.indirect == ()
    assert len(proposals.quotations) == 1


@pytest.mark.parametrize(
    ("text", "published", "date", "precision", "ends"),
    [
        ("The treaty was signed in 2017.", "", "2017", "year", None),
        ("In 2019, he changed his mind.", "", "2019", "year", None),
        ("It was signed in January 2024 in Baghdad.", "", "2024-01", "month", None),
        ("It was signed on 26 December 2020.", "", "2020-12-26", "day", None),
        ("It was signed on December 26, 2020.", "", "2020-12-26", "day", None),
        ("A request leaked in May.", "", None, "month", None),
        ("A request leaked in May.", "2021-01-15", "2020-05", "month", None),
        ("A request leaked in May.", "2021-06", "2021-05", "month", None),
        ("It was ratified at the weekend.", "", None, "day", None),
        ("It was ratified at the weekend.", "2020-12-29", "2020-12-26", "day", "2020-12-27"),
        ("The vote was on Monday.", "2024-06-12", "2024-06-10", "day", None),
        ("Sales fell last year.", "2024-06-12", "2023", "year", None),
    ],
)
def test_dated_mentions_are_proposed_with_their_precision(text, published, date, precision, ends):
    [mention] = find_dates(text, published=published)
    assert (mention.date, mention.precision, mention.ends) == (date, precision, ends)


def test_dated_mentions_become_event_proposals_anchored_in_the_snapshot():
    text = "The pact, agreed in 2017, was approved\nat the weekend."
    proposals = proposals_for(text, published_on="2020-12-29")
    assert [(text[e.start : e.end], e.date) for e in proposals.events] == [
        ("in 2017", "2017"),
        ("at the weekend", "2020-12-26"),
    ]


def test_numbers_that_are_not_years_are_not_dates():
    assert find_dates("About 50,000 people and $3.6 billion, in 2,019 ways.") == []
