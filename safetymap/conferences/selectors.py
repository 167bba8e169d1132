"""Reads of conferences: always through the access policy's conference_basis_for (conference
materials only: an invited partner sees the conference, never the child's whole record), every
read audited, each page in a fixed number of queries whatever the number of invitees or reports."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safetymap.access.policy import (
    conference_basis_for,
    conferences_open_to,
    live_conference_invitations,
    live_core_group_memberships,
    sees_restricted_report_section,
)
from safetymap.accounts.models import User
from safetymap.audit.services import record_read
from safetymap.conferences.codes import ReportStatus
from safetymap.conferences.models import (
    AgencyReport,
    ChildViews,
    Conference,
    ConferenceEmail,
    Decision,
    Invitation,
    ReportScale,
)
from safetymap.core.addresses import is_record_id


def _conferences() -> QuerySet[Conference]:
    return Conference.objects.select_related(
        "episode__child", "chair", "minute_taker", "sos_map", "requested_by"
    ).prefetch_related(Prefetch("children"))


def _basis(user: User, conference: Conference) -> str:
    basis = conference_basis_for(user, conference)
    if basis is None:
        raise Http404
    return basis


def audit_read(
    user: User, basis: str, conference: Conference, subject, page: str, **details
) -> None:
    """A read of a conference's materials (a form page that shows existing words too, or a
    document served: ``details`` says which)."""
    record_read(
        actor=user,
        subject=subject,
        basis=basis,
        child_id=conference.episode.child_id,
        also_about=[child.pk for child in conference.children.all()],
        conference=conference.pk,
        page=page,
        **details,
    )


def conference_in_sight(user: User, pk: int, page: str = "") -> tuple[Conference, str]:
    """A conference this person may open, before a change (the service audits the change).
    A form page names the ``page`` it is: it shows the conference and its children, so the read
    is audited (a button's action or a document, which audits what it serves, names none)."""
    conference = _conferences().filter(pk=pk).first()
    if conference is None:
        raise Http404
    basis = _basis(user, conference)
    if page:
        audit_read(user, basis, conference, conference, page)
    return conference, basis


@dataclass(frozen=True)
class ConferencePage:
    conference: Conference
    basis: str
    children: list
    invitations: list[Invitation]
    reports: list[AgencyReport]
    emails: list[ConferenceEmail]
    views: list[ChildViews]
    decisions: list[Decision]
    own_invitation: Invitation | None

    @property
    def professionals(self) -> list[Invitation]:
        return [i for i in self.invitations if not i.is_family]

    @property
    def family(self) -> list[Invitation]:
        return [i for i in self.invitations if i.is_family]

    @property
    def report_status(self) -> list[tuple[Invitation, AgencyReport | None]]:
        """Who was asked for a report, and whether they have sent it (the chair's list)."""
        by_invitation = {r.invitation_id: r for r in self.reports}
        return [(i, by_invitation.get(i.pk)) for i in self.invitations if i.report_requested]

    @property
    def submitted_reports(self) -> list[AgencyReport]:
        return [r for r in self.reports if r.is_submitted]

    @property
    def outstanding(self) -> int:
        return sum(1 for _, r in self.report_status if r is None or not r.is_submitted)


def open_conference(user: User, pk: int, *, page: str = "conference") -> ConferencePage:
    conference, basis = conference_in_sight(user, pk)
    invitations = list(
        conference.invitations.select_related("organisation", "user").order_by("kind", "name")
    )
    reports = list(
        conference.reports.select_related("organisation", "author")
        .prefetch_related(Prefetch("scales", queryset=ReportScale.objects.select_related("child")))
        .order_by("organisation__name")
    )
    emails = list(conference.emails.select_related("invitation").order_by("-queued_at", "-pk"))
    views = list(conference.views.select_related("child", "voice_record"))
    decisions = list(conference.decisions.select_related("child", "plan__lead_social_worker"))
    own = next((i for i in invitations if i.user_id == user.pk), None)
    audit_read(user, basis, conference, conference, page)
    return ConferencePage(
        conference=conference,
        basis=basis,
        children=sorted(conference.children.all(), key=lambda c: c.first_name),
        invitations=invitations,
        reports=reports,
        emails=emails,
        views=views,
        decisions=decisions,
        own_invitation=own,
    )


def report_in_sight(user: User, pk: int) -> AgencyReport:
    """One agency's report: a submitted one for anyone who may open the conference; a draft
    only for its author. ``shows_restricted`` says whether its restricted section (R39) is for
    this person. The read is audited."""
    report = (
        AgencyReport.objects.select_related("conference__episode", "organisation", "author")
        .prefetch_related(Prefetch("scales", queryset=ReportScale.objects.select_related("child")))
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    basis = _basis(user, report.conference)
    if report.status != ReportStatus.SUBMITTED and report.author_id != user.pk:
        raise Http404
    # R39: whether this person is shown the restricted section; the read event says so.
    report.shows_restricted = bool(report.restricted_information) and (
        sees_restricted_report_section(user, report)
    )
    page = "agency report, with its restricted section" if report.shows_restricted else ""
    audit_read(user, basis, report.conference, report, page or "agency report")
    return report


def invitation_in_sight(user: User, pk: int) -> Invitation:
    """An invitation, for the attendance page: it shows who was invited and why they were kept
    out of any part, so the read is audited."""
    invitation = Invitation.objects.select_related("conference__episode").filter(pk=pk).first()
    if invitation is None:
        raise Http404
    basis = _basis(user, invitation.conference)
    audit_read(user, basis, invitation.conference, invitation, "attendance")
    return invitation


# --- R40: whose copy of the record a person may have -----------------------------------------


def copy_for(user: User, conference: Conference, asked: Invitation | None) -> Invitation | None:
    """The copy of the record this person may have when they ask for ``asked`` (None: the full
    record). Anyone who may open the conference may have any recipient's copy, since each is
    the full record less some parts; but a person excluded from part of the meeting only ever
    has their own copy (R40), whoever's they ask for. 'Not found' for another recipient's copy,
    as for a document that does not exist, so nothing says what it holds. Every way to a copy
    (the record page, the documents, their status and remaking) asks this."""
    own = conference.invitations.filter(user=user).first() if user.is_authenticated else None
    if own is not None and own.excluded_from:
        if asked is not None and asked.pk != own.pk:
            raise Http404
        return own
    return asked


def copy_asked_for(user: User, conference: Conference, asked_for: str) -> Invitation | None:
    """``?for=<invitation>`` read and answered by ``copy_for``; an unknown one is not found."""
    asked = None
    if asked_for:
        if not is_record_id(asked_for):
            raise Http404
        asked = conference.invitations.filter(pk=int(asked_for)).first()
        if asked is None:
            raise Http404
    return copy_for(user, conference, asked)


def my_conferences(user: User) -> list[Conference]:
    """Conferences this person chairs, takes minutes for, is invited to (while the invitation
    is live), or whose child's core group they are in: their way in, as a partner cannot open
    the child's record."""
    invited = live_conference_invitations(user).values("conference")
    core_group_children = live_core_group_memberships(user).values("plan__episode__child")
    since = timezone.localdate() - timezone.timedelta(days=90)
    found = (
        _conferences()
        .filter(
            Q(pk__in=invited)
            | Q(chair=user)
            | Q(minute_taker=user)
            | Q(children__in=core_group_children)
        )
        .distinct()
        .exclude(Q(stage="DISTRIBUTED") & Q(distributed_at__date__lt=since))
        .order_by("scheduled_on", "pk")
    )
    # A restricted record's conference is not even listed for someone not on its list.
    return list(conferences_open_to(user, found))


def may_open_map(user: User, conference: Conference) -> bool:
    """Whether the conference's map may be linked for this person: the map page asks the same
    question (mapping.selectors.open_map: sight of the map's child's whole record), so the chair
    and invited partners, who have conference materials only, are not offered it."""
    from safetymap.mapping.selectors import map_basis  # the map page's own question

    sos_map = conference.sos_map
    return sos_map is not None and map_basis(user, sos_map) is not None
