"""Changes to the child's voice: one transaction each, the access policy and the child's
permission checked first (R27), audited in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safetymap.access.policy import Capability, basis_for, require
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases.models import Episode
from safetymap.core import revisions
from safetymap.mapping import services as map_services
from safetymap.mapping.codes import Category, MapStatus
from safetymap.mapping.errors import MapRefused
from safetymap.people.models import Child
from safetymap.uploads.services import removed_if_this_fails, store_upload
from safetymap.voice import selectors, sharing
from safetymap.voice.codes import Audience, ParentalConsent, Tool
from safetymap.voice.errors import VoiceRefused
from safetymap.voice.models import (
    ChildVoiceRecord,
    Drawing,
    SharingOverride,
    WordsAndPictures,
    WordsAndPicturesPage,
    lines,
)

# What each tool must hold before it is saved: at least one of these fields.
NEEDS_ONE_OF = {
    Tool.THREE_HOUSES: ("worries", "good_things", "dreams"),
    Tool.FAIRY_WIZARD: ("worries", "good_things", "dreams"),
    Tool.SAFETY_HOUSE: ("lives_with_me", "visitors", "house_rules", "not_safe_with"),
    Tool.DIRECT_QUOTE: ("words",),
}
# The fields each tool may fill, beyond the common ones.
TOOL_FIELDS = {
    Tool.THREE_HOUSES: (
        "worries_name",
        "worries",
        "good_things_name",
        "good_things",
        "dreams_name",
        "dreams",
        "trusted_adults",
        "who_listens",
        "who_frightens",
    ),
    Tool.FAIRY_WIZARD: ("figure", "worries", "good_things", "dreams"),
    Tool.SAFETY_HOUSE: (
        "lives_with_me",
        "visitors",
        "house_rules",
        "not_safe_with",
        "path_position",
        "path_words",
    ),
    Tool.DIRECT_QUOTE: ("words", "said_when"),
}
COMMON_FIELDS = (
    "held_on",
    "others_present",
    "parental_consent",
    "consent_note",
    "share_scope",
    "share_exclusions",
    "verbatim",
    "prompts_used",
    "follow_up",
)


def _sight(by: User, child: Child) -> str:
    require(by, Capability.RECORD_PATHWAY)
    basis = basis_for(by, child.pk)
    if basis is None:
        raise VoiceRefused("You do not have access to this child's record.")
    return basis


def _check(tool: str, data: dict[str, Any]) -> None:
    problems: list[tuple[str, str | None]] = []
    held_on = data.get("held_on")
    if held_on and held_on > timezone.localdate():
        problems.append(("The date must be today or in the past", "held_on"))
    if data.get("parental_consent") == ParentalConsent.NO and not data.get("consent_note"):
        problems.append(
            ("Say why this went ahead without a parent or carer's consent", "consent_note")
        )
    wanted = NEEDS_ONE_OF[tool]
    if not any(str(data.get(name) or "").strip() for name in wanted):
        message = {
            Tool.DIRECT_QUOTE: "Enter what the child said, in their own words",
            Tool.SAFETY_HOUSE: "Enter at least one part of the child's Safety House",
        }.get(tool, "Enter at least one thing the child said, in one of the houses")
        problems.append((message, wanted[0]))
    position = data.get("path_position")
    if position is not None and not 0 <= position <= 10:
        problems.append(("Where the child is on the safety path must be 0 to 10", "path_position"))
    if problems:
        raise VoiceRefused.several(problems)


def _fields(tool: str, data: dict[str, Any]) -> dict[str, Any]:
    allowed = set(COMMON_FIELDS) | set(TOOL_FIELDS[tool])
    return {k: v for k, v in data.items() if k in allowed}


@transaction.atomic
def record_voice(*, by: User, child: Child, tool: str, **data: Any) -> ChildVoiceRecord:
    basis = _sight(by, child)
    _check(tool, data)
    item = ChildVoiceRecord.objects.create(
        child=child, tool=tool, practitioner=by, **_fields(tool, data)
    )
    record(
        actor=by,
        action=Action.CREATE,
        subject=item,
        basis=basis,
        details={"child": child.pk, "tool": tool, "scope": item.share_scope},
    )
    return item


def _may_change(by: User, item) -> str:
    """The child's words are changed, added to and shared only by those who hold the work: who
    recorded it, and the child's allocated worker and their team."""
    basis = _sight(by, item.child)
    if not selectors.may_see(by, item, basis):
        raise VoiceRefused("You do not have access to this record.")
    if not sharing.holds_the_work(selectors.viewer_of(by, basis), selectors.permission_of(item)):
        raise VoiceRefused(
            "Only the worker who recorded this, or the child's allocated worker and their team, "
            "can change it."
        )
    return basis


