import contextlib

from django.conf import settings
from django.core.management.base import BaseCommand

from safetymap.demo import services


class Command(BaseCommand):
    help = "Load the fictional Larkford demo data (organisations, one user per role)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database with no accounts at all.",
        )
        parser.add_argument(
            "--quiet-sign-ins", action="store_true", help="Do not print the demo sign-ins."
        )

    def handle(self, *args, if_empty: bool = False, quiet_sign_ins: bool = False, **options):
        if settings.IS_PRODUCTION:
            self.stderr.write("The demo data is never loaded into a production instance.")
            raise SystemExit(1)
        password = settings.SAFETYMAP_DEMO_PASSWORD
        if if_empty and not services.database_is_empty():
            self.stdout.write(
                "The database already has accounts, so the demo was not loaded again."
            )
            # A real council's accounts are never touched: only a demo database is renewed.
            with contextlib.suppress(services.NotADemoDatabase):
                services.renew_demo_backup_codes()
        else:
            try:
                services.load_demo(password)
            except services.NotADemoDatabase as refusal:
                self.stderr.write(str(refusal))
                raise SystemExit(1) from refusal
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if not quiet_sign_ins:
            self.print_sign_ins(password)

    def print_sign_ins(self, password: str) -> None:
        from safetymap.demo.data import DEMO_BACKUP_CODES, USERS

        self.stdout.write("\nDemo sign-ins (every account uses the same password):")
        self.stdout.write(f"  password: {password}")
        self.stdout.write(
            "  security code (the second step): any of "
            + ", ".join(DEMO_BACKUP_CODES)
            + "\n  (each works once per account; `make run` renews them)"
        )
        for person in USERS:
            roles = ", ".join(str(r.label) for r in person.roles)
            self.stdout.write(f"  {person.email:<40} {roles}")
        self.stdout.write("")
