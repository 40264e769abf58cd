"""The demo newsroom: everything the gold annotation records, loaded idempotently."""

import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from sources.models import (
    AnchorStatus,
    Appearance,
    Citation,
    Claim,
    Organization,
    Person,
    Quote,
    Source,
)
from tests.seeds import find_seeds
from timeline.models import Event

SEEDS = find_seeds()
needs_seeds = pytest.mark.skipif(
    SEEDS is None, reason="the seed articles are not on this machine (../shared/seeds)"
)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ("sources", "timeline")
        for model in apps.get_app_config(app).get_models()
    }


def load(*args):
    call_command("load_demo", *args, stdout=io.StringIO())


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_demo_holds_what_the_gold_annotation_records(debug):
    load("--password", "a-demo-password-1")

    assert Source.objects.count() == 8
    assert Person.objects.count() == 4
    assert Organization.objects.count() == 11
    # Seven quotations of the gold annotation (the "critics" fragment is an appearance of Dilxat
    # Raxit's quotation, his indirect speech a paraphrase), plus a rejected scare quote.
    assert Quote.objects.exclude(state=ReviewState.REJECTED).count() == 7
    assert Claim.objects.count() == 8
    # Eight events, plus one entered in error and retracted and a duplicate deleted.
    gone = [ReviewState.RETRACTED, ReviewState.DELETED]
    assert Event.objects.exclude(state__in=gone).count() == 8


@pytest.mark.django_db
def test_loading_the_demo_twice_creates_nothing_new(debug):
    load("--password", "a-demo-password-1")
    before = row_counts()
    users = get_user_model().objects.count()

    load("--password", "a-demo-password-1")

    assert row_counts() == before
    assert get_user_model().objects.count() == users


@pytest.mark.django_db
def test_demo_holds_records_in_every_review_state(debug):
    load()
    states = set()
    for model in (Quote, Appearance, Claim, Event):
        states |= set(model.objects.values_list("state", flat=True))
    assert states == set(ReviewState.values)
    editorial = [Source, Person, Organization, Quote, Appearance, Claim, Event]
    published = sum(model.objects.published().count() for model in editorial)
    assert published > sum(model.objects.count() for model in editorial) / 2


@pytest.mark.django_db
def test_the_critics_fragment_is_an_appearance_of_dilxat_raxits_quotation(debug):
    load()
    critics = Appearance.objects.get(attribution_as_printed="critics")

    assert critics.text_as_printed == "becoming an instrument of persecution"
    assert critics.quote.speaker_person.name == "Dilxat Raxit"
    assert critics.via.outlet.name == "The Guardian"
    assert critics.via_as_printed == "(Guardian News 29/12/2020)"
    assert critics.quote.appearances.count() == 2


@pytest.mark.django_db
def test_afp_is_the_intermediary_of_the_vision_times_appearance(debug):
    load()
    appearance = Appearance.objects.get(id=demo_id("appearance:vt-raxit"))

    assert appearance.source.outlet.name == "Vision Times"
    assert appearance.via.outlet.name == "AFP"
    assert appearance.via.kind == "wire"
    assert appearance.attribution_as_printed.endswith("a spokesman for the Uyghur World Congress")
    assert Citation.objects.filter(citing=appearance.source, cited=appearance.via).exists()


@pytest.mark.django_db
def test_the_icc_quotation_waits_in_review(debug):
    load()
    quote = Quote.objects.get(id=demo_id("quote:icc-precondition"))

    assert quote.state == ReviewState.IN_REVIEW
    assert quote.speaker_organization.parent.name == "International Criminal Court"
    assert "reporter" in quote.attribution_note


@pytest.mark.django_db
def test_erdogans_two_words_are_dated_ten_years_apart(debug):
    load()
    genocide = Quote.objects.get(text="genocide")
    happily = Quote.objects.get(text="happily")

    assert genocide.speaker == happily.speaker
    assert (str(genocide.said), str(happily.said)) == ("2009", "2019")
    assert happily.appearances.count() == 2


@pytest.mark.django_db
def test_events_keep_their_precision(debug):
    load()
    when = {event.title: event.when for event in Event.objects.published()}

    assert when["China and Turkey sign the extradition treaty"] == "2017"
    assert when["China's National People's Congress ratifies the treaty"] == "26 December 2020"
    assert when["A Chinese request to extradite a Uyghur man from Turkey leaks online"] == (
        "May 2020"
    )


@pytest.mark.django_db
def test_spelling_variants_find_the_demo_entities(debug):
    load()

    assert Organization.objects.matching("Uyghur World Congress").get().name == (
        "World Uyghur Congress"
    )
    assert Organization.objects.matching("uighur world congress").get().name == (
        "World Uyghur Congress"
    )
    assert Person.objects.matching("Erdogan").get().name == "Recep Tayyip Erdoğan"
    assert Organization.objects.matching("Wikipedia Commons").get().name == "Wikimedia Commons"


