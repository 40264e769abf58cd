"""The JSON Lines export and import: a lossless round trip, and all-or-nothing imports."""

import datetime
import io
import json
import sys
import uuid

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from simple_history.models import HistoricalChanges

from newsroom.interchange import (
    DERIVED_FIELDS,
    LOCAL_FIELDS,
    RECORD_TYPES,
    RESTORED_FIELDS,
    REVIEWED_TYPES,
    ExportFailed,
    ImportFailed,
    export_records,
    exported_fields,
    generic_references,
    import_lines,
    serialize_line,
)
from newsroom.models import Correction, EditorialModel, Review, ReviewEvidence
from newsroom.workflow import Action, ReviewState
from sources.models import (
    AliasKind,
    AnchorStatus,
    Appearance,
    ClaimAppearance,
    Organization,
    OrganizationKind,
    Person,
    Source,
    SourceKind,
    TruthVerdict,
)
from tests.factories import (
    AffiliationFactory,
    AliasFactory,
    AppearanceFactory,
    CitationFactory,
    ClaimAppearanceFactory,
    ClaimFactory,
    EventFactory,
    EvidenceFactory,
    OrganizationFactory,
    OutletFactory,
    ParticipantFactory,
    PersonFactory,
    ProposalReviewFactory,
    QuoteFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)

SNAPSHOT = (
    "He said “hello world” today.\n"
    "It was reported that about 50,000 Uyghurs live in Turkey.\u2028The end."
)


@pytest.fixture
def newsroom(db):
    """A small newsroom with every record type, in several review states."""
    economy, rights = TopicFactory(name="Economy"), TopicFactory(name="Human rights")
    # The parent's id sorts after its child's: export must still put the parent first.
    court = OrganizationFactory(
        id=uuid.UUID("f" * 32),
        name="International Criminal Court",
        kind=OrganizationKind.COURT,
        country="NL",
    )
    office = OrganizationFactory(
        id=uuid.UUID("0" * 32),
        name="Office of the Prosecutor",
        parent=court,
        state=ReviewState.DRAFT,
    )
    person = PersonFactory(
        name="Recep Tayyip Erdoğan", wikidata_qid="Q39259", state=ReviewState.VERIFIED
    )
    AliasFactory(person=person, name="Erdogan", kind=AliasKind.VARIANT, language="en")
    AliasFactory(person=None, organization=court, name="ICC", kind=AliasKind.ABBREVIATION)
    wire = SourceFactory(
        title="AFP wire", kind=SourceKind.WIRE, outlet=OutletFactory(organization=court)
    )
    report = SourceFactory(
        title="Treaty ratified",
        text=SNAPSHOT,
        retrieved_at=datetime.datetime(2021, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC),
        published_on=datetime.date(2021, 1, 1),
        published_on_precision="month",
        state=ReviewState.IN_REVIEW,
    )
    AffiliationFactory(
        person=person,
        organization=court,
        role="observer",
        started_on=datetime.date(2014, 1, 1),
        started_on_precision="year",
        source=report,
    )
    CitationFactory(citing=report, cited=wire, as_printed="(AFP)")
    quote = QuoteFactory(text="hello world", speaker_person=person, topics=[rights])
    _anchored(AppearanceFactory.build(quote=quote, source=report, text_as_printed="hello world"))
    _anchored(
        AppearanceFactory.build(
            quote=quote,
            source=SourceFactory(text="He said “hello world” on the radio."),
            text_as_printed="hello world",
            via=report,
            via_as_printed="as reported by Treaty ratified",
            state=ReviewState.DISPUTED,
        )
    )
    office_quote = QuoteFactory(
        text="No comment.",
        speaker_person=None,
        speaker_organization=office,
        said_on=None,
        said_on_precision="",
        state=ReviewState.REJECTED,
    )
    claim = ClaimFactory(
        text="About 50,000 Uyghurs live in Turkey.",
        quotes=[quote, office_quote],
        verdict=TruthVerdict.MOSTLY_TRUE,
        reviewed_on=datetime.date(2021, 1, 5),
        state=ReviewState.VERIFIED,
    )
    claim.topics.set([rights, economy])
    _anchored(
        ClaimAppearanceFactory.build(
            claim=claim,
            source=report,
            text_as_printed="about 50,000 Uyghurs live in Turkey",
            hedged=True,
            via=wire,
        )
    )
    ClaimAppearanceFactory(claim=claim, source=wire)  # no snapshot to anchor in
    EvidenceFactory(claim=claim, source=wire, checked_on=datetime.date(2021, 1, 4))
    EvidenceFactory(claim=claim, source=None, url="https://stats.example.org/census")
    event = EventFactory(
        sources=[report, wire],
        starts_on=datetime.date(2020, 12, 26),
        starts_on_precision="day",
        state=ReviewState.RETRACTED,
    )
    event.quotes.set([quote])
    event.claims.set([claim])
    event.topics.set([rights])
    ParticipantFactory(event=event, person=person, role="signatory")
    ParticipantFactory(event=event, person=None, organization=office, role="ratifying body")
    # The desk's records of review: a verification with its evidence, a retraction explained.
    checker, editor = UserFactory(username="checker"), UserFactory(username="desk-editor")
    verification = Review.objects.create(
        record=claim,
        action=Action.VERIFY,
        from_state=ReviewState.IN_REVIEW,
        to_state=ReviewState.VERIFIED,
        user=checker,
        note="The census backs the figure.",
        checklist={"claim_source": True, "verdict_supported": True},
        created_at=datetime.datetime(2021, 1, 5, 9, 30, tzinfo=datetime.UTC),
    )
    ReviewEvidence.objects.create(
        review=verification, source=wire, checked="matched the AFP wire text"
    )
    ReviewEvidence.objects.create(
        review=verification, url="https://stats.example.org/census", checked="census table 4"
    )
    retraction = Review.objects.create(
        record=event,
        action=Action.RETRACT,
        from_state=ReviewState.PUBLISHED,
        to_state=ReviewState.RETRACTED,
        user=editor,
    )
    Correction.objects.create(
        record=event,
        what_was_wrong="The treaty was not signed that weekend.",
        what_changed="Retracted the event.",
        created_by=editor,
        review=retraction,
        published_at=datetime.datetime(2021, 2, 1, 12, 0, tzinfo=datetime.UTC),
    )
    # An appearance orphaned by a change of snapshot keeps its selector for an editor.
    changed = SourceFactory(text="She said “goodbye” then.", state=ReviewState.DRAFT)
    _anchored(AppearanceFactory.build(quote=quote, source=changed, text_as_printed="goodbye"))
    changed.text = "She left without a word."
    changed.save()
    assert Appearance.objects.filter(anchor_status=AnchorStatus.ORPHANED).count() == 1
    assert ClaimAppearance.objects.filter(anchor_status=AnchorStatus.ANCHORED).count() == 1
    # An editor's decision on a proposal of an imported source (sources/ingest).
    ProposalReviewFactory(source=report, key="quotation:8-19", decided_by=editor)


