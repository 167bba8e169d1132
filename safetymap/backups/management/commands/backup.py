from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safetymap.backups.archive import BackupProblem, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database, the uploaded files and the audit trail's checkpoint into a new "
        "folder (docs/backup.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path, help="a new or empty folder for this backup")

    def handle(self, *args, folder: Path, **options) -> None:
        try:
            manifest = make_backup(folder)
        except BackupProblem as problem:
            raise CommandError(str(problem)) from problem
        point = manifest["audit_checkpoint"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up to {folder}: the {manifest['engine']} database, "
                f"{manifest['stored_files']} stored files, and the audit trail to event "
                f"{point['last_id']} ({point['events']} events)."
            )
        )
        # Kept apart from the backup (a printout, another system), it shows a restore was whole.
        self.stdout.write(f"Audit checkpoint: {point['last_id']} {point['last_hash']}")
