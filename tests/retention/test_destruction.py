"""Destruction removes every row of the child's record, final maps and files on disk included,
and nothing of anyone else's; the final-map lock still holds for everything else."""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import DatabaseError, transaction

from safetymap.access.models import AccessGrant
from safetymap.accounts.roles import Role
from safetymap.audit import chain
from safetymap.audit.models import AuditEvent
from safetymap.cases.models import CaseNote, Contact, SignificantEvent
from safetymap.mapping.models import EscalationResponse, MapItem, SafetyGoal, SoSMap
from safetymap.people.models import Address, Household, HouseholdMember, Relationship
from safetymap.retention import destruction, services
from safetymap.retention.models import RetentionSchedule
from safetymap.uploads import storage
from safetymap.uploads.models import StoredFile
from safetymap.voice.models import Drawing
from tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    ChildProtectionPlanFactory,
    ChildVoiceRecordFactory,
    ConferenceFactory,
    DangerStatementFactory,
    FamilyInvitationFactory,
    FeedbackInvitationFactory,
    NetworkMemberFactory,
    PersonFactory,
    PlanRuleFactory,
    ResponseFactory,
    ScaleRatingFactory,
    Section47EnquiryFactory,
    SoSMapFactory,
    UserFactory,
    WordsAndPicturesFactory,
    due_for_disposal,
    png_bytes,
)

pytestmark = pytest.mark.django_db
CASE_APPS = ("people", "cases", "mapping", "voice", "safety", "conferences", "feedback")
CASE_APPS += ("uploads", "access", "retention")


def counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in CASE_APPS and m._meta.label != "retention.DisposalRecord"
    }


def finalise(sos_map: SoSMap) -> None:
    SoSMap.objects.filter(pk=sos_map.pk).update(status="FINAL")


def a_final_map(episode, **kwargs) -> SoSMap:
    sos_map = SoSMapFactory(episode=episode, **kwargs)
    statement = DangerStatementFactory(map=sos_map)
    SafetyGoal.objects.create(
        danger_statement=statement, map=sos_map, what_will_be_happening="Fictional goal"
    )
    item = MapItem.objects.create(map=sos_map, category="WORRY", text="A fictional worry")
    item.children.set(sos_map.children.all())
    rating = ScaleRatingFactory(map=sos_map, value=2, escalated=True)
    EscalationResponse.objects.create(
        rating=rating, action_taken="Fictional action", recorded_by=sos_map.facilitator
    )
    finalise(sos_map)
    return sos_map


def a_stored_file(child, user) -> StoredFile:
    data = png_bytes()
    name = hashlib.sha256(data + str(child.pk).encode()).hexdigest()[:32] + ".png"
    storage.write_atomically(name, data)
    return StoredFile.objects.create(
        child=child,
        uploaded_by=user,
        purpose="voice-drawing",
        content_type="image/png",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width=8,
        height=8,
        storage_name=name,
    )


def a_whole_record(child, sibling) -> Path:
    """Something in every part of the record; returns the path of its stored drawing."""
    episode = child.episodes.get()
    worker = AllocationFactory(episode=episode, ended_on=episode.closure_date).worker
    AssessmentFactory(episode=episode)
    enquiry = Section47EnquiryFactory(strategy_discussion__episode=episode)
    enquiry.strategy_discussion.children_considered.set([child])
    ChildProtectionPlanFactory(episode=episode, ended_on=episode.closure_date)
    first = a_final_map(episode, children=[sibling])
    second = SoSMapFactory(episode=episode, version=2, supersedes=first)
    finalise(second)
    member = NetworkMemberFactory(network__episode=episode)
    PlanRuleFactory(plan__episode=episode)
    conference = ConferenceFactory(episode=episode)
    FamilyInvitationFactory(conference=conference)
    response = ResponseFactory(round__episode=episode, answers={"p_respect": 4})
    FeedbackInvitationFactory(round=response.round)
    voice = ChildVoiceRecordFactory(child=child, practitioner=worker)
    stored = a_stored_file(child, worker)
    Drawing.objects.create(record=voice, file=stored, caption="My house (fictional)")
    WordsAndPicturesFactory(child=child)
    note = CaseNote.objects.create(
        child=child,
        happened_on=episode.referral_date,
        note_type="VISIT",
        text="Fictional",
        author=worker,
    )
    SignificantEvent.objects.create(
        child=child,
        occurred_on=note.happened_on,
        what_happened="Fictional",
        source="Visit",
        impact_on_child="Fictional",
        significance="HIGH",
        from_note=note,
        recorded_by=worker,
    )
    contact = Contact.objects.create(
        received_at=datetime.datetime(1998, 1, 1, tzinfo=datetime.UTC),
        channel="PHONE",
        referrer_name="Fictional Referrer",
        worried_about="Fictional",
        consent="OBTAINED",
        recorded_by=worker,
        decision_due_at=datetime.datetime(1998, 1, 2, tzinfo=datetime.UTC),
        decision="CSC_ASSESSMENT",
        decision_at=datetime.datetime(1998, 1, 1, tzinfo=datetime.UTC),
    )
    contact.children.set([child])
    episode.contact = contact
    episode.save()
    home = Household.objects.create(
        name="Fictional home",
        address=Address.objects.create(
            line_1="1 Fictional Row", town="Larkford", postcode="LK1 1AA"
        ),
    )
    HouseholdMember.objects.create(household=home, child=child)
    HouseholdMember.objects.create(household=home, person=member.person)
    Relationship.objects.create(child=child, person=PersonFactory(), relationship_type="AUNT")
    Relationship.objects.create(child=child, other_child=sibling, relationship_type="SIBLING")
    AccessGrant.objects.create(
        user=worker,
        child=child,
        basis="RECORDED",
        reason="Fictional",
        starts_at=datetime.datetime(1998, 1, 1, tzinfo=datetime.UTC),
        expires_at=datetime.datetime(1998, 1, 2, tzinfo=datetime.UTC),
    )
    return storage.path_of(stored.storage_name)


