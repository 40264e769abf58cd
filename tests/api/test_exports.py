"""/api/export/: the published records as JSON Lines, for researchers, and nothing else."""

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from newsroom.api.exports import PUBLIC_RECORDS
from newsroom.interchange import export_records
from newsroom.workflow import ReviewState
from sources.models import Affiliation, Alias, Citation, ClaimAppearance, Evidence, Topic
from tests.factories import (
    AffiliationFactory,
    AliasFactory,
    AppearanceFactory,
    ClaimFactory,
    EventFactory,
    OrganizationFactory,
    ParticipantFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
)
from tests.public.test_leaks import unpublished_records
from timeline.models import Participant

S = ReviewState
EXPORT = reverse("api:export")


def export(params=None, user=None) -> list[dict]:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    response = client.get(EXPORT, params or {})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    assert body == "" or body.endswith("\n")
    return [json.loads(line) for line in body.splitlines()]


def ids(lines: list[dict], kind: str) -> set[str]:
    return {line["id"] for line in lines if line["type"] == kind}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_the_export_is_the_published_demo_newsroom(demo):
    lines = export()

    for kind, model in (
        ("organization", "Organization"),
        ("person", "Person"),
        ("outlet", "Outlet"),
        ("source", "Source"),
        ("quote", "Quote"),
        ("appearance", "Appearance"),
        ("claim", "Claim"),
        ("event", "Event"),
    ):
        published = PUBLIC_RECORDS[kind]()
        assert published.model.__name__ == model
        assert ids(lines, kind) == {str(pk) for pk in published.values_list("pk", flat=True)}
        assert ids(lines, kind), kind
    assert {line["state"] for line in lines if "state" in line} == {"published"}
    assert ids(lines, "quote") >= {str(pk) for pk in _demo_quotes("raxit-instrument")}
    assert not ids(lines, "quote") & {str(pk) for pk in _demo_quotes("re-education")}


def _demo_quotes(*keys):
    from newsroom.demo import demo_id

    return [demo_id(f"quote:{key}") for key in keys]


def test_lines_are_those_of_export_data_less_the_desks_own_fields(demo):
    full = {(line["type"], line["id"]): line for line in export_records()}

    for line in export():
        original = full[(line["type"], line["id"])]
        assert set(line) <= set(original)
        assert not {"notes", "created_by", "last_edited_by", "assigned_to", "version"} & set(line)
        for name, value in line.items():
            if isinstance(value, list):
                assert set(value) <= set(original[name])
            elif value is not None:
                assert value == original[name], (line["type"], name)


def test_no_unpublished_record_nor_its_id_appears(demo):
    QuoteFactory(text="Qzxdraft words", state=S.DRAFT)
    draft_person = PersonFactory(name="Qzx Hidden", state=S.DRAFT)
    AliasFactory(person=draft_person, name="Qzx alias")
    AffiliationFactory(person=PersonFactory(), organization=OrganizationFactory(state=S.DRAFT))
    hidden_source = SourceFactory(title="Qzx hidden source", state=S.IN_REVIEW)
    event = EventFactory(title="Open event")
    event.sources.set([hidden_source])
    ParticipantFactory(event=event, person=draft_person)
    AppearanceFactory(via=hidden_source)
    ClaimFactory(quotes=[QuoteFactory(state=S.REJECTED, text="Qzx rejected words")])

    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in export())

    assert "Qzx" not in text
    for record in unpublished_records():
        assert str(record.pk) not in text, record
        assert record.pk.hex not in text
    assert {line["type"] for line in export()} <= set(PUBLIC_RECORDS)


def test_references_to_unpublished_records_are_left_out(db):
    hidden_source = SourceFactory(state=S.DRAFT)
    appearance = AppearanceFactory(via=hidden_source, via_as_printed="(a wire report)")
    hidden_parent = OrganizationFactory(state=S.DRAFT)
    child = OrganizationFactory(parent=hidden_parent)
    hidden_quote = QuoteFactory(state=S.DRAFT)
    claim = ClaimFactory(quotes=[appearance.quote, hidden_quote])
    lines = {(line["type"], line["id"]): line for line in export()}

    printed = lines[("appearance", str(appearance.pk))]
    assert (printed["via"], printed["via_as_printed"]) == (None, "(a wire report)")
    assert printed["source"] == str(appearance.source_id)
    assert lines[("organization", str(child.pk))]["parent"] is None
    assert lines[("claim", str(claim.pk))]["quotes"] == [str(appearance.quote_id)]