@transaction.atomic
def change_voice(*, by: User, item: ChildVoiceRecord, **data: Any) -> ChildVoiceRecord:
    basis = _may_change(by, item)
    _check(item.tool, data)
    changed = []
    for name, value in _fields(item.tool, data).items():
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed.append(name)
    revisions.save_only(item, changed)
    record(
        actor=by,
        action=Action.UPDATE,
        subject=item,
        basis=basis,
        details={"child": item.child_id, "changed": ",".join(changed)},
    )
    return item


@transaction.atomic
def add_drawing(*, by: User, item: ChildVoiceRecord, file: UploadedFile, caption: str) -> Drawing:
    """A drawing or a scan of the child's own work, through the one safe upload path."""
    basis = _may_change(by, item)
    stored = store_upload(by, item.child, file, selectors.DRAWING)
    with removed_if_this_fails(stored):
        drawing = Drawing.objects.create(record=item, file=stored, caption=caption)
        record(
            actor=by,
            action=Action.CREATE,
            subject=drawing,
            basis=basis,
            details={"child": item.child_id, "record": item.pk, "file": stored.pk},
        )
    return drawing


@transaction.atomic
def override_sharing(
    *, by: User, item: ChildVoiceRecord | WordsAndPictures, audience: str, reason: str
) -> SharingOverride:
    """R27: share beyond what the child agreed, for a safeguarding reason, recorded and audited.
    Only those who hold the work (who recorded it, the allocated worker and their team) may."""
    basis = _sight(by, item.child)
    if not sharing.holds_the_work(selectors.viewer_of(by, basis), selectors.permission_of(item)):
        raise VoiceRefused(
            "Only the worker who recorded this, or the child's allocated worker and their team, "
            "can share it beyond what the child agreed."
        )
    if not reason.strip():
        raise VoiceRefused("Enter the safeguarding reason for sharing this", "reason")
    target = (
        {"voice_record": item}
        if isinstance(item, ChildVoiceRecord)
        else {"words_and_pictures": item}
    )
    override = SharingOverride.objects.create(
        audience=audience, reason=reason, recorded_by=by, **target
    )
    # The reason stays in the record (no narrative in the audit trail); the event points to it.
    record(
        actor=by,
        action=Action.UPDATE,
        subject=item,
        basis=basis,
        details={
            "child": item.child_id,
            "safeguarding_override": audience,
            "override": override.pk,
        },
    )
    return override


# --- Into the map ----------------------------------------------------------------------------

MAP_CATEGORY = {
    # A child's worry is not yet weighed as harm or a complicating factor: a grey area until the
    # map's meeting places it.
    "worries": Category.GREY_AREA,
    "good_things": Category.EXISTING_STRENGTH,
}


def _draft_map(child: Child):
    episode = (
        Episode.objects.filter(child=child, closure_date__isnull=True)
        .order_by("-referral_date", "-pk")
        .first()
    )
    if episode is None:
        raise VoiceRefused(f"{child.first_name} has no open episode, so there is no map to add to.")
    latest = episode.maps.order_by("-version", "-pk").first()
    if latest is None:
        raise VoiceRefused(
            f"There is no map for {child.first_name} yet. Start a map on the episode first."
        )
    if latest.status == MapStatus.FINAL:
        raise VoiceRefused(
            "The map is final and cannot be changed. Start a new version of the map first."
        )
    return latest


