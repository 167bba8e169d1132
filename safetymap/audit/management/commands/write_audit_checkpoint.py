from django.core.management.base import BaseCommand, CommandError

from safetymap.audit import checkpoints


class Command(BaseCommand):
    help = (
        "Append a signed checkpoint of the audit trail (how many events, the last one's id and "
        "hash) to SAFETYMAP_AUDIT_CHECKPOINT_DIR, after checking the events since the last one. "
        "Run it on a schedule (docs/deploy.md)."
    )

    def handle(self, *args, **options) -> None:
        try:
            point = checkpoints.write_checkpoint()
        except checkpoints.CheckpointProblem as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoint written: {point.events} events, the last event {point.last_id}, "
                f"to {checkpoints.checkpoint_file()}."
            )
        )
