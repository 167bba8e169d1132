from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safetymap.backups.archive import BackupProblem, check_restored, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup into the new, empty database DATABASE_URL names and the empty upload "
        "folders, then check the audit trail, the triggers and the files (docs/backup.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path, help="a folder made by manage.py backup")
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="change nothing: check the database and folders as they are against the backup "
            "(after a point-in-time recovery)",
        )

    def handle(self, *args, folder: Path, check_only: bool, **options) -> None:
        try:
            if check_only:
                manifest = read_manifest(folder)
                check_restored(manifest)
            else:
                manifest = restore_backup(folder)
        except BackupProblem as problem:
            raise CommandError(str(problem)) from problem
        point = manifest["audit_checkpoint"]
        self.stdout.write(
            self.style.SUCCESS(
                f"{'Checked against' if check_only else 'Restored'} the backup of "
                f"{manifest['made_at']}: the audit trail is intact to its "
                f"checkpoint (event {point['last_id']}), every trigger is in place and "
                f"{manifest['stored_files']} stored files match."
            )
        )
