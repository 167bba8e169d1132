"""Reads of the child's voice: through the access policy, then the child's permission (R27),
with each read audited. A record the person may not see is 'not found', like one that does not
exist, so its existence does not leak."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from safetymap.access.policy import basis_for
from safetymap.accounts.models import User
from safetymap.audit.services import record_read
from safetymap.people.models import Child
from safetymap.uploads.models import StoredFile
from safetymap.voice import sharing
from safetymap.voice.models import (
    ChildVoiceRecord,
    Drawing,
    SharingOverride,
    WordsAndPictures,
    WordsAndPicturesPage,
)

# The purposes of stored files belonging to this app (safetymap/uploads/gates.py).
DRAWING = "voice-drawing"
PICTURE = "words-and-pictures"


def viewer_of(user: User, basis: str | None) -> sharing.Viewer:
    return sharing.viewer(user.pk, user.email, user.full_name, basis)


def permission_of(item: ChildVoiceRecord | WordsAndPictures) -> sharing.Permission:
    """The child's permission on a record (its overrides prefetched or fetched)."""
    return sharing.Permission(
        recorded_by_id=item.practitioner_id,
        scope=item.share_scope,
        exclusions=tuple(item.exclusions),
        overridden_for=frozenset(o.audience for o in item.overrides.all()),
    )


def may_see(user: User, item, basis: str | None, audience: str = sharing.PROFESSIONALS) -> bool:
    return sharing.may_see(viewer_of(user, basis), permission_of(item), audience)


def _records():
    return ChildVoiceRecord.objects.select_related("child", "practitioner").prefetch_related(
        "overrides", Prefetch("drawings", queryset=Drawing.objects.select_related("file"))
    )


def _booklets():
    return WordsAndPictures.objects.select_related("child", "drafted_by").prefetch_related(
        Prefetch("overrides", queryset=SharingOverride.objects.select_related("recorded_by")),
        Prefetch("pages", queryset=WordsAndPicturesPage.objects.select_related("picture")),
    )


def _sight(user: User, child_id: int) -> str:
    basis = basis_for(user, child_id)
    if basis is None:
        raise Http404
    return basis


def _audit_read(user: User, subject, basis: str, child_id: int, **details) -> None:
    record_read(actor=user, subject=subject, basis=basis, child_id=child_id, **details)


@dataclass(frozen=True)
class ChildVoice:
    child: Child
    records: list[ChildVoiceRecord]
    booklets: list[WordsAndPictures]
    basis: str


def child_voice(
    user: User, child_pk: int, *, audit: bool = True, child: Child | None = None
) -> ChildVoice:
    """What this person may see of a child's voice, in a fixed number of queries; ``child``
    when the page has read the child already."""
    if child is None or child.pk != child_pk:
        child = Child.objects.filter(pk=child_pk).first()
    if child is None:
        raise Http404
    basis = _sight(user, child.pk)
    records = [r for r in _records().filter(child=child) if may_see(user, r, basis)]
    booklets = [b for b in _booklets().filter(child=child) if may_see(user, b, basis)]
    if audit:
        _audit_read(user, child, basis, child.pk, page="child's voice")
    return ChildVoice(child, records, booklets, basis)


def shared_for(user: User, child_pk: int, audience: str) -> ChildVoice:
    """The hook for outputs made for another audience (conference papers with CONFERENCE, the
    safety network with NETWORK, family outputs with FAMILY): what the child agreed that
    audience may see, as this person may make it. The read is audited."""
    child = Child.objects.filter(pk=child_pk).first()
    if child is None:
        raise Http404
    basis = _sight(user, child.pk)
    records = [r for r in _records().filter(child=child) if may_see(user, r, basis, audience)]
    booklets = [b for b in _booklets().filter(child=child) if may_see(user, b, basis, audience)]
    _audit_read(user, child, basis, child.pk, page="child's voice", audience=audience)
    return ChildVoice(child, records, booklets, basis)


def child_in_sight(user: User, child_pk: int, *, audit: bool = False) -> Child:
    """A child this person may see, before recording something about them (the service audits);
    the read audited when ``audit`` (a form page naming the child, rather than a save)."""
    child = Child.objects.filter(pk=child_pk).first()
    if child is None:
        raise Http404
    basis = _sight(user, child.pk)
    if audit:
        _audit_read(user, child, basis, child.pk, page="record the child's voice")
    return child


def _one(user: User, queryset, pk: int, *, audit: bool):
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise Http404
    basis = _sight(user, item.child_id)
    if not may_see(user, item, basis):
        raise Http404
    if audit:
        _audit_read(user, item, basis, item.child_id)
    item.basis = basis
    return item


def open_record(user: User, pk: int, *, audit: bool = True) -> ChildVoiceRecord:
    return _one(user, _records(), pk, audit=audit)


def open_booklet(user: User, pk: int, *, audit: bool = True) -> WordsAndPictures:
    return _one(user, _booklets(), pk, audit=audit)


def may_see_file(user: User, stored: StoredFile, basis: str) -> bool:
    """The uploads gate: a drawing or picture is seen only by those who may see its record."""
    if stored.purpose == DRAWING:
        drawing = Drawing.objects.filter(file=stored).select_related("record").first()
        owner = drawing.record if drawing else None
    else:
        page = WordsAndPicturesPage.objects.filter(picture=stored).select_related("booklet").first()
        owner = page.booklet if page else None
    return owner is not None and may_see(user, owner, basis)


def booklet_for_family(user: User, pk: int) -> WordsAndPictures:
    """A Words and Pictures booklet to print for the child and family: only when the child's
    permission covers the family (R27); the read is audited."""
    booklet = open_booklet(user, pk, audit=False)
    if not may_see(user, booklet, booklet.basis, "FAMILY"):
        raise Http404
    _audit_read(user, booklet, booklet.basis, booklet.child_id, output="booklet PDF")
    return booklet


@dataclass(frozen=True)
class ChildPageSection:
    records: list[ChildVoiceRecord]
    booklets: list[WordsAndPictures]
    missing_explanation: object | None  # explanations.MissingExplanation, once overdue (R26)


def child_page_section(user: User, child: Child) -> ChildPageSection:
    """The child's voice on the child's page, in a fixed number of queries. The child page's own
    read is already audited, so this adds no event of its own."""
    from django.utils import timezone

    from safetymap.voice import explanations

    voice = child_voice(user, child.pk, audit=False, child=child)
    missing = explanations.missing_for_child(child)
    overdue = missing if missing and missing.overdue(timezone.localdate()) else None
    return ChildPageSection(voice.records, voice.booklets, overdue)
