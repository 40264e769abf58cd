"""Finding quotations: every house style of marks, kinds, and what is not a quotation."""

import pytest

from sources.ingest.quotations import find_quoted
from tests.ingest.helpers import proposals_for, quotation


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"We will stay here," said Ann Lee.', "We will stay here,"),
        ("“We will stay here,” said Ann Lee.", "We will stay here,"),
        ("« Nous resterons ici », a déclaré Ann Lee, said the report.", "Nous resterons ici"),
        ("„Wir bleiben hier“, sagte Ann Lee, said the paper.", "Wir bleiben hier"),
        ("»Wir bleiben hier«, said Ann Lee.", "Wir bleiben hier"),
    ],
)
def test_each_house_style_of_double_quotation_marks_is_paired(text, words):
    assert [text[q.start : q.end] for q in find_quoted(text)[0]] == [words]


def test_offsets_are_the_words_between_the_marks_in_the_snapshot():
    text = "Intro.\n\n“We will stay,” said Ann Lee."
    item = quotation(proposals_for(text), "We will stay,")
    assert text[item.start : item.end] == "We will stay,"


def test_a_quotation_that_spans_hard_wrapped_lines_is_one_proposal_anchored_in_the_snapshot():
    text = (
        "The minister spoke at length on Monday about the deal and what it means for \n"
        "farmers. “We cannot sign away the river for a promise of cheap \n"
        "electricity,” said Selin Arslan, a deputy. She left at noon and did not return \n"
        "to the chamber for the rest of the long and difficult afternoon session.\n"
    )

    item = quotation(
        proposals_for(text), "We cannot sign away the river for a promise of cheap electricity,"
    )

    assert text[item.start : item.end] == (
        "We cannot sign away the river for a promise of cheap \nelectricity,"
    )
    assert item.speaker.name == "Selin Arslan"


def test_words_inside_a_sentence_are_a_fragment():
    text = (
        "Critics urged the cabinet to keep the pact from “becoming an instrument of persecution”."
    )
    assert (
        quotation(proposals_for(text), "becoming an instrument of persecution").kind == "fragment"
    )


def test_a_whole_sentence_is_full():
    text = "Ann Lee said: “We have been let down by our own, which is very painful.”"
    item = quotation(
        proposals_for(text), "We have been let down by our own, which is very painful."
    )
    assert item.kind == "full"


@pytest.mark.parametrize("ellipsis", ["…", "...", "[…]", "[...]"])
def test_elisions_are_recorded_as_such(ellipsis):
    words = f"This pact will frighten families {ellipsis} We ask the government to act,"
    item = quotation(proposals_for(f"“{words}” he said, and Ann Lee agreed."), words)
    assert (item.kind, item.elisions) == ("elided", 1)


def test_editorial_brackets_are_kept_as_printed_and_recorded():
    words = "[T]his condition did not seem to be met in respect of the offences alleged,"
    item = quotation(proposals_for(f"“{words}” the office of the prosecutor wrote."), words)
    assert item.text.startswith("[T]his")
    assert item.brackets == ("[T]",)


@pytest.mark.parametrize(
    "text",
    [
        "More than a million people were sent to ‘re-education’ camps.",
        "Marriages are encouraged in the name of ‘inter-ethnic’ harmony.",
        "Its so-called “vocational training centres” are camps.",
        "Fishermen speak of the “good years” with grief.",
    ],
)
def test_scare_quotes_are_not_proposed_as_quotations(text):
    proposals = proposals_for(text)
    assert proposals.quotations == ()
    assert [item.reason for item in proposals.excluded] == ["scare"]


@pytest.mark.parametrize(
    "text",
    [
        "A report titled “Rivers Without Borders” estimated that incomes fell.",
        "Her new book, “The Missing Ledger”, was published in Nairobi.",
        "The fund was first proposed in the “Safe Water for All” report in 2022.",
    ],
)
def test_titles_are_not_proposed_as_quotations(text):
    proposals = proposals_for(text)
    assert proposals.quotations == ()
    assert [item.reason for item in proposals.excluded] == ["title"]


def test_a_short_term_given_to_a_speaker_is_a_quotation():
    text = "President Recep Tayyip Erdogan termed China’s handling of the riots “genocide” in 2011."
    assert quotation(proposals_for(text), "genocide").kind == "fragment"


def test_an_unbalanced_mark_proposes_nothing_and_swallows_nothing():
    text = "“This never closes, said Ann Lee.\n\nA new paragraph. “We are here,” said Bo Chen."

    proposals = proposals_for(text)

    assert [item.text for item in proposals.quotations] == ["We are here,"]
    assert [item.reason for item in proposals.excluded] == ["unbalanced"]


def test_right_to_left_text_and_mixed_scripts_are_quoted_and_anchored():
    text = "The imam, Yusuf Haddad, said: «وَلَا تُفْسِدُوا فِي الْأَرْضِ» and then left the room."
    item = quotation(proposals_for(text), "وَلَا تُفْسِدُوا فِي الْأَرْضِ")
    assert text[item.start : item.end] == item.text
    assert item.speaker.name == "Yusuf Haddad"
