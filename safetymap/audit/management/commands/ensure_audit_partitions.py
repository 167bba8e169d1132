from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from safetymap.audit import partitions


class Command(BaseCommand):
    help = (
        "PostgreSQL: make the audit trail's partitions for this month and the next ones ahead "
        "of time (daily, from cron). Safe to run again; on SQLite there is nothing to do."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=partitions.MONTHS_AHEAD,
            help="how many months to keep made, this one included",
        )

    def handle(self, *args, months: int, **options) -> None:
        if not partitions.is_partitioned(connection):
            self.stdout.write("The audit trail is not partitioned here (SQLite): nothing to do.")
            return
        with transaction.atomic():
            made = partitions.ensure(connection, timezone.now().date(), months)
        if made:
            self.stdout.write(self.style.SUCCESS("Made " + ", ".join(made) + "."))
        else:
            self.stdout.write(f"The next {months} months' partitions were already there.")
