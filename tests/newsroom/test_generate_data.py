"""generate_data: a synthetic newsroom in bulk, valid, in proportion, and the same for one seed."""

import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Exists, F, OuterRef

from newsroom.synthetic import Plan
from newsroom.workflow import ReviewState
from sources.models import (
    Appearance,
    Claim,
    ClaimAppearance,
    Organization,
    Outlet,
    OutletKind,
    Person,
    Quote,
    Source,
    Topic,
)
from timeline.models import Event, Participant

QUOTES = 200


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_data", "--quotes", str(QUOTES), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.fixture
def newsroom(db, debug):
    return generate("--seed", "7")


def synthetic_models():
    for app in ("sources", "timeline"):
        for model in apps.get_app_config(app).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def test_counts_follow_the_plan(newsroom):
    plan = Plan(QUOTES)
    assert Quote.objects.count() == QUOTES
    assert Person.objects.count() == plan.people
    assert Organization.objects.count() == plan.organizations
    assert Outlet.objects.count() == plan.outlets
    assert Source.objects.count() == plan.sources
    assert Claim.objects.count() == plan.claims
    assert Event.objects.count() == plan.events
    assert Topic.objects.count() == plan.topics
    assert QUOTES <= Appearance.objects.count() <= 3 * QUOTES
    assert Organization.objects.filter(parent__isnull=False).exists()
    assert Outlet.objects.filter(kind=OutletKind.WIRE).count() >= 2
    assert ClaimAppearance.objects.count() >= plan.claims
    assert Claim.objects.exclude(reviewed_on=None).exists()
    assert Participant.objects.count() >= plan.events
    assert Quote.topics.through.objects.count() >= QUOTES
    assert "200 quotes" in newsroom and "Made in" in newsroom


def test_every_quote_has_an_appearance_and_a_speaker(newsroom):
    assert not Quote.objects.filter(appearances=None).exists()
    assert Quote.objects.filter(speaker_person__isnull=False).count() > QUOTES // 2
    assert Quote.objects.filter(speaker_organization__isnull=False).exists()


def test_a_sample_of_every_model_passes_full_clean(newsroom):
    for model in synthetic_models():
        for record in model._default_manager.all()[:25]:
            record.full_clean()


def test_via_points_at_another_existing_source(newsroom):
    relayed = Appearance.objects.exclude(via=None)
    assert relayed.exists()
    assert not relayed.filter(via=F("source")).exists()
    assert not ClaimAppearance.objects.filter(via=F("source")).exists()
    assert set(relayed.values_list("via", flat=True)) <= set(
        Source.objects.values_list("pk", flat=True)
    )


def test_outlets_repeat_wire_copy_that_the_desk_holds(newsroom):
    wire_printing = Appearance.objects.filter(quote=OuterRef("quote"), source=OuterRef("via"))
    repeats = Appearance.objects.filter(Exists(wire_printing))
    assert repeats.filter(via__kind="wire").exists()
    # Some chains have two links: a paper repeating a paper that repeated the wire.
    second_hand = Appearance.objects.filter(
        quote=OuterRef("quote"), source=OuterRef("via"), via__isnull=False
    )
    assert Appearance.objects.filter(Exists(second_hand)).exists()


def test_states_are_mixed_and_mostly_published(newsroom):
    states = Counter(Quote.objects.values_list("state", flat=True))
    assert states[ReviewState.PUBLISHED] > QUOTES * 0.6
    assert len(states) >= 4
    assert {ReviewState.DRAFT, ReviewState.IN_REVIEW, ReviewState.REJECTED} & set(states)
    assert Appearance.objects.exclude(state=ReviewState.PUBLISHED).exists()


def test_one_seed_builds_the_same_newsroom(db, debug):
    def snapshot() -> list:
        return [
            list(Quote.objects.order_by("pk").values_list("pk", "text", "state", "said_on")),
            list(Appearance.objects.order_by("pk").values_list("pk", "quote", "source", "via")),
            list(Person.objects.order_by("pk").values_list("pk", "name", "slug")),
            list(Claim.objects.order_by("pk").values_list("pk", "verdict", "reviewed_on")),
        ]

    with transaction.atomic():
        generate("--seed", "11")
        first = snapshot()
        transaction.set_rollback(True)
    generate("--seed", "11")
    assert snapshot() == first


def test_the_same_seed_twice_is_refused(newsroom):
    with pytest.raises(CommandError, match="already holds"):
        generate("--seed", "7")


def test_refused_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        generate("--seed", "1")
    assert not Quote.objects.exists()


def test_force_runs_with_debug_off(db, settings):
    settings.DEBUG = False
    generate("--seed", "1", "--force")
    assert Quote.objects.count() == QUOTES
