from django.core.management.base import BaseCommand, CommandError

from safetymap.audit import chain
from safetymap.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Check the audit trail's hash chain: every event unchanged, none removed or inserted."

    def handle(self, *args, **options) -> None:
        events = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
        checked, broken = chain.verify(events)
        if broken:
            raise CommandError(
                f"The audit trail is broken at event {broken.event_id}: it {broken.problem}. "
                f"{checked} events before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"The audit trail is intact: {checked} events."))