def _anchored(passage):
    passage.full_clean()
    passage.save()
    assert passage.anchor_status == AnchorStatus.ANCHORED
    return passage


def _export() -> str:
    return "".join(serialize_line(record) for record in export_records())


def _lines(text: str) -> list[str]:
    # Not str.splitlines(): it would also split at U+2028 inside a JSON string.
    return io.StringIO(text).readlines()


def _row_counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in RECORD_TYPES.items()}


def _empty_domain_tables() -> None:
    for model in reversed(RECORD_TYPES.values()):
        if model is RECORD_TYPES["organization"]:
            model.objects.update(parent=None)
        model.objects.all().delete()


def _record(type_name: str, **fields) -> str:
    return serialize_line({"type": type_name, "id": str(uuid.uuid4()), **fields})


def test_round_trip_into_an_empty_database_gives_the_same_lines(newsroom):
    exported = _export()
    _empty_domain_tables()
    assert not any(_row_counts().values())

    summary = import_lines(_lines(exported))

    assert _export() == exported
    assert summary.total_created == len(_lines(exported))
    assert summary.total_updated == 0


def test_round_trip_keeps_anchors_timestamps_and_many_to_many(newsroom):
    exported = _export()
    _empty_domain_tables()

    import_lines(_lines(exported))

    passage = ClaimAppearance.objects.get(anchor_status=AnchorStatus.ANCHORED)
    assert SNAPSHOT[passage.anchor_start : passage.anchor_end] == passage.text_as_printed
    orphan = Appearance.objects.get(anchor_status=AnchorStatus.ORPHANED)
    assert (orphan.anchor_start, orphan.anchor_exact) == (None, "goodbye")
    erdogan = Person.objects.get(name="Recep Tayyip Erdoğan")
    line = next(json.loads(line) for line in _lines(exported) if erdogan.name in line)
    assert erdogan.created_at.isoformat() == line["created_at"]
    assert erdogan.name_folded == "recep tayyip erdogan"


