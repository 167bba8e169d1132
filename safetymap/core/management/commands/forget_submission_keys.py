from __future__ import annotations

from django.core.management.base import BaseCommand

from safetymap.core.submissions import KEPT_FOR, forget_old_keys


class Command(BaseCommand):
    help = f"Forget forms' one-time keys older than {KEPT_FOR.days} days (run daily)."

    def handle(self, *args: object, **options: object) -> None:
        forgotten = forget_old_keys()
        self.stdout.write(f"Forgot {forgotten} one-time form keys.")
