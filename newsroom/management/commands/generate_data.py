"""Build a synthetic newsroom in bulk, so that the public pages can be measured at scale."""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom import synthetic

# More quotations than a benchmark needs (100,000 take about 30 s) is a typing slip: the
# newsroom would take hours and gigabytes to build.
MAX_QUOTES = 1_000_000


class Command(BaseCommand):
    help = (
        "Build a synthetic newsroom of N quotations (people, organizations, outlets, sources, "
        "appearances with via chains, claims, events, topics) in bulk, for benchmarks. Test "
        "data: refused when DEBUG is off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quotes",
            type=int,
            required=True,
            metavar="N",
            help=f"How many quotations, at most {MAX_QUOTES:,}.",
        )
        parser.add_argument(
            "--seed", type=int, help="Seed of the generator: the same seed builds the same data."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=synthetic.DEFAULT_BATCH_SIZE,
            help="Rows per INSERT batch (the database may lower it).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write synthetic records even with DEBUG off (never on a production desk).",
        )

    def handle(self, *args, quotes, seed, batch_size, force, verbosity, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "generate_data writes thousands of made-up records: it runs only with "
                "DJANGO_DEBUG=1, or with --force on a database meant for tests."
            )
        if not 1 <= quotes <= MAX_QUOTES:
            raise CommandError(f"--quotes must be from 1 to {MAX_QUOTES:,}.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if seed is None:
            seed = random.SystemRandom().randrange(2**32)

        def progress(message: str) -> None:
            if verbosity > 1:
                self.stdout.write(f"  {message}")

        started = time.perf_counter()
        try:
            counts = synthetic.build(
                quotes=quotes, seed=seed, batch_size=batch_size, progress=progress
            )
        except synthetic.AlreadyGenerated as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Synthetic newsroom (seed {seed}, {connection_label()}): "
            + ", ".join(f"{count:,} {name}" for name, count in counts.items())
            + "."
        )
        self.stdout.write(self.style.SUCCESS(f"Made in {elapsed:.1f} s."))


def connection_label() -> str:
    database = settings.DATABASES["default"]
    return database["ENGINE"].rsplit(".", 1)[-1]
