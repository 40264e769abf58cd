"""The import_data command: read a JSON Lines export into the database, all of it or nothing."""

import os
import sys
from collections.abc import Iterable, Iterator

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsroom.interchange import ImportFailed, ImportSummary, import_lines


class Command(BaseCommand):
    help = (
        "Import a JSON Lines file written by export_data (- for standard input). A record whose "
        "id exists is updated, any other is created; every record is validated, and one bad "
        "line leaves the database unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON Lines file, or - to read standard input.")
        parser.add_argument(
            "--quiet", action="store_true", help="Show no progress bar, even on a terminal."
        )

    def handle(self, *args, file, quiet=False, verbosity=1, **options):
        # The bar goes to the terminal only: in a pipe or a log it would be noise.
        progress = not quiet and verbosity > 0 and sys.stderr.isatty()
        if file == "-":
            summary = self.import_stream(getattr(sys.stdin, "buffer", sys.stdin), None, progress)
        else:
            try:
                stream = open(file, "rb")  # noqa: SIM115 (closed by the with block below)
            except (OSError, ValueError) as exc:
                # ValueError: a name no file can have (a NUL, bytes the file system cannot
                # encode).
                raise CommandError(f"Cannot read {file}: {exc}") from exc
            with stream:
                size = os.fstat(stream.fileno()).st_size
                summary = self.import_stream(stream, size, progress)
        if verbosity:
            for type_name, created, updated in summary.rows():
                self.stdout.write(f"{type_name}: {created} created, {updated} updated")
            self.stdout.write(
                f"Imported {summary.total_created + summary.total_updated} records: "
                f"{summary.total_created} created, {summary.total_updated} updated."
            )

    def import_stream(
        self, stream: Iterable[bytes | str], size: int | None, progress: bool
    ) -> ImportSummary:
        with tqdm(
            total=size,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc="Importing",
            file=sys.stderr,
            disable=not progress,
        ) as bar:
            try:
                return import_lines(_advancing(stream, bar))
            except ImportFailed as exc:
                raise CommandError(f"{exc}. Nothing was imported.") from exc


def _advancing(lines: Iterable[bytes | str], bar: tqdm) -> Iterator[bytes | str]:
    for line in lines:
        yield line
        bar.update(len(line))