def test_round_trip_keeps_reviews_with_their_evidence_and_corrections(newsroom):
    exported = _export()
    _empty_domain_tables()

    import_lines(_lines(exported))

    claim = RECORD_TYPES["claim"].objects.get()
    verification = Review.objects.for_record(claim).get()
    assert (verification.user.username, verification.action) == ("checker", Action.VERIFY)
    assert verification.checklist == {"claim_source": True, "verdict_supported": True}
    assert sorted(verification.evidence.values_list("checked", flat=True)) == [
        "census table 4",
        "matched the AFP wire text",
    ]
    event = RECORD_TYPES["event"].objects.get()
    correction = Correction.objects.for_record(event).get()
    assert correction.created_by.username == "desk-editor"
    assert correction.review == Review.objects.for_record(event).get()


def test_export_names_a_reviewed_record_by_type_and_id_and_a_reviewer_by_username(newsroom):
    records = [json.loads(line) for line in _lines(_export())]
    claim = next(record for record in records if record["type"] == "claim")
    review = next(record for record in records if record.get("action") == "verify")
    correction = next(record for record in records if record["type"] == "correction")

    assert (review["content_type"], review["object_id"]) == ("sources.claim", claim["id"])
    assert review["user"] == "checker"
    assert correction["created_by"] == "desk-editor"
    assert correction["content_type"] == "timeline.event"


def test_import_records_each_record_in_its_history_as_imported(newsroom):
    exported = _export()
    _empty_domain_tables()
    operator = UserFactory(username="operator")

    import_lines(_lines(exported), user=operator)

    erdogan = Person.objects.get(name="Recep Tayyip Erdoğan")
    imported = erdogan.history.first()
    assert (imported.history_change_reason, imported.history_user) == ("imported", operator)
    assert imported.history_type == "+"
    assert Review.objects.first().history.first().history_change_reason == "imported"


def test_export_is_byte_stable(newsroom):
    assert _export() == _export()


def test_every_line_has_type_and_id_and_editorial_lines_a_state(newsroom):
    records = [json.loads(line) for line in _lines(_export())]

    assert {record["type"] for record in records} == set(RECORD_TYPES)
    for record in records:
        assert str(uuid.UUID(record["id"])) == record["id"]
        if issubclass(RECORD_TYPES[record["type"]], EditorialModel):
            assert record["state"] in ReviewState.values
    assert len({record["id"] for record in records}) == len(records)
    states = {record.get("state") for record in records}
    assert {"draft", "in_review", "verified", "disputed", "rejected", "retracted"} <= states


def test_export_writes_dates_iso_and_relations_as_ids(newsroom):
    records = [json.loads(line) for line in _lines(_export())]
    source = next(record for record in records if record.get("title") == "Treaty ratified")
    quote = next(record for record in records if record.get("text") == "hello world")
    event = next(record for record in records if record["type"] == "event")

    assert source["published_on"] == "2021-01-01"
    assert source["retrieved_at"] == "2021-01-02T03:04:05.678901+00:00"
    assert source["text"] == SNAPSHOT
    assert quote["speaker_organization"] is None
    assert isinstance(quote["speaker_person"], str)
    assert quote["topics"] == sorted(quote["topics"]) and len(quote["topics"]) == 1
    assert event["sources"] == sorted(event["sources"]) and len(event["sources"]) == 2


def test_export_puts_every_referenced_record_before_the_records_that_refer_to_it(newsroom):
    seen: set[str] = set()
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    for line in _lines(_export()):
        record = json.loads(line)
        model = RECORD_TYPES[record["type"]]
        content_types = {reference.ct_field for reference in generic_references(model)}
        for reference in generic_references(model):
            assert record[reference.fk_field] in seen, (record["type"], reference.name)
        for field in exported_fields(model):
            if not field.is_relation or record[field.name] is None:
                continue
            if field.name in content_types:
                assert record[field.name] in REVIEWED_TYPES, (record["type"], field.name)
            elif field.related_model is get_user_model():
                # Users are not exported: they are named, and must have accounts to import.
                assert record[field.name] in usernames, (record["type"], field.name)
            else:
                assert record[field.name] in seen, (record["type"], field.name)
        for field in model._meta.many_to_many:
            assert set(record[field.name]) <= seen, (record["type"], field.name)
        seen.add(record["id"])


