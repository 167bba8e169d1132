"""What a child's record is made of, and how it is removed: the one place that knows every table
holding a child's case data. Called only by ``services.destroy_record``, inside its transaction.

The rows go leaf first, so no PROTECT foreign key is ever asked to give way: every row that
points at a row being removed has gone before it. ``tests/retention/test_destruction.py`` walks
every model in the project and fails for any table that can hold a child's data and is neither
removed here nor listed in ``NOT_CASE_DATA`` with the reason.

What goes, for the child (and any duplicate records merged into theirs):
- everything on their episodes: allocations, assessments, strategy discussions and section 47
  enquiries, plans (child in need, child protection, transfer in) with their notices, core group
  meetings and members, and reviews; maps with all their parts (final ones too, through
  ``DisposalUnlock``); safety networks and plans with everything on them; conferences with
  invitations, emails, reports, views, decisions and the documents made from them (files
  too); feedback rounds with their invitations and answers;
- case notes, significant events, the child's voice records and Words and Pictures, stored
  files (rows here; the files on disk after commit), relationships, household memberships,
  search keys, access grants and reviews of them, a restriction, earlier legal holds (released)
  and disposal reviews;
- contacts about no other child; the child's link to contacts about other children too;
- the child's own links from other children's shared records (a brother's map, conference or
  safety plan that also covered them), and decisions, views and scales about them there;
- adults in the family network who are left linked to no child, households left with nobody,
  addresses nobody uses any more;
- the child's row.

What stays: the audit trail (its events keep the child's number, never their name), the
``DisposalRecord`` written by the service, and other children's records (their own text may
still mention this child, as any record mentions the people around the child).
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Q, QuerySet

from safetymap.access.models import AccessGrant, EmergencyAccessReview, RestrictedRecord
from safetymap.cases import models as cases
from safetymap.conferences import models as conferences
from safetymap.feedback import models as feedback
from safetymap.mapping import models as mapping
from safetymap.people.models import (
    Address,
    Child,
    Household,
    HouseholdMember,
    Person,
    Relationship,
    SearchKey,
)
from safetymap.retention.models import DisposalReview, LegalHold
from safetymap.safety import models as safety
from safetymap.uploads.models import StoredFile
from safetymap.voice import models as voice

# Tables that point at a child or an episode but are not the child's case data, and why.
NOT_CASE_DATA = {
    "audit.AuditEvent": "the audit trail is never disposed; it holds the child's number only",
    "retention.DisposalRecord": "the record of the disposal itself, with the council reference",
    "retention.DisposalUnlock": "empty outside the disposal's own transaction",
}


def record_ids(child: Child) -> list[int]:
    """The child and any duplicate records merged into theirs (the same child)."""
    return [child.pk, *Child.objects.filter(merged_into=child).values_list("pk", flat=True)]


def map_ids_to_unlock(children: list[int]) -> set[int]:
    """Every map this destruction touches: those on the child's episodes, and other children's
    maps that cover the child or have items about them (their links to the child go)."""
    return (
        set(mapping.SoSMap.objects.filter(episode__child__in=children).values_list("pk", flat=True))
        | set(
            mapping.SoSMap.children.through.objects.filter(child__in=children).values_list(
                "sosmap_id", flat=True
            )
        )
        | set(
            mapping.MapItem.children.through.objects.filter(child__in=children).values_list(
                "mapitem__map_id", flat=True
            )
        )
    )


def stored_file_names(children: list[int]) -> list[str]:
    """Files on disk that go with the record: uploads, and the conference documents made from
    the child's conferences (both kept through ``uploads.storage``)."""
    documents = conferences.GeneratedDocument.objects.filter(
        conference__episode__child__in=children
    ).exclude(storage_name="")
    return list(
        StoredFile.objects.filter(child__in=children).values_list("storage_name", flat=True)
    ) + list(documents.values_list("storage_name", flat=True))


