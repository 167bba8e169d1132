"""Changes to Signs of Safety maps: one transaction each, rules R18–R25 checked, audited.

Plain-language and jargon checks (R18) are warnings returned to the page, never refusals.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safetymap.access.policy import Capability, basis_for, require, without_restricted
from safetymap.accounts.models import User
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases.models import Episode
from safetymap.cases.services import household_children
from safetymap.core import revisions
from safetymap.core.display import govuk_date
from safetymap.core.errors import refusal_of
from safetymap.mapping import scaling
from safetymap.mapping.codes import CONFERENCE_CONTEXTS, Category, FamilyPosition, MapStatus
from safetymap.mapping.errors import MapRefused
from safetymap.mapping.models import (
    DangerStatement,
    EscalationResponse,
    MapItem,
    SafetyGoal,
    ScaleRating,
    SoSMap,
)
from safetymap.people.models import Child

# Who may record the action taken on an R24 alert, besides the map's facilitator (the chair at
# a conference): the people the alert goes to and those above them.
RESPONDS_TO_ALERTS = (Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.CONFERENCE_CHAIR)

SOFT_CAP = 3  # R22: more danger statements than this is a warning
CONFERENCE_CAP = 4  # R22: more than this at a conference needs the chair to confirm


def _sight(by: User, episode: Episode) -> str:
    basis = basis_for(by, episode.child_id)
    if basis is None:
        raise MapRefused("You do not have access to this child's record.")
    return basis


def _map_sight(by: User, sos_map: SoSMap) -> str:
    """Sight of the map itself: a map shared with a brother or sister whose record is restricted
    from this person is refused whole (``selectors.map_basis``)."""
    from safetymap.mapping.selectors import map_basis

    basis = map_basis(by, sos_map)
    if basis is None:
        raise MapRefused("You do not have access to this child's record.")
    return basis


def _editable(by: User, sos_map: SoSMap) -> str:
    require(by, Capability.RECORD_PATHWAY)
    basis = _map_sight(by, sos_map)
    revisions.hold(sos_map)
    if sos_map.is_final:
        raise MapRefused(
            "This map is final and cannot be changed. Start a new version to carry on."
        )
    return basis


def _audit(by: User, basis: str, action: str, subject: Any, sos_map: SoSMap, **details: Any):
    record(
        actor=by,
        action=action,
        subject=subject,
        basis=basis,
        details={
            "map": sos_map.pk,
            "child": sos_map.episode.child_id,
            **{k: str(v) for k, v in details.items()},
        },
    )


@transaction.atomic
def start_map(
    *,
    by: User,
    episode: Episode,
    context: str,
    held_on: datetime.date,
    participants: str = "",
    family_present: bool = False,
    child_present: bool = False,
    children: Iterable[Child] = (),
) -> SoSMap:
    """A new map; when the episode already has a final map, the new one is its next version and
    starts from its danger statements, safety goals and items (never its ratings: every meeting
    scales afresh). It is about the episode's child and any brothers and sisters in the household
    chosen in ``children`` (and every child the previous version was about)."""
    require(by, Capability.RECORD_PATHWAY)
    basis = _sight(by, episode)
    if not episode.is_open:
        raise MapRefused("This episode is closed.")
    if held_on > timezone.localdate():
        raise MapRefused("The date must be today or in the past", "held_on")
    if episode.maps.exclude(status=MapStatus.FINAL).exists():
        raise MapRefused("This episode already has a map in progress. Finish it first.")
    previous = episode.maps.filter(status=MapStatus.FINAL).order_by("-version").first()
    if previous is not None:
        _map_sight(by, previous)  # its next version carries its children and content forward
    others = set(children) - {episode.child}
    outside = others - household_children(episode.child, for_user=by)
    if outside:
        # Never the name of a child whose record is restricted from this person.
        named = without_restricted(by, Child.objects.filter(pk__in=[c.pk for c in outside]))
        names = ", ".join(sorted(child.full_name for child in named))
        raise MapRefused(
            f"A map can only be about children in the same household. {names} is not"
            if names
            else "A map can only be about children in the same household",
            "children",
        )
    covered = {episode.child, *others, *(previous.children.all() if previous else ())}
    sos_map = SoSMap.objects.create(
        episode=episode,
        context=context,
        held_on=held_on,
        facilitator=by,
        participants=participants,
        family_present=family_present,
        child_present=child_present,
        version=(previous.version + 1) if previous else 1,
        supersedes=previous,
    )
    sos_map.children.set(covered)
    if previous:
        _carry_forward(previous, sos_map)
    _audit(by, basis, Action.CREATE, sos_map, sos_map, version=sos_map.version)
    return sos_map


def _carry_forward(previous: SoSMap, sos_map: SoSMap) -> None:
    """Copy the previous version's content in a fixed number of queries."""
    statements = list(previous.danger_statements.all())
    goals = {g.danger_statement_id: g for g in previous.safety_goals.all()}
    copies = DangerStatement.objects.bulk_create(
        DangerStatement(
            map=sos_map,
            seq_no=s.seq_no,
            who_is_worried=s.who_is_worried,
            what_happened=s.what_happened,
            worry_if_nothing_changes=s.worry_if_nothing_changes,
            acknowledged_safety=s.acknowledged_safety,
            family_position=s.family_position,
            dispute_text=s.dispute_text,
        )
        for s in statements
    )
    if not all(c.pk for c in copies):  # SQLite before 3.35 does not return ids
        copies = list(sos_map.danger_statements.order_by("seq_no"))
    new_id = {old.pk: new for old, new in zip(statements, copies, strict=True)}
    SafetyGoal.objects.bulk_create(
        SafetyGoal(
            map=sos_map,
            danger_statement=new_id[old_id],
            what_will_be_happening=g.what_will_be_happening,
            what_the_child_will_experience=g.what_the_child_will_experience,
            what_professionals_need_to_see=g.what_professionals_need_to_see,
            for_how_long=g.for_how_long,
        )
        for old_id, g in goals.items()
    )
    old_items = list(previous.items.prefetch_related("children"))
    new_items = MapItem.objects.bulk_create(
        MapItem(
            map=sos_map,
            category=i.category,
            text=i.text,
            source=i.source,
            agreed_by=i.agreed_by,
            disputed_by=i.disputed_by,
            danger_statement=new_id.get(i.danger_statement_id),
            owner=i.owner,
            due_on=i.due_on,
            position=i.position,
        )
        for i in old_items
    )
    if not all(i.pk for i in new_items):  # SQLite before 3.35 does not return ids
        new_items = list(sos_map.items.order_by("position", "pk"))
    Tag = MapItem.children.through
    Tag.objects.bulk_create(
        Tag(mapitem_id=new.pk, child_id=child.pk)
        for old, new in zip(old_items, new_items, strict=True)
        for child in old.children.all()
    )


