"""Issue a set-up link on the server itself: for the first system administrator, who has nobody
to issue one (docs/deploy.md), or if no administrator can sign in. Everyone else gets theirs from
a system administrator's Users page."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safetymap.accounts.models import User
from safetymap.accounts.services import AccountChangeRefused, issue_set_up_link


class Command(BaseCommand):
    help = "Print a single-use link with which this account sets up its security codes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the account's email address")

    def handle(self, *args: object, email: str, **options: object) -> None:
        account = User.objects.filter(email__iexact=email.strip()).first()
        if account is None:
            raise CommandError(f"No account has the email address {email}.")
        try:
            issued = issue_set_up_link(
                by=None, account=account, issued_from="manage.py issue_set_up_link"
            )
        except AccountChangeRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            f"Set-up link for {account.full_name} (works once, for {issued.lasts}):\n{issued.url}"
        )
