"""The provenance chain of a quotation's printings and how each printing differs from the full
words: plain functions over plain data, tested without a database."""

from types import SimpleNamespace

from newsroom.dates import PartialDate
from sources.provenance import chain, paths, printed_differences

FULL = (
    "This extradition treaty will cause worry among Uighurs who have fled China and do not yet "
    "have Turkish citizenship… We call on the Turkish government … to prevent this treaty from "
    "becoming an instrument of persecution"
)


def source(name: str, published: str | None = None, text: str = "", outlet: str | None = None):
    return SimpleNamespace(
        pk=name,
        title=name,
        text=text,
        published=PartialDate.parse(published) if published else None,
        outlet=SimpleNamespace(name=outlet) if outlet else None,
    )


def printing(where, via=None, words=FULL):
    return SimpleNamespace(source=where, via=via, text_as_printed=words)


def kinds(differences) -> list[tuple[str, str]]:
    return [(segment.kind, segment.text.strip()) for segment in differences.segments]


def test_a_fragment_marks_the_words_it_leaves_out():
    differences = printed_differences(FULL, "becoming an instrument of persecution")

    assert kinds(differences)[-1] == ("same", "becoming an instrument of persecution")
    assert kinds(differences)[0][0] == "cut"
    assert differences.is_fragment
    assert (differences.words_printed, differences.words_in_full) == (5, 35)
    assert differences.words_cut == 30


def test_ellipses_in_the_printed_words_are_marked_as_elisions():
    differences = printed_differences(FULL, FULL + ",")

    assert [text for kind, text in kinds(differences) if kind == "elision"] == ["…", "…"]
    assert differences.elisions == 2
    assert differences.words_cut == 0
    assert not differences.is_verbatim


def test_an_editorial_bracket_is_shown_as_added_and_the_original_word_as_cut():
    differences = printed_differences("This precondition was not met", "[T]his precondition")

    assert ("cut", "This") in kinds(differences)
    assert ("added", "[T]his") in kinds(differences)
    assert ("cut", "was not met") in kinds(differences)


def test_hard_wrapped_lines_match_the_full_words():
    differences = printed_differences(
        "an instrument of persecution", "an instrument\nof persecution"
    )

    assert differences.is_verbatim
    assert kinds(differences) == [("same", "an instrument of persecution")]


def test_the_chain_lists_printings_in_order_of_publication_with_what_they_cite():
    afp = source("afp", "2020-12", outlet="AFP")
    guardian = source("guardian", "2020-12-29", outlet="The Guardian")
    commentary = source("commentary", "2020-12", text="…")
    vision_times = source("vision-times", "2021-01", text="…", outlet="Vision Times")

    links = chain(
        [
            printing(vision_times, via=afp),
            printing(commentary, via=guardian, words="becoming an instrument of persecution"),
        ],
        compare_with=lambda _: FULL,
    )

    assert [link.source for link in links] == [commentary, vision_times]
    assert [link.number for link in links] == [1, 2]
    assert links[0].cited is guardian and links[0].cited_link is None
    assert not links[0].original_held and not links[0].cited_text_held
    assert links[0].cited_short_name == "Guardian"
    assert links[1].cited_short_name == "AFP"
    assert links[0].differences.is_fragment


def test_a_cited_printing_comes_before_the_one_citing_it_when_dates_cannot_tell():
    wire = source("wire", "2020-12-29", text="the wire text", outlet="AFP")
    paper = source("paper", "2020-12", outlet="Paper")

    links = chain([printing(paper, via=wire), printing(wire)])

    assert [link.source for link in links] == [wire, paper]
    assert links[1].cited_link is links[0]
    assert links[1].original_held


def test_undated_sources_come_last():
    undated, dated = source("undated"), source("dated", "2019")

    links = chain([printing(undated), printing(dated)])

    assert [link.source for link in links] == [dated, undated]


def test_each_last_printing_gets_one_path_back_to_its_origin():
    wire = source("wire", "2020-12-01", text="the wire text")
    paper = source("paper", "2020-12-02")
    blog = source("blog", "2020-12-03")
    afp = source("afp", "2020-11-30")

    links = chain([printing(blog, via=paper), printing(paper, via=wire), printing(wire, via=afp)])
    roads = paths(links)

    assert len(roads) == 1
    assert [node.source for node in roads[0]] == [afp, wire, paper, blog]
    assert roads[0][0].link is None  # the AFP original is not held
    assert [node.link.number for node in roads[0][1:]] == [1, 2, 3]


def test_a_loop_of_citations_does_not_hang_the_chain():
    first = source("first", "2020-01-01")
    second = source("second", "2020-01-01")

    links = chain([printing(first, via=second), printing(second, via=first)])

    assert len(links) == 2
    assert all(len(road) <= 2 for road in paths(links))


def test_printings_of_the_same_day_keep_a_stable_order():
    one, two = source("a", "2020-12-01"), source("b", "2020-12-01")

    assert [link.source for link in chain([printing(two), printing(one)])] == [one, two]