@pytest.mark.django_db
def test_demo_accounts_get_the_given_password_and_their_role(debug):
    load("--password", "a-demo-password-1")
    users = get_user_model().objects.in_bulk(
        ["contributor", "factchecker", "editor", "admin"], field_name="username"
    )

    assert len(users) == 4
    assert all(user.check_password("a-demo-password-1") for user in users.values())
    assert users["admin"].is_superuser and not users["editor"].is_superuser
    assert users["factchecker"].groups.get().name == "Fact-checkers"
    assert users["contributor"].has_perm("sources.add_quote")
    assert not users["contributor"].has_perm("sources.delete_quote")


@pytest.mark.django_db
def test_without_a_password_a_random_one_is_printed(debug, capsys):
    call_command("load_demo")
    output = capsys.readouterr().out
    password = output.rsplit(":", 1)[1].strip()

    assert len(password) >= 12
    assert get_user_model().objects.get(username="editor").check_password(password)


@pytest.mark.django_db
def test_demo_accounts_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        load("--password", "a-demo-password-1")
    load()

    assert not get_user_model().objects.exists()
    assert Quote.objects.exists()


@pytest.mark.django_db
def test_a_folder_without_the_articles_is_refused_with_nothing_loaded(debug, tmp_path):
    with pytest.raises(CommandError, match="missing"):
        load("--with-text", str(tmp_path))
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_a_changed_article_is_refused(debug, tmp_path):
    for name in ("000_f293c51d26b2963d.txt", "001_30bb0cc4bc4d8733.txt"):
        (tmp_path / name).write_text("Not the article.", encoding="utf-8")

    with pytest.raises(CommandError, match="not the article"):
        load("--with-text", str(tmp_path))


@needs_seeds
@pytest.mark.django_db
def test_with_text_every_appearance_is_anchored_at_the_gold_spans(debug):
    load("--with-text", str(SEEDS))
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    file_keys = {
        "000_f293c51d26b2963d.txt": "commentary",
        "001_30bb0cc4bc4d8733.txt": "visiontimes",
    }

    assert not Appearance.objects.exclude(anchor_status=AnchorStatus.ANCHORED).exists()
    for item in gold["quotes"]:
        source = Source.objects.get(id=demo_id(f"source:{file_keys[item['source']]}"))
        start, end = item["span"]
        appearance = Appearance.objects.get(source=source, anchor_start=start)
        assert appearance.anchor_end == end
        assert source.text[start:end] == appearance.anchor_exact
        assert " ".join(appearance.anchor_exact.split()) == item["text"]


@needs_seeds
@pytest.mark.django_db
def test_with_text_snapshots_are_hashed_and_claims_anchored(debug):
    load("--with-text", str(SEEDS))
    sources = Source.objects.exclude(text="")

    assert sources.count() == 2
    assert all(source.retrieved_at is not None for source in sources)
    assert (
        Claim.objects.get(id=demo_id("claim:third-country"))
        .appearances.filter(hedged=True, anchor_status=AnchorStatus.ANCHORED)
        .count()
        == 1
    )


@needs_seeds
@pytest.mark.django_db
def test_loading_again_without_text_keeps_the_snapshots_and_anchors(debug):
    load("--with-text", str(SEEDS))
    before = row_counts()

    load("--with-text", str(SEEDS))
    load()

    assert row_counts() == before
    assert Source.objects.exclude(text="").count() == 2
    assert not Appearance.objects.exclude(anchor_status=AnchorStatus.ANCHORED).exists()


@pytest.mark.django_db
def test_the_demo_accounts_have_work_in_every_queue(debug):
    from newsroom import workflow
    from newsroom.models import Review

    load("--password", "a-demo-password-1")
    users = get_user_model().objects.in_bulk(
        ["contributor", "factchecker", "editor"], field_name="username"
    )
    icc = Quote.objects.get(id=demo_id("quote:icc-precondition"))
    hidayet = Quote.objects.get(id=demo_id("quote:hidayet-sold-out"))
    pboc = Claim.objects.get(id=demo_id("claim:pboc-billion"))

    # Awaiting the fact-checker: written by the contributor, assigned for review.
    assert (icc.state, icc.assigned_to, icc.created_by) == (
        ReviewState.IN_REVIEW,
        users["factchecker"],
        users["contributor"],
    )
    assert workflow.refusal(icc, users["factchecker"], "verify") is None
    assert workflow.refusal(icc, users["contributor"], "verify") is not None
    # Sent back to the contributor with a note.
    latest = Review.objects.for_record(hidayet).first()
    assert (hidayet.state, latest.action, latest.user) == (
        ReviewState.DRAFT,
        "send_back",
        users["factchecker"],
    )
    assert "original interview" in latest.note
    # Verified by the fact-checker, waiting for the editor to publish.
    assert Review.objects.for_record(pboc).get().evidence.exists()
    assert workflow.refusal(pboc, users["editor"], "publish") is None