def test_destroying_a_record_leaves_nothing_of_it_and_everything_of_everyone_else(
    django_capture_on_commit_callbacks,
):
    RetentionSchedule.objects.filter(record_type="CHILD_PROTECTION").update(
        anchor="DATE_OF_BIRTH", years=25
    )
    approver = UserFactory(roles=[Role.PRIVACY_OFFICER])
    destroyer = UserFactory(roles=[Role.PRIVACY_OFFICER])
    child = due_for_disposal(born=datetime.date(1990, 1, 1))
    sibling = due_for_disposal(born=datetime.date(1992, 1, 1))
    siblings_map = a_final_map(sibling.episodes.get(), children=[child])  # covers the child too
    before = counts()
    drawing = a_whole_record(child, sibling)
    assert drawing.exists()
    services.review_record(by=approver, child_id=child.pk, decision="APPROVED")

    with django_capture_on_commit_callbacks(execute=True):
        disposal = services.destroy_record(
            by=destroyer, child_id=child.pk, confirm_reference=child.la_child_id
        )

    after = counts()
    changed = {k: before[k] - after[k] for k in before if before[k] != after[k]}
    # Of what existed before the record was filled in: the child, their episode, and the
    # sibling's final map's links to them (the map and the item were about both children).
    assert changed == {
        "people.Child": 1,
        "people.SearchKey": 7,  # the child's matching keys
        "cases.Episode": 1,
        "mapping.SoSMap_children": 1,
        "mapping.MapItem_children": 1,
    }
    assert not drawing.exists()
    assert disposal.files_removed == 1
    assert disposal.rows_removed["mapping.SoSMap"] == 2
    # The sibling's final map is still there, still final, no longer about the child, and
    # still locked against everything but a disposal.
    siblings_map.refresh_from_db()
    assert siblings_map.is_final and list(siblings_map.children.all()) == [sibling]
    with pytest.raises(DatabaseError), transaction.atomic():
        SoSMap.objects.filter(pk=siblings_map.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        siblings_map.items.all().delete()
    assert not apps.get_model("retention", "DisposalUnlock").objects.exists()
    # The audit trail is whole and still proves itself.
    walk = chain.verify(AuditEvent.objects.order_by("id"))
    assert walk.broken is None and walk.checked == AuditEvent.objects.count()


def test_a_final_map_cannot_be_removed_outside_a_disposal():
    sos_map = a_final_map(due_for_disposal().episodes.get())
    for change in (
        lambda: SoSMap.objects.filter(pk=sos_map.pk).delete(),
        lambda: SoSMap.objects.filter(pk=sos_map.pk).update(participants="changed"),
        lambda: sos_map.children.clear(),
        lambda: MapItem.objects.filter(map=sos_map).update(text="changed"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()


def test_every_table_that_can_hold_a_childs_data_is_destroyed_or_said_not_to_be():
    """A new model pointing at a child or an episode must be added to the destruction plan (or
    to NOT_CASE_DATA with the reason), or this fails."""
    source = Path(destruction.__file__).read_text()
    targets = {"people.Child", "cases.Episode"}
    missing = []
    for model in apps.get_models():
        relations = [
            f for f in model._meta.get_fields() if f.is_relation and f.concrete and f.related_model
        ]
        if not any(f.related_model._meta.label in targets for f in relations):
            continue
        label = model._meta.label
        named = re.search(rf"\b{model.__name__}\b", source)
        if not named and label not in destruction.NOT_CASE_DATA:
            missing.append(label)
    assert missing == []
