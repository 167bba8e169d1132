"""Retention in the demo borough: one old closed record due for disposal and one like it on legal
hold, so the privacy officer sees the workflow. Both children are plainly fictional."""

from __future__ import annotations

import datetime

from django.utils import timezone

from safetymap.accounts.models import User
from safetymap.cases.models import Episode
from safetymap.people.models import Child
from safetymap.people.services import store_search_keys
from safetymap.retention.models import LegalHold

PRIVACY_OFFICER = "privacy.officer@larkford.example"
OLD_RECORDS = (
    # council reference, first name, last name, born, referred, closed, held
    ("LRK0000901", "Robin", "Oldfield-Example", datetime.date(1996, 5, 2), 2004, False),
    ("LRK0000902", "Sam", "Heldover-Example", datetime.date(1995, 9, 14), 2003, True),
)


def load_retention_demo() -> None:
    officer = User.objects.filter(email=PRIVACY_OFFICER).first()
    for reference, first, last, born, year, held in OLD_RECORDS:
        child, created = Child.objects.get_or_create(
            la_child_id=reference,
            defaults={"first_name": first, "last_name": last, "date_of_birth": born},
        )
        if not created:
            continue
        store_search_keys(child)
        Episode.objects.create(
            child=child,
            referral_date=datetime.date(year, 3, 1),
            referral_source="1B",
            primary_need="N2",
            closure_date=datetime.date(year, 11, 20),
            closure_reason="RC8",
            closure_summary="Closed after a child and family assessment (fictional).",
        )
        if held and officer:
            LegalHold.objects.create(
                child=child,
                reason="INQUIRY",
                note="Fictional inquiry reference LI-2026-01",
                placed_by=officer,
                placed_at=timezone.now(),
            )
