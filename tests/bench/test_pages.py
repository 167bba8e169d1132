"""bench/pages.py at the tiny tier on the test database: every page it times answers, and a
page's query count does not grow with the record (the same case with 5 notes and with 50).
No timing is asserted: the figures are for `make bench` to print."""

from __future__ import annotations

import pytest

from bench.generate import TIERS, plan_council, write
from bench.pages import pages_for, pick_case, query_counts, run_floor
from safetymap.cases.models import CaseNote


def _with_notes(child_id: int, author_id: int, count: int) -> None:
    CaseNote.objects.filter(child_id=child_id).delete()
    CaseNote.objects.bulk_create(
        CaseNote(
            child_id=child_id,
            happened_on=f"2026-{1 + i % 8:02d}-{1 + i % 28:02d}",
            note_type="VISIT",
            text=f"Visit {i + 1}: saw the children at home with nan.",
            author_id=author_id,
        )
        for i in range(count)
    )


@pytest.fixture
def case():
    write(plan_council(TIERS["tiny"], seed=3))
    return pick_case()


@pytest.mark.django_db
def test_every_page_answers_and_its_floor_fetches_rows(case):
    pages = pages_for(case)
    counts = query_counts(pages)  # fails on any answer but 200
    assert len(counts) == len(pages) and all(n > 0 for n in counts.values())
    for page in pages:
        _, rows = run_floor(page.floor)
        assert rows > 0, page.name


@pytest.mark.django_db
def test_no_page_makes_more_queries_for_a_longer_record(case):
    pages = pages_for(case)
    _with_notes(case.child_id, case.worker_id, 5)
    with_few = list(query_counts(pages).values())
    _with_notes(case.child_id, case.worker_id, 50)
    with_many = list(query_counts(pages).values())
    assert with_few == with_many