def test_export_orders_each_type_by_id_with_parent_organizations_first(newsroom):
    records = [json.loads(line) for line in _lines(_export())]
    types = [record["type"] for record in records]
    assert types == sorted(types, key=list(RECORD_TYPES).index)
    for name in set(RECORD_TYPES) - {"organization"}:
        ids = [record["id"] for record in records if record["type"] == name]
        assert ids == sorted(ids)
    organizations = [record["name"] for record in records if record["type"] == "organization"]
    assert organizations == ["International Criminal Court", "Office of the Prosecutor"]


def test_export_refuses_organizations_whose_parents_form_a_loop(db):
    first = OrganizationFactory()
    second = OrganizationFactory(parent=first)
    # Organization.clean() refuses a loop; only a write that skips validation can make one.
    Organization.objects.filter(pk=first.pk).update(parent=second)

    with pytest.raises(ExportFailed, match="loop"):
        _export()
    with pytest.raises(CommandError, match="Nothing was exported"):
        call_command("export_data", stdout=io.StringIO())


def test_registry_lists_every_domain_model_after_the_models_it_refers_to():
    # History tables (django-simple-history) are not records of their own: not exported.
    domain = {
        model
        for label in ("newsroom", "sources", "timeline")
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges)
    }
    assert set(RECORD_TYPES.values()) == domain
    order = list(RECORD_TYPES.values())
    for model in order:
        content_types = {reference.ct_field for reference in generic_references(model)}
        for field in [*exported_fields(model), *model._meta.many_to_many]:
            if field.name in content_types:
                for reviewed in REVIEWED_TYPES.values():
                    assert order.index(reviewed) < order.index(model), field
            elif field.is_relation and field.related_model is not get_user_model():
                assert order.index(field.related_model) <= order.index(model), field


def test_only_an_editorial_record_s_bookkeeping_is_left_out_of_the_export():
    for model in RECORD_TYPES.values():
        left_out = {field.name for field in model._meta.concrete_fields} - {
            field.name for field in exported_fields(model)
        }
        assert left_out == (LOCAL_FIELDS if issubclass(model, EditorialModel) else set()), model


def test_every_computed_field_is_recomputed_on_import():
    for model in RECORD_TYPES.values():
        for field in exported_fields(model):
            automatic = field.primary_key or field.auto_created
            automatic |= getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            if not field.editable and not automatic and field.name not in RESTORED_FIELDS:
                assert field.name in DERIVED_FIELDS, f"{model.__name__}.{field.name}"


def test_import_into_an_existing_database_updates_records_by_id(newsroom):
    lines = _lines(_export())
    erdogan = Person.objects.get(name="Recep Tayyip Erdoğan")
    for number, line in enumerate(lines):
        record = json.loads(line)
        if record["id"] == str(erdogan.pk):
            lines[number] = serialize_line({**record, "description": "President of Turkey."})
    before = _row_counts()

    summary = import_lines(lines)

    assert _row_counts() == before
    assert summary.total_created == 0
    assert summary.total_updated == len(lines)
    erdogan.refresh_from_db()
    assert erdogan.description == "President of Turkey."


def test_import_updates_a_record_edited_since_the_export_without_a_version_conflict(newsroom):
    exported = _export()
    erdogan = Person.objects.get(name="Recep Tayyip Erdoğan")
    for description in ("President.", "President of Turkey since 2014."):
        erdogan.description = description
        erdogan.save()
    assert erdogan.version == 3

    import_lines(_lines(exported))

    erdogan = Person.objects.get(pk=erdogan.pk)
    assert (erdogan.description, erdogan.version) == ("A person named in the news.", 4)
    assert _export() == exported


def test_importing_an_older_export_restores_a_changed_snapshot_and_its_anchors(newsroom):
    exported = _export()
    report = Source.objects.get(title="Treaty ratified")
    report.text = "Yesterday, in Ankara. " + SNAPSHOT
    report.save()
    assert _export() != exported

    import_lines(_lines(exported))

    assert _export() == exported