def _about_children(sos_map: SoSMap, children: Iterable[Child] | None) -> list[Child] | None:
    """The children an item is tagged to: only children the map is about; all of them is the
    same as none (the item is about every child on the map). None leaves the tags as they are."""
    if children is None:
        return None
    chosen = set(children)
    covered = set(sos_map.children.all())
    if chosen - covered:
        raise MapRefused("Choose only children this map is about", "children")
    return [] if chosen == covered else sorted(chosen, key=lambda c: c.pk)


def _check_next_step(owner: str, due_on: datetime.date | None) -> None:
    """R25: a next step says who will do it and by when."""
    problems = []
    if not owner.strip():
        problems.append(("Say who will do this next step", "owner"))
    if due_on is None:
        problems.append(("Enter when this next step is due", "due_on"))
    if problems:
        raise MapRefused.several(problems)


@transaction.atomic
def add_item(
    *,
    by: User,
    sos_map: SoSMap,
    category: str,
    text: str,
    source: str = "",
    agreed_by: str = "",
    disputed_by: str = "",
    danger_statement: DangerStatement | None = None,
    owner: str = "",
    due_on: datetime.date | None = None,
    children: Iterable[Child] = (),
) -> MapItem:
    basis = _editable(by, sos_map)
    tagged = _about_children(sos_map, children)
    if danger_statement is not None and danger_statement.map_id != sos_map.pk:
        raise MapRefused("That danger statement belongs to another map.", "danger_statement")
    if category == Category.EXISTING_SAFETY and danger_statement is None:
        # R21: safety is always safety from a danger; without one it is a strength.
        category = Category.EXISTING_STRENGTH
    if category == Category.NEXT_STEP:
        _check_next_step(owner, due_on)
    position = (sos_map.items.aggregate(last=Max("position"))["last"] or 0) + 1
    item = MapItem.objects.create(
        map=sos_map,
        category=category,
        text=text,
        source=source,
        agreed_by=agreed_by,
        disputed_by=disputed_by,
        danger_statement=danger_statement,
        owner=owner,
        due_on=due_on,
        position=position,
        changed_by=by,
    )
    if tagged:
        item.children.set(tagged)
    _audit(by, basis, Action.CREATE, item, sos_map, category=category)
    return item


