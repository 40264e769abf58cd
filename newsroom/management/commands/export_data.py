"""The export_data command: every domain record as JSON Lines, to a file or standard output."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.interchange import ExportFailed, export_records, serialize_line


class Command(BaseCommand):
    help = (
        "Write every domain record, in every review state, as JSON Lines (UTF-8) that "
        "import_data reads back losslessly. Users are not exported."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="Write to FILE (replaced only once the export is complete) instead of "
            "standard output.",
        )

    def handle(self, *args, output=None, verbosity=1, **options):
        try:
            if output in (None, "-"):
                self.write_to_stdout()
            else:
                count = self.write_to_file(Path(output))
                if verbosity:
                    self.stdout.write(f"Exported {count} records to {output}.")
        except ExportFailed as exc:
            raise CommandError(f"Nothing was exported: {exc}") from exc

    def write_to_stdout(self) -> None:
        # JSON Lines is UTF-8 whatever the terminal's encoding, so bytes go to the real stdout.
        buffer = getattr(self.stdout, "buffer", None)
        for record in export_records():
            line = serialize_line(record)
            if buffer is not None:
                buffer.write(line.encode("utf-8"))
            else:
                self.stdout.write(line, ending="")
        self.stdout.flush()

    def write_to_file(self, path: Path) -> int:
        # A half-written export would look like a complete one that lost records, so the file
        # is written aside and moved into place at the end.
        try:
            temporary = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below)
                "wb", dir=path.parent, prefix=f".{path.name}.", delete=False
            )
        except (OSError, ValueError) as exc:
            # ValueError: a name no file can have (a NUL, bytes the file system cannot encode).
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        count = 0
        try:
            with temporary:
                for record in export_records():
                    temporary.write(serialize_line(record).encode("utf-8"))
                    count += 1
            os.replace(temporary.name, path)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        finally:
            if os.path.exists(temporary.name):
                os.unlink(temporary.name)
        return count
