"""Django's `flush`, which empties every table, tracked ones included, on purpose."""

from django.core.management.commands import flush

from newsroom.history import untracked_writes


class Command(flush.Command):
    def handle(self, **options):
        with untracked_writes("flush: every table emptied", using=options["database"]):
            return super().handle(**options)
