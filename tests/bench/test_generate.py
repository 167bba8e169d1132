"""The benchmark's data generator (bench/generate.py): the same seed makes the same council,
everything in it is plainly fictional, and it has the name patterns a search must cope with."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.generate import (
    FICTIONAL_EMAIL_DOMAIN,
    FREE_TEXT_KINDS,
    STRUCTURED_KINDS,
    TIERS,
    labelled_queries,
    plan_council,
    write,
)
from safetymap.access.policy import searches_every_child
from safetymap.accounts.models import User
from safetymap.people.identifiers import nhs_number_problem, upn_problem
from safetymap.people.matching import fold
from safetymap.people.models import Child, Person, SearchKey
from safetymap.people.services import search_keys_of

TINY = TIERS["tiny"]


def test_the_same_seed_makes_the_same_council_and_queries():
    first, again = plan_council(TINY, seed=3), plan_council(TINY, seed=3)
    assert first.children == again.children
    assert first.people == again.people
    assert first.episodes == again.episodes
    assert labelled_queries(first) == labelled_queries(again)


def test_another_seed_makes_another_council():
    assert plan_council(TINY, seed=3).children != plan_council(TINY, seed=4).children


def test_identifiers_are_valid_and_from_ranges_never_issued_to_real_people():
    plan = plan_council(TIERS["small"], seed=16)
    numbers = [c.nhs_number for c in plan.children if c.nhs_number]
    upns = [c.upn for c in plan.children if c.upn]
    assert numbers and upns
    # NHS numbers beginning 999 are kept for testing; UPNs carry the LA code 999.
    assert all(n.startswith("999") and nhs_number_problem(n) is None for n in numbers)
    assert all(u[1:4] == "999" and upn_problem(u) is None for u in upns)
    originals = [c for c in plan.children if c.duplicate_of is None]
    assert len({c.nhs_number for c in originals if c.nhs_number}) == len(
        [c for c in originals if c.nhs_number]
    )
    assert len({c.la_child_id for c in plan.children}) == len(plan.children)


def test_names_are_as_hard_to_search_as_a_real_councils():
    plan = plan_council(TIERS["small"], seed=16)
    children = plan.children
    surnames = Counter(c.last_name for c in children)
    assert {"Khan", "Ahmed"} <= {name for name, _ in surnames.most_common(10)}
    assert sum(1 for n in surnames.values() if n == 1) > 100  # a long tail of rare surnames
    mohammeds = {
        c.first_name.split()[0] for c in children if fold(c.first_name)[:3] in {"moh", "muh"}
    }
    assert len(mohammeds) >= 3  # Mohammed, Muhammad, Mohamed…
    assert any(c.twin_of for c in children)
    assert any("-" in c.last_name for c in children)
    assert any(c.known_as for c in children)
    assert any(c.previous_names for c in children)
    assert any(c.duplicate_of for c in children)
    # Two different children never share both names and a date of birth.
    details = Counter(
        (fold(c.first_name), fold(c.last_name), c.date_of_birth)
        for c in children
        if c.duplicate_of is None and c.date_of_birth
    )
    assert max(details.values()) == 1


def test_each_kind_of_query_names_its_true_child():
    plan = plan_council(TINY, seed=3)
    queries = labelled_queries(plan)
    kinds = {q.kind for q in queries}
    assert set(STRUCTURED_KINDS) <= kinds
    assert {"council reference", "NHS number"} <= kinds <= kinds | set(FREE_TEXT_KINDS)
    references = {c.la_child_id for c in plan.children}
    assert all(q.child in q.correct and q.correct <= references for q in queries)


@pytest.mark.django_db
def test_the_council_is_written_through_the_models_with_the_products_search_keys():
    plan = plan_council(TINY, seed=3)
    made = write(plan)
    assert Child.objects.count() == len(plan.children) == TINY.children
    assert Person.objects.count() == len(plan.people) == TINY.people
    child = Child.objects.get(la_child_id=plan.children[0].la_child_id)
    stored = set(SearchKey.objects.filter(child=child).values_list("key", flat=True))
    assert stored == set(search_keys_of(child))
    person = Person.objects.first()
    assert set(SearchKey.objects.filter(person=person).values_list("key", flat=True)) == set(
        search_keys_of(person)
    )
    searcher = User.objects.get(pk=made.front_door_user_id)
    assert searches_every_child(searcher)
    bench_users = User.objects.filter(email__startswith="bench.")
    assert bench_users.exists()
    assert all(u.email.endswith("@" + FICTIONAL_EMAIL_DOMAIN) for u in bench_users)


# --- Case work (issue 17) ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_case_work_is_heavy_tailed_and_its_maps_can_still_change():
    from django.db.models import Count

    from safetymap.cases.models import CaseNote, Episode
    from safetymap.conferences.models import Conference
    from safetymap.mapping.models import SoSMap
    from safetymap.safety.models import SafetyPlan

    made = write(plan_council(TINY, seed=3))
    per_child = sorted(
        Episode.objects.values("child")
        .annotate(n=Count("child__case_notes", distinct=True))
        .values_list("n", flat=True)
    )
    assert made.counts["case notes"] == CaseNote.objects.count() == sum(per_child)
    # Most children with an episode have up to 20 notes; a few have about 200.
    assert per_child[len(per_child) // 2] <= 20 and per_child[-1] >= 150
    items = sorted(SoSMap.objects.annotate(n=Count("items")).values_list("n", flat=True))
    assert items[len(items) // 2] <= 30 and items[-1] >= 70
    # Only draft or shared maps: the database locks final ones.
    assert set(SoSMap.objects.values_list("status", flat=True)) <= {"DRAFT", "SHARED"}
    assert SafetyPlan.objects.exists() and Conference.objects.exists()
    open_episodes = Episode.objects.filter(closure_date__isnull=True)
    assert not SafetyPlan.objects.exclude(episode__in=open_episodes).exists()


def test_the_case_work_leaves_the_search_benchmarks_records_as_they_were():
    """The case work draws from its own generator: the plan (children, people, episodes, and so
    the search benchmark's labelled queries) does not depend on it."""
    plan = plan_council(TINY, seed=3)
    assert labelled_queries(plan) == labelled_queries(plan_council(TINY, seed=3))
    assert TIERS["council"].audit_events == 5_000_000
    assert TIERS["regional"].children == 100_000 and TIERS["regional"].audit_events == 20_000_000


@pytest.mark.django_db
def test_the_audit_rows_are_chained_and_the_product_appends_after_them():
    from django.core.management import call_command
    from django.db import connection

    from safetymap.audit import chain
    from safetymap.audit.models import AuditEvent
    from safetymap.audit.services import record

    before = record(actor=None, action="SIGN_IN_FAILED", actor_label="someone")
    made = write(plan_council(TINY, seed=3))
    # PostgreSQL writes the tier's count by COPY; SQLite a token trail by bulk_create.
    expected = TINY.audit_events if connection.vendor == "postgresql" else 2_000
    assert made.counts["audit events"] == expected
    assert AuditEvent.objects.count() == expected + 1
    first_written = AuditEvent.objects.filter(id__gt=before.id).order_by("id").first()
    # The rows are lane 0's chain, carried on from the product's event if that took lane 0.
    assert first_written.lane == 0
    assert first_written.previous_hash == (before.hash if before.lane == 0 else chain.GENESIS)
    times = list(
        AuditEvent.objects.filter(id__gt=before.id)
        .order_by("id")[:500]
        .values_list("occurred_at", flat=True)
    )
    assert times == sorted(times)
    after = record(actor=None, action="SIGN_IN_FAILED", actor_label="someone")
    assert after.id == expected + before.id + 1
    call_command("verify_audit")  # raises CommandError on a broken chain


@pytest.mark.django_db
def test_a_council_made_by_the_previous_generator_is_extended_with_the_case_work(monkeypatch):
    import bench.generate as generate
    from safetymap.accounts.models import Organisation
    from safetymap.cases.models import CaseNote

    plan = plan_council(TINY, seed=3)
    with monkeypatch.context() as older:  # version 2 wrote no case work
        older.setattr(generate, "write_casework", lambda plan, say: {})
        write(plan)
    previous = plan.marker.replace(
        f"generator {generate.GENERATOR_VERSION}", f"generator {generate.GENERATOR_VERSION - 1}"
    )
    Organisation.objects.filter(name=plan.marker).update(name=previous)
    assert generate.made_before(plan) is None

    made = generate.extend_older(plan)

    assert made is not None and made.counts["case notes"] == CaseNote.objects.count() > 0
    assert generate.made_before(plan) is not None
    assert generate.extend_older(plan) is None  # nothing older is left to extend