@transaction.atomic
def change_item(
    *,
    by: User,
    item: MapItem,
    text: str,
    source: str = "",
    agreed_by: str = "",
    disputed_by: str = "",
    owner: str = "",
    due_on: datetime.date | None = None,
    children: Iterable[Child] | None = None,
) -> MapItem:
    """Save one item's new words. Its page claims the item's revision first (core/revisions.py):
    if someone saved it first, nothing is overwritten and the person sees both versions (live
    editing in a meeting)."""
    sos_map = item.map
    basis = _editable(by, sos_map)
    tagged = _about_children(sos_map, children)
    if item.category == Category.NEXT_STEP:
        _check_next_step(owner, due_on)
    MapItem.objects.filter(pk=item.pk).update(
        text=text,
        source=source,
        agreed_by=agreed_by,
        disputed_by=disputed_by,
        owner=owner,
        due_on=due_on,
        changed_by=by,
        changed_at=timezone.now(),
    )
    item.refresh_from_db()
    if tagged is not None:
        item.children.set(tagged)
    _audit(by, basis, Action.UPDATE, item, sos_map, revision=item.revision)
    return item


@transaction.atomic
def add_danger_statement(
    *,
    by: User,
    sos_map: SoSMap,
    who_is_worried: str,
    what_happened: str,
    worry_if_nothing_changes: str,
    acknowledged_safety: str,
    family_position: str,
    dispute_text: str = "",
    confirm_over_cap: bool = False,
) -> DangerStatement:
    basis = _editable(by, sos_map)
    problems = []
    for value, field, message in (
        (who_is_worried, "who_is_worried", "Say who is worried"),  # R18
        (what_happened, "what_happened", "Say what happened, as behaviour someone could see"),
        (
            worry_if_nothing_changes,
            "worry_if_nothing_changes",
            "Say what they worry will happen to the child if nothing changes",
        ),
    ):
        if not value.strip():
            problems.append((message, field))
    if family_position != FamilyPosition.AGREES and not dispute_text.strip():
        # R20: the family's own words about what they dispute, shown wherever the statement is.
        problems.append(
            ("Write down what the family disagrees with, in their words", "dispute_text")
        )
    count = sos_map.danger_statements.count()
    if sos_map.context in CONFERENCE_CONTEXTS and count >= CONFERENCE_CAP and not confirm_over_cap:
        problems.append(
            (  # R22, the hard warning at conference
                f"This conference map already has {count} danger statements. More than "
                f"{CONFERENCE_CAP} makes the plan hard to follow: combine statements, or confirm "
                "that the chair agrees to add another",
                "confirm_over_cap",
            )
        )
    if problems:
        raise MapRefused.several(problems)
    statement = DangerStatement.objects.create(
        map=sos_map,
        seq_no=count + 1,
        who_is_worried=who_is_worried,
        what_happened=what_happened,
        worry_if_nothing_changes=worry_if_nothing_changes,
        acknowledged_safety=acknowledged_safety,
        family_position=family_position,
        dispute_text=dispute_text,
    )
    _audit(by, basis, Action.CREATE, statement, sos_map, seq_no=statement.seq_no)
    return statement


def soft_cap_warning(sos_map: SoSMap, count: int | None = None) -> str:
    """R22: more than three danger statements is a warning (never a block)."""
    count = sos_map.danger_statements.count() if count is None else count
    if count > SOFT_CAP:
        return (
            f"This map has {count} danger statements. Three or fewer keep the work "
            "focused: could any be combined?"
        )
    return ""


