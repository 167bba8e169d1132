from django.core.management.base import BaseCommand

from safetymap.cases.tasks import end_plans_at_eighteen


class Command(BaseCommand):
    help = (
        "Queue the daily ending of child protection plans of young people who have turned 18 "
        "(run once a day, e.g. from cron just after midnight; running it twice ends nothing twice)."
    )

    def handle(self, *args, **options) -> None:
        result = end_plans_at_eighteen.enqueue()
        self.stdout.write(f"Plans ending at 18 queued (task {result.id}).")
