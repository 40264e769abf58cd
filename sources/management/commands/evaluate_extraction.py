"""The evaluate_extraction command: score proposals against a gold annotation file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.ingest import catalog
from sources.ingest.evaluation import evaluate
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
        try:
            annotation = json.loads(Path(gold).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {gold}: {error.strerror or error}.") from error
        except ValueError as error:
            raise CommandError(f"{gold} is not valid JSON: {error}.") from error
        if not isinstance(annotation, dict) or not isinstance(annotation.get("sources"), list):
            raise CommandError(f"{gold} has no “sources” list: is it a gold annotation file?")
        texts = {}
        for source in annotation["sources"]:
            path = Path(folder) / source["file"]
            try:
                texts[source["file"]] = path.read_bytes()
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
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