def test_records_that_are_not_editorial_follow_what_they_belong_to(db):
    shown, hidden = PersonFactory(), PersonFactory(state=S.DRAFT)
    AliasFactory(person=shown, name="Shown alias")
    AliasFactory(person=shown, name="the court", kind="reference")
    AliasFactory(person=hidden, name="Hidden alias")
    AffiliationFactory(person=shown)
    AffiliationFactory(person=hidden)
    ParticipantFactory(person=shown)
    ParticipantFactory(person=shown, event=EventFactory(state=S.DRAFT))
    lines = export()

    assert ids(lines, "alias") == {str(a.pk) for a in Alias.objects.filter(name="Shown alias")}
    assert ids(lines, "affiliation") == {
        str(a.pk) for a in Affiliation.objects.filter(person=shown)
    }
    assert ids(lines, "participant") == {
        str(p.pk) for p in Participant.objects.filter(event__state=S.PUBLISHED)
    }
    assert len(ids(lines, "participant")) == 1


def test_kind_picks_the_kinds_of_record(demo):
    assert {line["type"] for line in export({"kind": "quote"})} == {"quote"}
    assert {line["type"] for line in export({"kind": ["event", "participant"]})} == {
        "event",
        "participant",
    }
    assert {line["type"] for line in export({"kind": "claim,evidence"})} == {"claim", "evidence"}


def test_an_unknown_kind_is_refused_with_a_json_error(db):
    response = APIClient().get(EXPORT, {"kind": ["quote", "review"]})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "invalid"
    assert "review" in body["errors"]["kind"][0]


def test_the_export_can_be_asked_for_as_json_lines(db):
    QuoteFactory()

    response = APIClient().get(EXPORT, HTTP_ACCEPT="application/x-ndjson")

    assert response.status_code == 200
    assert [json.loads(line)["type"] for line in response.getvalue().decode().splitlines()]


def test_the_desk_gets_the_published_records_too(demo, editor):
    assert export(user=editor) == export()


def test_the_export_is_throttled_like_the_rest_of_the_api(db, monkeypatch):
    # DRF binds the rates when the throttle classes are defined; the cache holds the history.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "2/min"})
    cache.clear()
    client = APIClient()

    statuses = [client.get(EXPORT, {"kind": "topic"}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    refused = client.get(EXPORT, {"kind": "topic"})
    assert refused.json()["code"] == "throttled"
    assert "Retry-After" in refused
    cache.clear()


def test_topics_citations_and_claim_passages_of_published_records_only(db):
    public_topic_quote = QuoteFactory()
    public_topic_quote.topics.set([Topic.objects.create(name="Shown topic")])
    QuoteFactory(state=S.DRAFT).topics.set([Topic.objects.create(name="Draft topic")])
    citing = SourceFactory()
    Citation.objects.create(citing=citing, cited=SourceFactory())
    Citation.objects.create(citing=citing, cited=SourceFactory(state=S.DRAFT))
    ClaimAppearance.objects.create(
        claim=ClaimFactory(), source=citing, text_as_printed="About 50,000 live in Turkey."
    )
    ClaimAppearance.objects.create(
        claim=ClaimFactory(state=S.DRAFT), source=citing, text_as_printed="Hidden claim."
    )
    Evidence.objects.create(claim=ClaimFactory(state=S.DRAFT), url="https://e.org", note="x")
    lines = export()

    assert [line["name"] for line in lines if line["type"] == "topic"] == ["Shown topic"]
    assert len(ids(lines, "citation")) == 1
    assert [line["text_as_printed"] for line in lines if line["type"] == "claim_appearance"] == [
        "About 50,000 live in Turkey."
    ]
    assert ids(lines, "evidence") == set()