@transaction.atomic
def set_safety_goal(
    *,
    by: User,
    danger_statement: DangerStatement,
    what_will_be_happening: str,
    what_the_child_will_experience: str = "",
    what_professionals_need_to_see: str = "",
    for_how_long: str = "",
    replacing: bool = False,
) -> SafetyGoal:
    """Write the safety goal for a danger statement. ``replacing`` when the person saw the goal
    already there (its page claimed the goal's revision: core/revisions.py); otherwise a goal
    written by someone else in the meantime is not replaced."""
    sos_map = danger_statement.map
    basis = _editable(by, sos_map)
    # One goal per danger statement: the statement's row is held while this one is written.
    DangerStatement.objects.select_for_update().filter(pk=danger_statement.pk).values("pk").get()
    if not replacing and SafetyGoal.objects.filter(danger_statement=danger_statement).exists():
        raise MapRefused(
            "Someone else saved a safety goal for this danger statement while you were writing "
            "yours, so nothing has been replaced. Your words are below: go back to the map to "
            "read theirs, then change the goal there if it needs your words too.",
        )
    goal, created = SafetyGoal.objects.update_or_create(
        danger_statement=danger_statement,
        defaults={
            "map": sos_map,
            "what_will_be_happening": what_will_be_happening,
            "what_the_child_will_experience": what_the_child_will_experience,
            "what_professionals_need_to_see": what_professionals_need_to_see,
            "for_how_long": for_how_long,
            "changed_at": timezone.now(),  # the live map shows the change to everyone
        },
    )
    _audit(
        by,
        basis,
        Action.CREATE if created else Action.UPDATE,
        goal,
        sos_map,
        danger_statement=danger_statement.seq_no,
    )
    return goal


def scale_settings() -> dict[str, str]:
    return dict(settings.SAFETYMAP_SCALE)


@transaction.atomic
def rate(
    *,
    by: User,
    sos_map: SoSMap,
    rater_group: str,
    rater: str,
    value: int,
    reason: str,
    one_point_higher: str = "",
    danger_statement: DangerStatement | None = None,
) -> ScaleRating:
    """R23: every rating has its rater, a value from 0 to 10, a reason, and the deployment's
    anchors and orientation. R24: a professional rating at or below the threshold is escalated
    to the chair and the team manager."""
    basis = _editable(by, sos_map)
    problems = []
    if not rater.strip():
        problems.append(("Say who gave this rating", "rater"))
    if not 0 <= value <= 10:
        problems.append(("The rating must be a number from 0 to 10", "value"))
    if not reason.strip():
        problems.append(("Say why they chose this number", "reason"))
    if problems:
        raise MapRefused.several(problems)
    scale = scale_settings()
    rating = ScaleRating(
        map=sos_map,
        danger_statement=danger_statement,
        rater_group=rater_group,
        rater=rater,
        value=value,
        reason=reason,
        one_point_higher=one_point_higher,
        orientation=scale["orientation"],
        anchor_0=scale["anchor_0"],
        anchor_10=scale["anchor_10"],
    )
    rating.escalated = bool(
        scaling.escalations(
            [rating.as_rating()],
            threshold=settings.SAFETYMAP_ESCALATION_THRESHOLD,
            orientation=scaling.Orientation(scale["orientation"]),
        )
    )
    rating.save()
    _audit(by, basis, Action.CREATE, rating, sos_map, value=value, group=rater_group)
    if rating.escalated:
        from safetymap.mapping.tasks import alert_low_rating

        transaction.on_commit(lambda: alert_low_rating.enqueue(rating_id=rating.pk))
    return rating


def _responding(by: User, rating: ScaleRating) -> str:
    require(by, Capability.USE_CASE_WORK)
    sos_map = rating.map
    basis = _map_sight(by, sos_map)
    if not rating.escalated:
        raise MapRefused("This rating did not raise an alert, so there is no action to record.")
    if EscalationResponse.objects.filter(rating=rating).exists():
        raise MapRefused("The action taken on this alert has already been recorded.")
    if by.pk != sos_map.facilitator_id and not by.has_role(*RESPONDS_TO_ALERTS):
        raise MapRefused(
            "Only the person who led the meeting, a conference chair or a manager can record "
            "the action taken on an alert."
        )
    return basis


