from django.core.management.base import BaseCommand

from safetymap.cases.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Queue today's reminder emails (run once a day, e.g. from cron at 7am)."

    def handle(self, *args, **options) -> None:
        result = send_due_reminders.enqueue()
        self.stdout.write(f"Reminder emails queued (task {result.id}).")