def test_import_recomputes_a_folded_name_instead_of_trusting_the_file(db):
    import_lines([_record("person", name="Dilxat Raxit", name_folded="someone else")])

    assert Person.objects.get().name_folded == "dilxat raxit"


def test_import_of_a_partial_line_changes_only_the_fields_it_gives(newsroom):
    erdogan = Person.objects.get(name="Recep Tayyip Erdoğan")

    summary = import_lines([serialize_line({"type": "person", "id": str(erdogan.pk)})])

    assert summary.updated == {"person": 1}
    refreshed = Person.objects.get(pk=erdogan.pk)
    assert (refreshed.name, refreshed.state) == (erdogan.name, ReviewState.VERIFIED)


def _replace(lines: list[str], type_name: str, **changes) -> tuple[list[str], int]:
    """The lines with the first record of a type changed, and that line's number."""
    for index, line in enumerate(lines):
        record = json.loads(line)
        if record["type"] == type_name:
            lines[index] = serialize_line({**record, **changes})
            return lines, index + 1
    raise AssertionError(type_name)


def _corrupt(kind: str, lines: list[str]) -> tuple[list[str], int, str]:
    """A damaged file: (lines, the line number to blame, words the error must contain)."""
    if kind == "invalid JSON":
        lines[2] = lines[2][:20] + "\n"
        return lines, 3, "not valid JSON"
    if kind == "truncated last line":
        lines[-1] = lines[-1][: len(lines[-1]) // 2]
        return lines, len(lines), "truncated"
    if kind == "not an object":
        lines[1] = "[1, 2]\n"
        return lines, 2, "one JSON object"
    if kind == "unknown type":
        lines[1] = _record("rumour", text="They say.")
        return lines, 2, "unknown type 'rumour'"
    if kind == "missing id":
        lines[1] = serialize_line({"type": "topic", "name": "Trade"})
        return lines, 2, "no id"
    if kind == "unknown field":
        lines, number = _replace(lines, "person", colour="blue")
        return lines, number, "unknown field colour"
    if kind == "dangling reference":
        lines, number = _replace(lines, "quote", speaker_person=str(uuid.uuid4()))
        return lines, number, "neither in the database nor earlier in the file"
    if kind == "dangling many-to-many":
        lines, number = _replace(lines, "event", quotes=[str(uuid.uuid4())])
        return lines, number, "quotes refers to quote"
    if kind == "two speakers":
        records = [json.loads(line) for line in lines]
        speakers = {r["type"]: r["id"] for r in records if r["type"] in {"person", "organization"}}
        lines, number = _replace(
            lines,
            "quote",
            speaker_person=speakers["person"],
            speaker_organization=speakers["organization"],
        )
        return lines, number, "Give one speaker only"
    if kind == "date contradicting its precision":
        lines, number = _replace(lines, "quote", said_on="2020-12-05", said_on_precision="month")
        return lines, number, "is not a month"
    if kind == "wrong type of value":
        lines, number = _replace(lines, "claim_appearance", hedged="yes")
        return lines, number, "hedged must be a JSON boolean"
    if kind == "null for a required field":
        lines, number = _replace(lines, "topic", name=None)
        return lines, number, "name cannot be null"
    if kind == "NUL character":
        lines, number = _replace(lines, "topic", description="Trade\x00 and tariffs")
        return lines, number, "NUL character"
    if kind == "wrong sha256":
        lines, number = _replace(lines, "source", text_sha256="0" * 64)
        return lines, number, "does not match the text"
    if kind == "review of a record that does not exist":
        lines, number = _replace(lines, "review", object_id=str(uuid.uuid4()))
        return lines, number, "object_id refers to"
    if kind == "review of a record that is not reviewed":
        lines, number = _replace(lines, "correction", content_type="auth.user")
        return lines, number, "'auth.user' is not a kind of record that is reviewed"
    if kind == "reviewer without an account":
        lines, number = _replace(lines, "review", user="somebody")
        return lines, number, "user 'somebody' has no account in this database"
    if kind == "anchor not in the snapshot":
        records = [json.loads(line) for line in lines]
        number = next(
            index + 1
            for index, record in enumerate(records)
            if record.get("anchor_status") == "anchored"
        )
        lines[number - 1] = serialize_line({**records[number - 1], "anchor_prefix": "Once "})
        return lines, number, "anchor_prefix is 'Once ' in the file"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "invalid JSON",
        "truncated last line",
        "not an object",
        "unknown type",
        "missing id",
        "unknown field",
        "dangling reference",
        "dangling many-to-many",
        "two speakers",
        "date contradicting its precision",
        "wrong type of value",
        "null for a required field",
        "NUL character",
        "wrong sha256",
        "anchor not in the snapshot",
        "review of a record that does not exist",
        "review of a record that is not reviewed",
        "reviewer without an account",
    ],
)
def test_a_bad_line_fails_naming_it_and_leaves_the_database_unchanged(newsroom, kind):
    before, counts = _export(), _row_counts()
    lines, number, words = _corrupt(kind, _lines(before))
    # A new record first, so that a partial import would show.
    lines.insert(0, _record("topic", name="Trade", slug="trade"))

    with pytest.raises(ImportFailed) as failure:
        import_lines(lines)

    assert failure.value.line_number == number + 1
    assert str(failure.value).startswith(f"line {number + 1}: ")
    assert words in str(failure.value)
    assert _row_counts() == counts
    assert _export() == before


