from django.core.management.base import BaseCommand, CommandError

from safetymap.audit import checkpoints


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain (every event unchanged, none removed or inserted) "
        "and that it still reaches its last signed checkpoint (its newest events not removed)."
    )

    def handle(self, *args, **options) -> None:
        try:
            walk, checkpoint, problems = checkpoints.verify_trail()
        except checkpoints.CheckpointProblem as problem:
            raise CommandError(str(problem)) from problem
        if walk.broken:
            raise CommandError(
                f"The audit trail is broken at event {walk.broken.event_id}: it "
                f"{walk.broken.problem}. {walk.checked} events before it are intact."
            )
        if problems:
            raise CommandError(
                "The audit trail has been tampered with: " + "; ".join(problems) + "."
            )
        self.stdout.write(self.style.SUCCESS(f"The audit trail is intact: {walk.checked} events."))
        if checkpoint is None:
            self.stdout.write(
                self.style.WARNING(
                    "No checkpoint has been written yet (manage.py write_audit_checkpoint), so "
                    "the removal of the newest events cannot be ruled out."
                )
            )
        else:
            self.stdout.write(
                f"It reaches its last checkpoint: event {checkpoint.last_id}, "
                f"{checkpoint.events} events, written at {checkpoint.written_at}."
            )
