"""Who speaks: each cue form, intermediaries, unnamed speakers, pronouns."""

import pytest

from tests.ingest.helpers import proposals_for, quotation, speaker_of


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        ("“We will stay,” Ann Lee said.", "Ann Lee", "Ann Lee"),
        ("“We will stay,” said Ann Lee.", "Ann Lee", "Ann Lee"),
        (
            "“We will stay,” said Dr. Ann Lee, executive director of the Harbour Trust.",
            "Dr. Ann Lee",
            "Ann Lee",
        ),
        (
            "Ann Lee, a spokeswoman for the Harbour Trust, said: “We will stay.”",
            "Ann Lee",
            "Ann Lee",
        ),
        (
            "Ann Lee, an activist who works in Izmir said: “We will stay.”",
            "Ann Lee",
            "Ann Lee",
        ),
        ("According to Ann Lee, “we will stay.”", "Ann Lee", "Ann Lee"),
        (
            "President Recep Tayyip Erdogan termed the crackdown “genocide” in 2011.",
            "President Recep Tayyip Erdogan",
            "Recep Tayyip Erdogan",
        ),
        (
            "Senator Mark Ellison, who sponsored the bill, said the vote was “a win for every "
            "kid.”",
            "Senator Mark Ellison",
            "Mark Ellison",
        ),
    ],
)
def test_each_cue_form_names_the_speaker(text, written, name):
    words = next(item.text for item in proposals_for(text).quotations)
    assert speaker_of(text, words) == (written, name)


def test_he_said_is_the_last_person_named_before_the_quotation():
    text = (
        "Dilxat Raxit, a spokesman for the World Uyghur Congress, noted that Ankara is bowing to "
        "pressure from Beijing. “This pact will frighten families,” he said to AFP."
    )

    item = quotation(proposals_for(text), "This pact will frighten families,")

    assert (item.speaker_as_written, item.speaker.name) == ("he", "Dilxat Raxit")
    assert item.cue == "he said to AFP"
    assert item.intermediary.name == "AFP"


def test_an_appositive_names_the_speakers_organization():
    text = "Dilxat Raxit, a spokesman for the World Uyghur Congress, said: “We are worried.”"
    item = quotation(proposals_for(text), "We are worried.")
    assert (item.speaker.name, item.affiliation) == ("Dilxat Raxit", "World Uyghur Congress")
    assert item.attribution == "Dilxat Raxit, a spokesman for the World Uyghur Congress"


def test_he_said_chains_follow_the_last_person_named():
    text = (
        "Joseph Camilleri has fished here for years. “They told us it would bring tourists,” he "
        "said. His daughter, Maria Camilleri, disagrees. “The breakwater is not the problem,” she "
        "said. Others, like Camilleri, stay. “Where would I go?” he asked."
    )
    proposals = proposals_for(text)
    assert [item.speaker.name for item in proposals.quotations] == [
        "Joseph Camilleri",
        "Maria Camilleri",
        "Joseph Camilleri",
    ]


def test_a_surname_is_the_person_named_in_full_earlier():
    text = (
        "President Recep Tayyip Erdogan spoke first. Later, Erdogan claimed that villagers were "
        "settling in “happily” across the whole province."
    )
    item = quotation(proposals_for(text), "happily")
    assert (item.speaker_as_written, item.speaker.name) == ("Erdogan", "Recep Tayyip Erdogan")


def test_a_quotation_continuing_another_keeps_its_speaker():
    text = "“We cannot sign away the river,” said Selin Arslan. “The numbers were written abroad.”"
    item = quotation(proposals_for(text), "The numbers were written abroad.")
    assert item.speaker.name == "Selin Arslan"


@pytest.mark.parametrize(
    ("text", "unnamed"),
    [
        ("Critics have urged the ministry to prevent “an instrument of persecution”.", "Critics"),
        (
            "“There was no consultation with the provinces,” one official in Diyarbakir said.",
            "one official in Diyarbakir",
        ),
        ("“The deal is dead,” officials said on Tuesday.", "officials"),
        ("“We were not asked,” a government source told reporters.", "a government source"),
    ],
)
def test_unnamed_speakers_are_recorded_as_written_never_guessed(text, unnamed):
    item = proposals_for(text).quotations[0]
    assert item.speaker_as_written == unnamed
    assert (item.speaker.kind, item.speaker.id) == ("unnamed", None)


def test_he_said_with_no_one_named_before_gives_no_speaker():
    item = proposals_for("“We will stay,” he said.").quotations[0]
    assert (item.speaker_as_written, item.speaker) == ("he", None)


@pytest.mark.parametrize(
    ("text", "intermediary"),
    [
        ("“We will stay,” Ann Lee said to AFP.", "AFP"),
        ("“We will stay,” Ann Lee told Reuters.", "Reuters"),
        ("“We will stay,” Ann Lee told the BBC.", "BBC"),
        ("“We will stay,” Ann Lee said in a statement.", "a statement"),
        (
            "“We will stay,” the office of the prosecutor wrote in the tribunal’s yearly review.",
            "the tribunal’s yearly review",
        ),
        ("“We will stay,” Ann Lee said on Twitter.", "Twitter"),
        (
            "In a written reply, its engineer, Dr. Paul Azzopardi, said the wall had “reduced "
            "damage”.",
            "a written reply",
        ),
        (
            "Critics urged it to stop “becoming an instrument of persecution”. "
            "(Guardian News 29/12/2020)",
            "Guardian News",
        ),
    ],
)
def test_the_intermediary_is_proposed_as_the_via(text, intermediary):
    item = proposals_for(text).quotations[0]
    assert item.intermediary.name == intermediary


def test_reporters_are_an_audience_not_an_intermediary():
    item = proposals_for("“We will stay,” Ann Lee told reporters in Ankara.").quotations[0]
    assert item.intermediary is None


def test_an_organization_speaks_through_its_office():
    text = "“[T]his did not appear to be met,” the office of ICC Prosecutor Fatou Bensouda wrote."
    item = proposals_for(text).quotations[0]
    assert item.speaker.kind == "organization"
    assert item.speaker_as_written == "the office of ICC Prosecutor Fatou Bensouda"


def test_interview_answers_are_the_interviewees_quotations():
    text = (
        "A conversation with Amina Yusuf\n\nAmina Yusuf founded the archive.\n\n"
        "Q: Why paper?\n\nA: Because paper survives.\n\nQ: And now?\n\nA: We keep going."
    )
    proposals = proposals_for(text)
    assert [(item.text, item.speaker.name, item.cue) for item in proposals.quotations] == [
        ("Because paper survives.", "Amina Yusuf", "A:"),
        ("We keep going.", "Amina Yusuf", "A:"),
    ]