def test_a_reference_to_a_record_later_in_the_file_fails(newsroom):
    lines = _lines(_export())
    _empty_domain_tables()
    person = next(line for line in lines if json.loads(line)["type"] == "person")
    lines.remove(person)
    lines.append(person)

    with pytest.raises(ImportFailed, match="neither in the database nor earlier in the file"):
        import_lines(lines)

    assert not any(_row_counts().values())


def test_a_file_without_a_final_newline_imports_when_its_last_line_is_whole(db):
    summary = import_lines([_record("topic", name="Trade").rstrip("\n")])

    assert summary.created == {"topic": 1}


def test_an_import_file_that_is_not_utf8_fails_naming_the_line(db):
    with pytest.raises(ImportFailed, match="line 2: not UTF-8"):
        import_lines([_record("topic", name="Trade").encode(), b'{"name": "\xff"}\n'])


def test_export_and_import_commands_round_trip_through_a_file(newsroom, tmp_path):
    path = tmp_path / "newsroom.jsonl"
    call_command("export_data", "-o", str(path), stdout=io.StringIO())
    exported = path.read_text(encoding="utf-8")
    _empty_domain_tables()
    out = io.StringIO()

    call_command("import_data", str(path), stdout=out)

    assert _export() == exported
    assert "quote: 2 created, 0 updated" in out.getvalue()
    assert f"Imported {len(_lines(exported))} records" in out.getvalue()


def test_export_command_writes_to_standard_output_by_default(newsroom):
    out = io.StringIO()

    call_command("export_data", stdout=out)

    assert out.getvalue() == _export()


def test_import_command_reads_standard_input_for_a_dash(db, monkeypatch):
    data = _record("topic", name="Trade") + _record("person", name="Dilxat Raxit")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    out = io.StringIO()

    call_command("import_data", "-", stdout=out)

    assert "topic: 1 created" in out.getvalue()
    assert Person.objects.get().name == "Dilxat Raxit"


def test_import_command_fails_with_a_command_error_naming_the_line(db, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(_record("topic", name="Trade") + "{not json\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"^line 2: not valid JSON.*Nothing was imported"):
        call_command("import_data", str(path), stdout=io.StringIO())

    assert not any(_row_counts().values())


def test_import_command_fails_with_a_command_error_for_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_data", str(tmp_path / "missing.jsonl"))


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(("options", "shown"), [((), True), (("--quiet",), False)])
def test_import_command_shows_progress_on_a_terminal_unless_quiet(
    db, tmp_path, monkeypatch, options, shown
):
    path = tmp_path / "topics.jsonl"
    path.write_text(_record("topic", name="Trade"), encoding="utf-8")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    call_command("import_data", str(path), *options, stdout=io.StringIO())

    assert ("Importing" in terminal.getvalue()) is shown


def test_import_command_shows_no_progress_when_stderr_is_not_a_terminal(db, tmp_path, capsys):
    path = tmp_path / "topics.jsonl"
    path.write_text(_record("topic", name="Trade"), encoding="utf-8")

    call_command("import_data", str(path), stdout=io.StringIO())

    assert capsys.readouterr().err == ""