def may_record_escalation_response(by: User, rating: ScaleRating) -> str | None:
    """Why this person cannot record the action taken on this alert now, or None."""
    return refusal_of(lambda: _responding(by, rating))


@transaction.atomic
def record_escalation_response(
    *, by: User, rating: ScaleRating, action_taken: str
) -> EscalationResponse:
    """R24: record the action taken on a low professional rating that alerted the chair and
    team manager. Allowed after the map is final: the response is not part of the snapshot."""
    basis = _responding(by, rating)
    sos_map = rating.map
    if not action_taken.strip():
        raise MapRefused("Say what action is being taken", "action_taken")
    response = EscalationResponse.objects.create(
        rating=rating, action_taken=action_taken.strip(), recorded_by=by
    )
    _audit(by, basis, Action.CREATE, response, sos_map, rating=rating.pk)
    return response


def finalise_problems(sos_map: SoSMap) -> list[str]:
    """What stops this map being finalised (R19), in words for the page."""
    problems = []
    goals = {g.danger_statement_id: g for g in sos_map.safety_goals.all()}
    for statement in sos_map.danger_statements.all():
        goal = goals.get(statement.pk)
        if goal is None:
            problems.append(f"Danger statement {statement.seq_no} needs a safety goal")
        elif not goal.for_how_long.strip():
            problems.append(
                f"The safety goal for danger statement {statement.seq_no} needs to say for "
                "how long it must be happening"
            )
    return problems


def content_of(sos_map: SoSMap) -> dict[str, Any]:
    """The map's content as plain data: hashed when final, and compared between versions."""
    return {
        "danger_statements": [
            {
                "seq_no": s.seq_no,
                "text": s.text,
                "family_position": s.family_position,
                "dispute_text": s.dispute_text,
            }
            for s in sos_map.danger_statements.all()
        ],
        "safety_goals": [
            {
                "danger_statement": g.danger_statement.seq_no,
                "what_will_be_happening": g.what_will_be_happening,
                "for_how_long": g.for_how_long,
            }
            for g in sos_map.safety_goals.select_related("danger_statement")
        ],
        "children": sorted(child.pk for child in sos_map.children.all()),
        "items": [
            {
                "category": i.category,
                "text": i.text,
                "owner": i.owner,
                "due_on": i.due_on.isoformat() if i.due_on else None,
                "children": sorted(child.pk for child in i.children.all()),
            }
            for i in sos_map.items.prefetch_related("children")
        ],
        "ratings": [
            {
                "group": r.rater_group,
                "rater": r.rater,
                "value": r.value,
                # by number, so the same statement can be found in the next version
                "danger_statement": r.danger_statement.seq_no if r.danger_statement_id else None,
            }
            for r in sos_map.ratings.all()
        ],
    }


@transaction.atomic
def finalise(*, by: User, sos_map: SoSMap) -> SoSMap:
    """Lock the map as a snapshot, with a SHA-256 of its content; from then on the database
    refuses every change to it."""
    basis = _editable(by, sos_map)
    problems = finalise_problems(sos_map)
    if problems:
        raise MapRefused.several([(p, None) for p in problems])
    content = json.dumps(content_of(sos_map), sort_keys=True, ensure_ascii=False)
    sos_map.content_hash = hashlib.sha256(content.encode()).hexdigest()
    sos_map.status = MapStatus.FINAL
    sos_map.finalised_at = timezone.now()
    sos_map.finalised_by = by
    sos_map.save()
    _audit(by, basis, Action.UPDATE, sos_map, sos_map, status="FINAL", hash=sos_map.content_hash)
    return sos_map


@transaction.atomic
def share_with_family(*, by: User, sos_map: SoSMap) -> SoSMap:
    basis = _editable(by, sos_map)
    sos_map.status = MapStatus.SHARED
    sos_map.save(update_fields=["status"])
    _audit(
        by,
        basis,
        Action.UPDATE,
        sos_map,
        sos_map,
        status="SHARED",
        on=govuk_date(timezone.localdate()),
    )
    return sos_map