def destroy(children: list[int]) -> Counter[str]:
    """Remove every row of these children's records; return how many rows of each model went.

    The caller holds the transaction, has written ``DisposalUnlock`` rows for
    ``map_ids_to_unlock`` and removes them after."""
    removed: Counter[str] = Counter()

    def drop(rows: QuerySet) -> None:
        _, by_model = rows.delete()
        removed.update({label: n for label, n in by_model.items() if n})

    episodes = cases.Episode.objects.filter(child__in=children)
    kids = Q(child__in=children)

    # People around the child and the places, noted now to tidy up once the links have gone.
    persons = set(
        Relationship.objects.filter(kids, person__isnull=False).values_list("person", flat=True)
    ) | set(
        HouseholdMember.objects.filter(kids, person__isnull=False).values_list("person", flat=True)
    )
    persons |= set(
        safety.NetworkMember.objects.filter(network__episode__in=episodes).values_list(
            "person", flat=True
        )
    )
    households = set(HouseholdMember.objects.filter(kids).values_list("household", flat=True))
    addresses = set(
        Child.objects.filter(pk__in=children, address__isnull=False).values_list(
            "address", flat=True
        )
    )
    contacts = set(cases.Contact.objects.filter(children__in=children).values_list("pk", flat=True))

    # Conferences on the child's episodes, and what other children's conferences hold about them.
    confs = conferences.Conference.objects.filter(episode__in=episodes)
    drop(conferences.GeneratedDocument.objects.filter(conference__in=confs))
    drop(conferences.ConferenceEmail.objects.filter(conference__in=confs))
    drop(conferences.ReportScale.objects.filter(Q(report__conference__in=confs) | kids))
    drop(conferences.AgencyReport.objects.filter(conference__in=confs))
    drop(conferences.Invitation.objects.filter(conference__in=confs))
    drop(conferences.ChildViews.objects.filter(Q(conference__in=confs) | kids))
    drop(conferences.Decision.objects.filter(Q(conference__in=confs) | kids))
    drop(confs)

    # Feedback asked about the child's conferences (answers go with their response).
    rounds = feedback.FeedbackRound.objects.filter(episode__in=episodes)
    drop(feedback.Response.objects.filter(round__in=rounds))
    drop(feedback.Invitation.objects.filter(round__in=rounds))
    drop(rounds)

    # The child's voice, and the stored files behind it.
    drop(
        voice.SharingOverride.objects.filter(
            Q(voice_record__child__in=children) | Q(words_and_pictures__child__in=children)
        )
    )
    drop(voice.Drawing.objects.filter(record__child__in=children))
    drop(voice.WordsAndPicturesPage.objects.filter(booklet__child__in=children))
    drop(voice.ChildVoiceRecord.objects.filter(kids))
    drop(voice.WordsAndPictures.objects.filter(kids))
    drop(StoredFile.objects.filter(kids))

    # Safety plans and the safety network.
    plans = safety.SafetyPlan.objects.filter(episode__in=episodes)
    drop(safety.ReconveneTask.objects.filter(plan__in=plans))
    drop(safety.RuleCheck.objects.filter(check_record__plan__in=plans))
    drop(safety.PlanCheck.objects.filter(plan__in=plans))
    for part in (
        safety.TrajectoryStep,
        safety.PlanAgreement,
        safety.RedFlag,
        safety.BottomLine,
        safety.PlanRule,
    ):
        drop(part.objects.filter(plan__in=plans))
    plans.update(supersedes=None)  # versions point at each other: unlink, then remove together
    drop(plans)
    networks = safety.SafetyNetwork.objects.filter(episode__in=episodes)
    drop(safety.MeetingAttendance.objects.filter(meeting__network__in=networks))
    drop(safety.NetworkMeeting.objects.filter(network__in=networks))
    drop(safety.NetworkMember.objects.filter(network__in=networks))
    drop(networks)

    # Maps (final ones are unlocked for this transaction only).
    maps = mapping.SoSMap.objects.filter(episode__in=episodes)
    drop(mapping.EscalationResponse.objects.filter(rating__map__in=maps))
    drop(mapping.ScaleRating.objects.filter(map__in=maps))
    drop(mapping.MapItem.objects.filter(map__in=maps))
    drop(mapping.SafetyGoalReview.objects.filter(goal__map__in=maps))
    drop(mapping.SafetyGoal.objects.filter(map__in=maps))
    drop(mapping.DangerStatement.objects.filter(map__in=maps))
    maps.update(supersedes=None)
    drop(maps)

    # The pathway.
    drop(cases.SignificantEvent.objects.filter(kids))
    drop(cases.CaseNote.objects.filter(kids))
    cp_plans = cases.ChildProtectionPlan.objects.filter(episode__in=episodes)
    for part in (
        cases.PlanEndNotice,
        cases.CoreGroupMeeting,
        cases.CoreGroupMembership,
        cases.ReviewConference,
    ):
        drop(part.objects.filter(plan__in=cp_plans))
    drop(cp_plans)
    drop(cases.QueueEntry.objects.filter(episode__in=episodes))
    drop(cases.ManagementOversight.objects.filter(episode__in=episodes))
    drop(cases.Authorisation.objects.filter(episode__in=episodes))
    drop(cases.TransferIn.objects.filter(episode__in=episodes))
    drop(cases.ChildInNeedPlan.objects.filter(episode__in=episodes))
    drop(cases.Section47Enquiry.objects.filter(episode__in=episodes))
    drop(cases.StrategyDiscussion.objects.filter(episode__in=episodes))
    drop(cases.Assessment.objects.filter(episode__in=episodes))
    drop(cases.Allocation.objects.filter(episode__in=episodes))
    drop(episodes)

    # Who could see the record, and retention's own working papers about it.
    drop(EmergencyAccessReview.objects.filter(grant__child__in=children))
    drop(AccessGrant.objects.filter(kids))
    drop(RestrictedRecord.objects.filter(kids))
    drop(DisposalReview.objects.filter(kids))
    drop(LegalHold.objects.filter(kids, released_at__isnull=False))

    # The child themselves, and the people and places around them.
    drop(Relationship.objects.filter(Q(child__in=children) | Q(other_child__in=children)))
    drop(HouseholdMember.objects.filter(kids))
    drop(SearchKey.objects.filter(kids))
    duplicates = Child.objects.filter(pk__in=children, merged_into__isnull=False)
    drop(duplicates)
    drop(Child.objects.filter(pk__in=children))
    drop(
        cases.Contact.objects.filter(pk__in=contacts, children__isnull=True, episodes__isnull=True)
    )
    # Adults left linked to no child (no relationship, no part in a network) go, with their
    # household memberships; then households left with nobody.
    persons |= set(
        HouseholdMember.objects.filter(household__in=households, person__isnull=False).values_list(
            "person", flat=True
        )
    )
    orphans = Person.objects.filter(
        pk__in=persons, relationships__isnull=True, network_roles__isnull=True
    )
    drop(HouseholdMember.objects.filter(person__in=orphans))
    addresses |= set(orphans.exclude(address=None).values_list("address", flat=True))
    drop(orphans)
    empty = Household.objects.filter(pk__in=households, members__isnull=True)
    addresses |= set(empty.exclude(address=None).values_list("address", flat=True))
    drop(empty)
    drop(
        Address.objects.filter(
            pk__in=addresses, child__isnull=True, person__isnull=True, household__isnull=True
        )
    )
    return removed
