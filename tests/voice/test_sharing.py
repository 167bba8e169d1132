"""R27 as pure rules: who may see what the child said (safetymap/voice/sharing.py)."""

from __future__ import annotations

import pytest

from safetymap.voice import sharing
from safetymap.voice.codes import Audience, ShareScope

WORKER = sharing.viewer(1, "worker@fictional.example", "Fictional Worker", "allocated worker")
TEAM = sharing.viewer(
    2, "team@fictional.example", "Fictional Team Member", "team of the allocated worker"
)
OTHER = sharing.viewer(
    3, "school@fictional.example", "Fictional Teacher", "front door enquiry (grant 7)"
)
RECORDER = sharing.viewer(
    4, "recorder@fictional.example", "Fictional Recorder", "front door enquiry (grant 8)"
)
NO_SIGHT = sharing.viewer(5, "stranger@fictional.example", "Fictional Stranger", None)


def permission(scope: str, exclusions=(), overridden=()):
    return sharing.Permission(
        recorded_by_id=4,
        scope=scope,
        exclusions=tuple(exclusions),
        overridden_for=frozenset(overridden),
    )


def test_the_codes_and_the_pure_rules_name_the_same_scopes_and_audiences():
    assert tuple(ShareScope.values) == sharing.SCOPES
    assert set(Audience.values) == set(sharing.NEEDS)


@pytest.mark.parametrize("scope", sharing.SCOPES)
def test_r27_the_recorder_and_the_allocated_worker_and_team_always_see_it(scope):
    for who in (WORKER, TEAM, RECORDER):
        assert sharing.may_see(who, permission(scope))


@pytest.mark.parametrize("scope", sharing.SCOPES)
def test_r27_other_professionals_see_it_only_when_the_child_agreed_to_all(scope):
    assert sharing.may_see(OTHER, permission(scope)) == (scope == "ALL_PROFESSIONALS")


def test_r27_nobody_without_sight_of_the_child_sees_it():
    assert not sharing.may_see(NO_SIGHT, permission("ALL_PROFESSIONALS"))
    assert not sharing.may_see(NO_SIGHT, permission("ALL_PROFESSIONALS"), "FAMILY")


@pytest.mark.parametrize("named", ["school@fictional.example", "  Fictional Teacher "])
def test_r27_never_someone_the_child_named_by_email_or_name(named):
    assert not sharing.may_see(OTHER, permission("ALL_PROFESSIONALS", [named]))
    assert not sharing.may_see(OTHER, permission("ALL_PROFESSIONALS", [named], ["PROFESSIONALS"]))


@pytest.mark.parametrize(
    "scope,family,network,conference",
    [
        ("NONE", False, False, False),
        ("PARENTS", True, False, False),
        ("NETWORK", True, True, False),
        ("CONFERENCE", True, True, True),
        ("ALL_PROFESSIONALS", True, True, True),
    ],
)
def test_r27_outputs_for_other_audiences_need_the_scope_to_cover_them(
    scope, family, network, conference
):
    for who in (WORKER, RECORDER):  # even those who hold the work
        assert sharing.may_see(who, permission(scope), "FAMILY") == family
        assert sharing.may_see(who, permission(scope), "NETWORK") == network
        assert sharing.may_see(who, permission(scope), "CONFERENCE") == conference


def test_r27_the_conference_hook_lets_a_non_allocated_viewer_see_conference_materials():
    assert sharing.may_see(OTHER, permission("CONFERENCE"), "CONFERENCE")
    assert not sharing.may_see(OTHER, permission("NETWORK"), "CONFERENCE")
    assert not sharing.may_see(OTHER, permission("CONFERENCE"))  # but not the case record


def test_r27_a_safeguarding_override_widens_the_scope_to_its_audience():
    assert not sharing.may_see(OTHER, permission("NONE"))
    assert sharing.may_see(OTHER, permission("NONE", overridden=["PROFESSIONALS"]))
    assert sharing.may_see(WORKER, permission("NONE", overridden=["FAMILY"]), "FAMILY")
    assert not sharing.may_see(WORKER, permission("NONE", overridden=["FAMILY"]), "NETWORK")
    assert sharing.effective_scope("PARENTS", ["CONFERENCE"]) == "CONFERENCE"
    assert sharing.effective_scope("ALL_PROFESSIONALS", ["FAMILY"]) == "ALL_PROFESSIONALS"


def test_r27_the_refusal_says_what_the_child_agreed_and_what_to_do():
    message = sharing.why_not("Amara", permission("NONE"), "FAMILY")
    assert "Amara has not agreed to share this with their parents or carers" in message
    assert "safeguarding reason" in message


def test_the_work_is_held_by_the_bases_the_access_policy_writes():
    from pathlib import Path

    policy = Path(__file__).resolve().parents[2] / "safetymap" / "access" / "policy.py"
    for words in sharing.HOLDS_THE_WORK:
        assert f'"{words}"' in policy.read_text()
