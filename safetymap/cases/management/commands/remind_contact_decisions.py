from django.core.management.base import BaseCommand

from safetymap.cases.tasks import remind_front_door_of_decisions_due


class Command(BaseCommand):
    help = (
        "Queue the front door's reminder of contact decisions due within 2 hours (run every "
        "15 minutes, e.g. from cron). A contact is never in two reminders."
    )

    def handle(self, *args, **options) -> None:
        result = remind_front_door_of_decisions_due.enqueue()
        self.stdout.write(f"Contact decision reminders queued (task {result.id}).")
