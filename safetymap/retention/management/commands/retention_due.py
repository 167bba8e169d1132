"""How many records are due for disposal, for the council's scheduler (cron, a task runner).

It only counts: nothing is ever destroyed without a privacy officer's review. Exit status 0; the
numbers on standard output, one line each, so a scheduler can mail them on."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from safetymap.retention.selectors import due_list


class Command(BaseCommand):
    help = "Print how many records are due for disposal (no destruction happens here)."

    def handle(self, *args, **options) -> None:
        due = due_list(timezone.localdate())
        self.stdout.write(f"Records due for disposal: {due.due_count}")
        self.stdout.write(f"  waiting for review: {len(due.waiting)}")
        self.stdout.write(f"  approved, waiting to be destroyed: {len(due.approved)}")
        self.stdout.write(f"  kept for now: {len(due.deferred)}")
        self.stdout.write(f"  sharing records with a record that is kept: {len(due.shared)}")
        self.stdout.write(f"Due but on legal hold (kept): {due.held_count}")
