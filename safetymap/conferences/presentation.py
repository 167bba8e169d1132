"""The conference record as sections in the Signs of Safety order of Appendix A, built once and
drawn three ways: on the record page, as a PDF and as a Word document (documents.py).

R40: ``record_sections(..., recipient=invitation)`` leaves out every part that recipient was
excluded from. The family version uses plain headings and words (``family=True``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch

from safetymap.conferences.codes import AGENDA, Outcome
from safetymap.conferences.models import Conference, Invitation
from safetymap.core.display import govuk_date
from safetymap.mapping.codes import Category
from safetymap.mapping.models import DangerStatement, MapItem, ScaleRating


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class RecordDocument:
    council: str
    title: str
    subtitle: str
    family: bool
    recipient: str
    sections: list[Section]
    distribution: list[str]
    danger_statements: list[str]


def _map_content(conference: Conference):
    sos_map = conference.sos_map
    if sos_map is None:
        return [], [], []
    statements = list(
        DangerStatement.objects.filter(map=sos_map).select_related("safety_goal").order_by("seq_no")
    )
    items = list(MapItem.objects.filter(map=sos_map).order_by("position", "pk"))
    ratings = list(
        ScaleRating.objects.filter(map=sos_map).select_related("danger_statement").order_by("pk")
    )
    return statements, items, ratings


def _statement_text(statement: DangerStatement) -> str:
    return (
        f"{statement.who_is_worried} are worried that {statement.what_happened} "
        f"If nothing changes, {statement.worry_if_nothing_changes}"
    )


def _items(items: list[MapItem], *categories: str) -> list[str]:
    return [
        f"{item.text}" + (f" (from {item.source})" if item.source else "")
        for item in items
        if item.category in categories
    ]


def record_sections(
    conference: Conference, *, recipient: Invitation | None = None, family: bool = False
) -> RecordDocument:
    """The record's sections for one recipient (None: the full record, for the professionals
    who ran the conference). Every part the recipient was excluded from is left out (R40)."""
    conference = (
        Conference.objects.select_related("episode__child", "chair", "minute_taker", "sos_map")
        .prefetch_related(
            "children",
            Prefetch("invitations", queryset=Invitation.objects.select_related("organisation")),
            "views__child",
            "decisions__child",
            "decisions__plan__lead_social_worker",
            "reports__organisation",
        )
        .get(pk=conference.pk)
    )
    statements, items, ratings = _map_content(conference)
    invitations = list(conference.invitations.all())
    children = sorted(conference.children.all(), key=lambda c: c.first_name)
    excluded = set(recipient.excluded_from) if recipient else set()
    headings = {
        key: (family_heading if family else heading) for key, heading, family_heading in AGENDA
    }
    content: dict[str, Section] = {key: Section(key, headings[key]) for key in headings}

    welcome = content["welcome"]
    welcome.paragraphs.append(
        "This meeting was to help everyone understand what is happening for the children, what "
        "people are worried about, what is going well, and what needs to happen to keep them safe."
        if family
        else "Purpose: to share and analyse what is known, judge whether the children are likely "
        "to suffer significant harm, and decide what needs to happen. Confidential: this record "
        "is for the people it is sent to and must not be shared further."
    )
    welcome.tables.append(
        Table(
            "Who was invited, and who came",
            ("Name", "Agency or relationship", "Attendance"),
            [
                (
                    i.name,
                    (i.organisation.name if i.organisation else i.role)
                    if not i.is_family
                    else i.relationship,
                    (i.get_attendance_display() or "Not recorded")
                    + (
                        " (parts: "
                        + ", ".join(headings[k] for k in i.excluded_from if k in headings)
                        + ")"
                        if i.excluded_from
                        else ""
                    ),
                )
                for i in invitations
            ],
        )
    )
    if conference.chair_met_family is not None:
        welcome.paragraphs.append(
            "The chair met the family before the conference."
            if conference.chair_met_family
            else "The chair did not meet the family before the conference."
        )
    if conference.family_and_network:
        content["family"].paragraphs.append(conference.family_and_network)
    if conference.brought_here:
        content["brought_here"].paragraphs.append(conference.brought_here)
    submitted = [r for r in conference.reports.all() if r.is_submitted]
    if submitted and not family:
        content["brought_here"].paragraphs.append(
            "Reports received from: " + ", ".join(r.organisation.name for r in submitted) + "."
        )
    content["worries"].paragraphs += _items(
        items, Category.PAST_HARM, Category.COMPLICATING_FACTOR, Category.GREY_AREA
    )
    content["working_well"].paragraphs += _items(
        items, Category.EXISTING_STRENGTH, Category.EXISTING_SAFETY
    )
    views = {v.child_id: v for v in conference.views.all()}
    for child in children:
        entry = views.get(child.pk)
        if entry is None:
            text = "Not recorded."
        elif entry.voice_record_id:
            text = f"From their own record ({entry.voice_record}). {entry.text}".strip()
        else:
            text = f"{entry.get_kind_display()}: {entry.text}"
        content["views"].paragraphs.append(f"{child.first_name}: {text}")
    if conference.parents_views:
        content["views"].paragraphs.append(f"Parents' views: {conference.parents_views}")
    danger_texts = []
    for statement in statements:
        text = _statement_text(statement)
        danger_texts.append(text)
        line = f"Danger statement {statement.seq_no}: {text}"
        if statement.dispute_text:
            line += f" The family's view: {statement.dispute_text}"
        content["danger"].paragraphs.append(line)
        goal = getattr(statement, "safety_goal", None)
        if goal is not None:
            content["next"].paragraphs.append(
                f"Safety goal {statement.seq_no}: {goal.what_will_be_happening}"
                + (f" For {goal.for_how_long}." if goal.for_how_long else "")
            )
    content["scaling"].paragraphs.append(
        "0 means "
        + settings.SAFETYMAP_SCALE["anchor_0"]
        + "; 10 means "
        + settings.SAFETYMAP_SCALE["anchor_10"]
        + "."
    )
    content["scaling"].tables.append(
        Table(
            "Each person's scale",
            ("Who", "Group", "For", "Scale", "Why"),
            [
                (
                    r.rater,
                    r.get_rater_group_display(),
                    f"Danger statement {r.danger_statement.seq_no}"
                    if r.danger_statement_id
                    else "Overall",
                    str(r.value),
                    r.reason,
                )
                for r in ratings
            ],
        )
    )
    for report in submitted:
        for scale in report.scales.all():
            content["scaling"].paragraphs.append(
                f"{report.organisation.name}'s report scaled {scale.child.first_name} at "
                f"{scale.value}: {scale.reason}"
            )
    decisions = {d.child_id: d for d in conference.decisions.all()}
    for child in children:
        decision = decisions.get(child.pk)
        if decision is None:
            content["decision"].paragraphs.append(f"{child.first_name}: no decision recorded.")
            continue
        line = f"{child.full_name}: {decision.get_outcome_display()}. {decision.reason}"
        if decision.plan and decision.outcome == Outcome.CP_PLAN:
            plan = decision.plan
            line += f" Category: {plan.get_latest_category_display()}."
            if plan.dissent_by and not family:
                line += f" Dissent: {plan.dissent_by}: {plan.dissent_summary}"
        if decision.agency_views and not family:
            line += f" Agencies' views: {decision.agency_views}"
        content["decision"].paragraphs.append(line)
        if decision.plan and decision.plan.outline_action:
            plan = decision.plan
            content["next"].paragraphs.append(
                f"{child.first_name}: {plan.outline_action} ({plan.outline_action_owner}, by "
                f"{govuk_date(plan.outline_action_due)})"
            )
    content["next"].paragraphs += _items(items, Category.NEXT_STEP)
    if conference.contingency:
        content["next"].paragraphs.append(f"If things do not change: {conference.contingency}")
    core = content["core_group"]
    if conference.core_group_members:
        core.paragraphs.append(f"Core group: {conference.core_group_members}")
    leads = {
        d.plan.lead_social_worker.full_name
        for d in decisions.values()
        if d.plan and d.plan.lead_social_worker
    }
    if leads:
        core.paragraphs.append("Lead social worker: " + ", ".join(sorted(leads)))
    if conference.first_core_group_on:
        core.paragraphs.append(f"First core group: {govuk_date(conference.first_core_group_on)}")
    if conference.next_review_on:
        core.paragraphs.append(f"Review conference: {govuk_date(conference.next_review_on)}")

    sections = [content[key] for key, _, _ in AGENDA if key not in excluded]
    names = ", ".join(c.first_name if family else c.full_name for c in children)
    when = govuk_date(conference.held_on or conference.scheduled_on)
    return RecordDocument(
        council=settings.SAFETYMAP_COUNCIL_NAME,
        title=(
            f"What happened at the meeting about {names}"
            if family
            else f"{conference.get_conference_type_display()}: record"
        ),
        subtitle=f"{names}. {when}. Chair: "
        f"{conference.chair.full_name if conference.chair else 'not set'}. "
        f"Reference {conference.reference}.",
        family=family,
        recipient=recipient.name if recipient else "",
        sections=sections,
        distribution=[i.name for i in invitations],
        danger_statements=danger_texts if "danger" not in excluded else [],
    )
