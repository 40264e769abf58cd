"""The evaluate_extraction command: score proposals against a gold annotation file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.ingest import catalog
from sources.ingest.evaluation import check_gold, evaluate
from sources.ingest.reading import IngestError


class Command(BaseCommand):
    help = (
        "Compare the proposals for the articles in DIR with GOLD.json (the format of "
        "shared/seeds/gold.json): precision, recall and speaker accuracy for direct quotations, "
        "and how scare quotes and indirect speech were handled."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", help="The gold annotation file (JSON).")
        parser.add_argument("folder", help="The folder holding the articles the gold file names.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--min-precision", type=float, default=0.0, help="Fail below this precision."
        )
        parser.add_argument("--min-recall", type=float, default=0.0, help="Fail below this recall.")

    def handle(self, *args, gold, folder, format, min_precision, min_recall, **options):
        annotation = self.read_gold(gold)
        texts = {}
        for source in annotation["sources"]:
            path = Path(folder) / source["file"]
            try:
                texts[source["file"]] = path.read_bytes()
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read {path}: {reason(error)}.") from error
        try:
            report = evaluate(annotation, texts, catalog.load_index())
        except IngestError as error:
            raise CommandError(str(error)) from error
        if format == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{len(texts)} articles, {gold}")
            for line in report.lines():
                self.stdout.write(line)
            for problem in report.problems:
                self.stdout.write(f"  - {problem}")
        if report.precision < min_precision or report.recall < min_recall:
            raise CommandError(
                f"Precision {report.precision:.2f} and recall {report.recall:.2f} are below "
                f"the floor given ({min_precision:.2f}, {min_recall:.2f})."
            )

    def read_gold(self, gold: str) -> dict:
        try:
            data = Path(gold).read_bytes()
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {gold}: {reason(error)}.") from error
        try:
            annotation = json.loads(data.decode("utf-8"))
        except RecursionError:
            raise CommandError(
                f"{gold} is not valid JSON: lists or objects are nested too deeply to read."
            ) from None
        except ValueError as error:
            raise CommandError(f"{gold} is not valid JSON: {error}.") from error
        try:
            check_gold(annotation)
        except IngestError as error:
            raise CommandError(f"{gold} is not a gold annotation: {error}") from error
        return annotation


def reason(error: Exception) -> str:
    """Why a file could not be read; ValueError is for a name no file can have (a NUL, bytes
    the file system cannot encode)."""
    return getattr(error, "strerror", None) or str(error)
