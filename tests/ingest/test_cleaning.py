"""The reading text: hard wraps joined, white space folded, every character mapped back."""

from sources.ingest.cleaning import reading, sentences

WRAPPED = (
    "The pact, agreed in 2015, was approved on Sunday by the National \n"
    "People's Congress, with officials saying it would mainly serve counter- \n"
    "terrorism aims. Critics say it could become an instrument of \n"
    "persecution for Uyghurs who fled to Turkey.\n"
    "\n"
    "A second paragraph that is short.\n"
)


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    read = reading(WRAPPED)

    first, second = read.text.split("\n")
    assert first.startswith("The pact, agreed in 2015") and first.endswith("fled to Turkey.")
    assert "National People's Congress" in first
    assert second == "A second paragraph that is short."


def test_every_reading_span_maps_back_to_the_same_words_in_the_snapshot():
    read = reading(WRAPPED)
    at = read.text.index("instrument of persecution")

    start, end = read.snapshot_span(at, at + len("instrument of persecution"))

    assert WRAPPED[start:end] == "instrument of \npersecution"


def test_a_blank_line_inside_a_sentence_is_damage_not_a_paragraph():
    text = "“And do not be touched \n\nby the Fire.”\n\nNext paragraph."
    assert reading(text).text == "“And do not be touched by the Fire.”\nNext paragraph."


def test_one_paragraph_per_line_text_keeps_its_paragraphs():
    line = "A long paragraph that runs on and on about the treaty and its consequences " * 3
    text = f"{line.strip()}\n{line.strip()}\n{line.strip()}\n{line.strip()}"
    assert reading(text).text.count("\n") == 3


def test_sentences_do_not_end_inside_a_quotation_or_at_an_abbreviation():
    text = "“It is over. We lost,” said Dr. Ann Lee of the U.S. team. Then she left."
    quote = (0, text.index("”") + 1)

    spans = sentences(text, [quote])

    assert [text[a:b] for a, b in spans] == [
        "“It is over. We lost,” said Dr. Ann Lee of the U.S. team.",
        "Then she left.",
    ]
