"""The safety plan's lifecycle (domain.md §5.5) as a pure module: allowed moves are explicit and
every refusal says why in plain words."""

from __future__ import annotations

from safetymap.safety import lifecycle
from safetymap.safety.codes import PlanStatus
from safetymap.safety.lifecycle import ALLOWED, PlanFacts, Status, why_not

READY = PlanFacts(rules=1, agreements=1)


def test_there_is_no_failed_state_at_all():
    assert not any("FAIL" in s.value for s in Status)
    assert not any("fail" in label.lower() for label in lifecycle.LABELS.values())
    assert not any("FAIL" in value for value in PlanStatus.values)


def test_django_choices_match_the_lifecycle():
    assert PlanStatus.values == [s.value for s in Status]


def test_the_happy_path_draft_to_ended():
    path = [
        Status.DRAFT,
        Status.NETWORK_INFORMED,
        Status.AGREED,
        Status.ACTIVE,
        Status.UNDER_REVIEW,
        Status.ACTIVE,
    ]
    for current, target in zip(path, path[1:], strict=False):
        assert why_not(current, target, READY) == [], (current, target)
    assert why_not(Status.ACTIVE, Status.ENDED, PlanFacts(has_end_reason=True)) == []


def test_a_plan_cannot_skip_telling_the_network():
    [reason] = why_not(Status.DRAFT, Status.AGREED, READY)
    assert "Tell the safety network" in reason


def test_finished_plans_cannot_move():
    for finished in (Status.ENDED, Status.SUPERSEDED):
        assert ALLOWED[finished] == frozenset()
        [reason] = why_not(finished, Status.ACTIVE, READY)
        assert "newer" in reason or "ended" in reason


def test_nobody_can_ask_for_superseded():
    assert all(Status.SUPERSEDED not in targets for targets in ALLOWED.values())


def test_r29_names_everyone_not_yet_informed():
    facts = PlanFacts(rules=1, agreements=1, uninformed_members=["Noor A", "Jamie B"])
    [reason] = why_not(Status.NETWORK_INFORMED, Status.AGREED, facts)
    assert "Noor A and Jamie B have a part in this plan but have not been recorded" in reason


def test_r30_rules_need_a_danger_statement_someone_responsible_and_someone_checking():
    facts = PlanFacts(
        rules=3,
        agreements=1,
        rules_without_danger_statement=[2],
        rules_without_responsible=[1, 3],
        rules_without_monitor=[3],
    )
    reasons = why_not(Status.NETWORK_INFORMED, Status.AGREED, facts)
    assert "Rule 2 must say which danger statement they are about." in reasons
    assert "Rules 1 and 3 must say who is responsible." in reasons
    assert "Rule 3 must say who checks." in reasons
    assert why_not(Status.DRAFT, Status.NETWORK_INFORMED, PlanFacts(rules=0)) == [
        "Write at least one rule, in the family's words."
    ]


def test_r31_unaddressed_bottom_lines_block_agreement_and_are_quoted():
    facts = PlanFacts(rules=1, agreements=1, unaddressed_bottom_lines=["No drinking at home"])
    [reason] = why_not(Status.NETWORK_INFORMED, Status.AGREED, facts)
    assert "“No drinking at home”" in reason


def test_agreeing_needs_someone_recorded_as_agreeing():
    [reason] = why_not(Status.NETWORK_INFORMED, Status.AGREED, PlanFacts(rules=1))
    assert "Record who has agreed the plan" in reason


def test_ending_needs_a_reason():
    assert why_not(Status.ACTIVE, Status.ENDED, PlanFacts()) == ["Say why the plan is ending."]


def test_moves_from_lists_only_allowed_moves_in_lifecycle_order():
    assert lifecycle.moves_from(Status.UNDER_REVIEW) == [Status.ACTIVE, Status.ENDED]
