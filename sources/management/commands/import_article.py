"""The import_article command: read an article, propose what to record, and keep its text."""

import json
import os
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from newsroom.workflow import WorkflowError
from sources.ingest import catalog
from sources.ingest.extract import propose
from sources.ingest.reading import (
    MAX_BYTES,
    IngestError,
    check_metadata,
    check_size,
    read_article,
)
from sources.ingest.services import source_for_text, source_import
from sources.models import SourceKind

# The options that describe the article, by their names in Article.
METADATA_OPTIONS = ("title", "url", "outlet", "published_on", "language", "authors", "kind")


class Command(BaseCommand):
    help = (
        "Import an article (plain text, HTML, or a JSON object with “text” and metadata; - for "
        "standard input) as a draft source with its text snapshot, and propose the quotations, "
        "indirect speech and dated events an editor would record. --dry-run --format json "
        "prints the proposals (format in docs/ingest.md) and saves nothing. Re-importing the "
        "same text changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The article's file, or - to read standard input.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the proposals; save nothing."
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="How to print them."
        )
        parser.add_argument(
            "--input-format",
            choices=["auto", "text", "html", "json"],
            default="auto",
            help="What the file holds (detected by default).",
        )
        parser.add_argument("--title", default="", help="The article's title.")
        parser.add_argument("--url", default="", help="Where it was published.")
        parser.add_argument("--outlet", default="", help="Its publisher, by name.")
        parser.add_argument(
            "--published-on", default="", help="When it was published: 2020, 2020-12, 2020-12-29."
        )
        parser.add_argument("--language", default="", help="Its language, such as en.")
        parser.add_argument("--authors", default="", help="The byline.")
        parser.add_argument(
            "--kind", default="", choices=["", *SourceKind.values], help="What sort of document."
        )
        parser.add_argument(
            "--user",
            default="",
            help="The username the new records are created by (their role must allow adding "
            "sources). Without it, the command line is recorded as the creator.",
        )

    def handle(self, *args, file, dry_run, format, input_format, user, **options):
        metadata = {key: options[key] for key in METADATA_OPTIONS}
        data, name = self.read(file)
        try:
            check_metadata(metadata, name="the command line")
            article = read_article(data, name=name, format=input_format)
        except IngestError as error:
            raise CommandError(str(error)) from error
        article = article.with_metadata(**metadata)
        proposals = propose(article, index=catalog.load_index())
        result = proposals.as_dict()
        if not dry_run:
            account = self.account(user)
            existing = source_for_text(article.text)
            try:
                with transaction.atomic():
                    source, created = source_import(article=article, user=account)
            except WorkflowError as error:
                raise CommandError(error.message) from error
            result["source"].update(id=str(source.pk), created=created)
            if format == "text":
                if existing is not None or not created:
                    self.stdout.write(
                        f"Already imported as source {source.pk} (“{source.title}”, the same "
                        "SHA-256): nothing changed."
                    )
                else:
                    self.stdout.write(f"Imported “{source.title}” as draft source {source.pk}.")
                    self.stdout.write(
                        f"Review the proposals at /admin/sources/source/{source.pk}/review/."
                    )
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.write_text(proposals)

    def read(self, file: str) -> tuple[bytes, str]:
        if file == "-":
            stream = getattr(sys.stdin, "buffer", sys.stdin)
            data = stream.read(MAX_BYTES + 1)
            if isinstance(data, str):
                data = data.encode("utf-8")
            return data, "standard input"
        try:
            with open(file, "rb") as handle:
                check_size(os.fstat(handle.fileno()).st_size, name=file)
                return handle.read(), file
        except IngestError as error:
            raise CommandError(str(error)) from error
        except (OSError, ValueError) as error:
            # ValueError: a name no file can have (a NUL, bytes the file system cannot encode).
            reason = getattr(error, "strerror", None) or error
            raise CommandError(f"Cannot read {file}: {reason}.") from error

    def account(self, username: str):
        if not username:
            return None
        try:
            check_metadata({"user": username}, name="the command line")
        except IngestError:
            # No account has a name that cannot be stored.
            raise CommandError(f"There is no user “{username}”.") from None
        found = get_user_model()._default_manager.filter(username=username).first()
        if found is None:
            raise CommandError(f"There is no user “{username}”.")
        return found

    def write_text(self, proposals) -> None:
        write = self.stdout.write
        summary = proposals.source
        write(f"{summary.length} characters ({summary.format}), SHA-256 {summary.sha256}.")
        write(f"{len(proposals.quotations)} quotations proposed:")
        for item in proposals.quotations:
            speaker = item.speaker.name if item.speaker else "speaker not found"
            known = f", record {item.speaker.id}" if item.speaker and item.speaker.id else ""
            via = f", via {item.intermediary.name}" if item.intermediary else ""
            link = f", an appearance of quotation {item.matches}" if item.matches else ""
            write(f"  [{item.start}-{item.end}] {item.kind}: “{_short(item.text)}”")
            write(f"      {speaker}{known} ({item.cue or 'no cue'}{via}{link})")
        write(f"{len(proposals.indirect)} indirect quotations proposed:")
        for item in proposals.indirect:
            speaker = item.speaker.name if item.speaker else "speaker not found"
            write(f"  [{item.start}-{item.end}] {speaker}: {_short(item.content)}")
        write(f"{len(proposals.events)} dated mentions proposed:")
        for item in proposals.events:
            write(
                f"  [{item.start}-{item.end}] “{item.text}”: {item.date or '?'} ({item.precision})"
            )
        if proposals.excluded:
            write(f"{len(proposals.excluded)} quoted words not proposed:")
            for item in proposals.excluded:
                write(f"  [{item.start}-{item.end}] {item.reason}: “{_short(item.text)}”")


def _short(text: str, length: int = 90) -> str:
    words = " ".join(text.split())
    return words if len(words) <= length else words[: length - 1] + "…"