@transaction.atomic
def add_to_map(*, by: User, item: ChildVoiceRecord, field: str, index: int):
    """Put one of the child's worries or good things on the current draft map, in their words,
    with where it came from. The map is read by every professional and shared with the family,
    so the child's permission must cover everyone who works with the family (R27)."""
    basis = _may_change(by, item)
    if item.tool not in (Tool.THREE_HOUSES, Tool.FAIRY_WIZARD) or field not in MAP_CATEGORY:
        raise VoiceRefused("Only worries and good things can be added to the map.")
    entries = lines(getattr(item, field))
    if not 0 <= index < len(entries):
        raise VoiceRefused("That entry is no longer in the record.")
    permission = selectors.permission_of(item)
    if not sharing.covers(permission, Audience.PROFESSIONALS):
        raise VoiceRefused(sharing.why_not(item.child.first_name, permission, "PROFESSIONALS"))
    sos_map = _draft_map(item.child)
    source = (
        f"{item.child.first_name}, in their own words"
        if item.verbatim
        else f"{item.child.first_name}, written down by {item.practitioner.full_name}"
    )
    try:
        map_item = map_services.add_item(
            by=by,
            sos_map=sos_map,
            category=MAP_CATEGORY[field],
            text=entries[index],
            source=f"{source} ({item.get_tool_display()}, {item.held_on:%-d %B %Y})",
        )
    except MapRefused as refusal:
        raise VoiceRefused(str(refusal)) from refusal
    record(
        actor=by,
        action=Action.UPDATE,
        subject=item,
        basis=basis,
        details={"child": item.child_id, "added_to_map": sos_map.pk, "map_item": map_item.pk},
    )
    return map_item


# --- Words and Pictures ------------------------------------------------------------------------

WP_FIELDS = (
    "wp_type",
    "title",
    "whos_worried",
    "what_worried_about",
    "what_happened_then",
    "what_we_are_doing",
    "drafted_on",
    "parents_agreed_on",
    "parents_wording",
    "disagreements_note",
    "shared_with_child_on",
    "shared_by",
    "how_shared",
    "network_shown",
    "share_scope",
    "share_exclusions",
)


def _check_booklet(data: dict[str, Any]) -> None:
    today = timezone.localdate()
    problems: list[tuple[str, str | None]] = []
    for name, words in (
        ("drafted_on", "The date it was drafted"),
        ("parents_agreed_on", "The date the parents agreed it"),
        ("shared_with_child_on", "The date it was shared with the child"),
    ):
        day: datetime.date | None = data.get(name)
        if day and day > today:
            problems.append((f"{words} must be today or in the past", name))
    if data.get("shared_with_child_on") and not str(data.get("how_shared") or "").strip():
        # R26: an explanation is recorded with when and how it was given.
        problems.append(("Say how it was shared with the child", "how_shared"))
    if data.get("shared_with_child_on") and not str(data.get("shared_by") or "").strip():
        problems.append(("Say who shared it with the child", "shared_by"))
    if problems:
        raise VoiceRefused.several(problems)


@transaction.atomic
def record_words_and_pictures(*, by: User, child: Child, **data: Any) -> WordsAndPictures:
    basis = _sight(by, child)
    _check_booklet(data)
    booklet = WordsAndPictures.objects.create(
        child=child, drafted_by=by, **{k: v for k, v in data.items() if k in WP_FIELDS}
    )
    record(
        actor=by,
        action=Action.CREATE,
        subject=booklet,
        basis=basis,
        details={"child": child.pk, "type": booklet.wp_type, "scope": booklet.share_scope},
    )
    return booklet


@transaction.atomic
def change_words_and_pictures(
    *, by: User, booklet: WordsAndPictures, **data: Any
) -> WordsAndPictures:
    basis = _may_change(by, booklet)
    _check_booklet(data)
    changed = []
    for name, value in data.items():
        if name in WP_FIELDS and getattr(booklet, name) != value:
            setattr(booklet, name, value)
            changed.append(name)
    revisions.save_only(booklet, changed)
    record(
        actor=by,
        action=Action.UPDATE,
        subject=booklet,
        basis=basis,
        details={"child": booklet.child_id, "changed": ",".join(changed)},
    )
    return booklet


@transaction.atomic
def add_page(
    *, by: User, booklet: WordsAndPictures, text: str, picture: UploadedFile | None = None
) -> WordsAndPicturesPage:
    basis = _may_change(by, booklet)
    position = (booklet.pages.aggregate(last=Max("position"))["last"] or 0) + 1
    stored = (
        store_upload(by, booklet.child, picture, selectors.PICTURE, field="picture")
        if picture
        else None
    )
    with removed_if_this_fails(stored):
        page = WordsAndPicturesPage.objects.create(
            booklet=booklet, position=position, text=text, picture=stored
        )
        record(
            actor=by,
            action=Action.CREATE,
            subject=page,
            basis=basis,
            details={"child": booklet.child_id, "booklet": booklet.pk, "page": position},
        )
    return page
