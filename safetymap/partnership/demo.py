"""A season of the partnership's programme for the demo borough of Larkford.

Plainly fictional: invented agencies, invented people with ``.example`` addresses, and stories
with no child or family in them. Dates are set around today, so there is always something past
and something coming. Loaded by safetymap.demo.services.load_demo; safe to run twice.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from safetymap.accounts.models import User
from safetymap.partnership.models import (
    Booking,
    BookingStatus,
    BriefingFormat,
    BriefingRequest,
    BriefingStatus,
    BriefingTopic,
    Course,
    CourseType,
    PracticeStory,
    StoryStatus,
    TrainingSession,
)

COURSES = (
    (
        CourseType.PARTNER_BRIEFING,
        "Signs of Safety for partner agencies",
        "Staff in schools, health, police and voluntary services",
        "The three questions and the map\nContributing to conferences and core groups\n"
        "Writing a conference report in the Signs of Safety format",
        Decimal("0.5"),
    ),
    (
        CourseType.FOUNDATION,
        "Signs of Safety foundation",
        "Social workers and partner practitioners",
        "Mapping with families\nDanger statements and safety goals\nThree Houses and the "
        "Safety House\nWords and Pictures",
        Decimal("2"),
    ),
    (
        CourseType.ADVANCED,
        "Signs of Safety advanced",
        "Practice leads, managers and experienced practitioners",
        "Leading mapping in supervision\nSafety planning with networks\nUsing authority skilfully",
        Decimal("5"),
    ),
    (
        CourseType.PRACTICE_LEAD,
        "Practice lead network day",
        "Practice leads and champions",
        "Group supervision\nAppreciative inquiry",
        Decimal("1"),
    ),
    (
        CourseType.BITE_SIZE,
        "Bite-size: Words and Pictures",
        "Anyone who explains to children why professionals are involved",
        "Writing a Words and Pictures explanation",
        Decimal("0.5"),
    ),
)

PARTNER_STAFF = (
    ("Fictional Teacher One", "Meadowbank Primary School"),
    ("Fictional Teacher Two", "Larkford Vale Academy"),
    ("Fictional Nurse Three", "Riverside Surgery"),
    ("Fictional Worker Four", "Larkford Family Support Project"),
    ("Fictional Officer Five", "Northshire Police, Larkford Safeguarding Unit"),
    ("Fictional Officer Six", "Northshire Probation Delivery Unit"),
)


def load_partnership_demo() -> None:
    load_public_pages_demo()
    if Course.objects.exists():
        return
    today = timezone.localdate()
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=".example")}
    trainer = people["trainer"]
    courses = {
        course_type: Course.objects.create(
            course_type=course_type,
            title=title,
            audience=audience,
            learning_outcomes=out,
            days=days,
            # The five-day course takes a practitioner away for a week: their manager approves.
            needs_manager_approval=course_type == CourseType.ADVANCED,
        )
        for course_type, title, audience, out, days in COURSES
    }
    _sessions(today, courses, people, trainer)
    _briefing_requests(today)
    _stories(people)


def _session(course: Course, starts: datetime.date, trainer: User, **fields) -> TrainingSession:
    length = max(int(course.days), 1)
    return TrainingSession.objects.create(
        course=course,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=length - 1),
        trainer=trainer,
        trainer_is_licensed=course.course_type in (CourseType.FOUNDATION, CourseType.ADVANCED),
        **fields,
    )


def _book(session: TrainingSession, status: str, *, user: User | None = None, **fields) -> None:
    Booking.objects.create(
        session=session,
        user=user,
        name=user.full_name if user else fields.pop("name"),
        organisation_name=user.organisation.name if user else fields.pop("organisation_name"),
        status=status,
        booked_at=timezone.now() - datetime.timedelta(days=30),
        recorded_by=fields.pop("recorded_by", user),
        **fields,
    )


def _sessions(today, courses, people, trainer) -> None:
    days = datetime.timedelta
    # Past: a partner briefing that was delivered, with attendance and completion.
    briefing = _session(
        courses[CourseType.PARTNER_BRIEFING],
        today - days(42),
        trainer,
        venue="Larkford Civic Centre, Room 2",
        capacity=20,
    )
    for n, (name, org) in enumerate(PARTNER_STAFF):
        status = BookingStatus.NO_SHOW if n == 5 else BookingStatus.ATTENDED
        _book(
            briefing,
            status,
            name=name,
            organisation_name=org,
            recorded_by=trainer,
            completed=status == BookingStatus.ATTENDED,
        )
    for key in ("school.dsl", "health.visitor", "police.officer"):
        _book(briefing, BookingStatus.ATTENDED, user=people[key], completed=True)
    foundation = _session(
        courses[CourseType.FOUNDATION],
        today - days(21),
        trainer,
        venue="Larkford Civic Centre, Room 1",
        capacity=16,
    )
    _book(foundation, BookingStatus.ATTENDED, user=people["social.worker"], completed=True)
    _book(foundation, BookingStatus.ATTENDED, user=people["front.door"], completed=False)
    _book(foundation, BookingStatus.ATTENDED, user=people["team.manager"], completed=True)
    _session(courses[CourseType.BITE_SIZE], today - days(7), trainer, online=True, capacity=30)
    # Coming: a full bite-size session with a waiting list, the advanced course and others.
    full = _session(
        courses[CourseType.BITE_SIZE], today + days(14), trainer, online=True, capacity=3
    )
    for key in ("social.worker", "school.dsl", "health.visitor"):
        _book(full, BookingStatus.CONFIRMED, user=people[key])
    _book(full, BookingStatus.WAITLIST, user=people["team.manager"])
    _book(full, BookingStatus.WAITLIST, user=people["conference.chair"])
    advanced = _session(
        courses[CourseType.ADVANCED],
        today + days(35),
        trainer,
        venue="Larkford Civic Centre, Room 1",
        capacity=12,
    )
    _book(advanced, BookingStatus.CONFIRMED, user=people["practice.lead"])
    _book(advanced, BookingStatus.CONFIRMED, user=people["service.manager"])
    _book(advanced, BookingStatus.REQUESTED, user=people["front.door"])  # for team.manager
    _session(
        courses[CourseType.PARTNER_BRIEFING],
        today + days(21),
        trainer,
        venue="Meadowbank Primary School hall",
        capacity=25,
    )
    _session(
        courses[CourseType.FOUNDATION],
        today + days(49),
        trainer,
        venue="Larkford Civic Centre, Room 2",
        capacity=16,
    )
    _session(courses[CourseType.PRACTICE_LEAD], today + days(28), trainer, online=True, capacity=15)


def _briefing_requests(today: datetime.date) -> None:
    days = datetime.timedelta
    common = {
        "preferred_dates": "Any Tuesday or Thursday afternoon next term",
        "consent_to_follow_up": True,
    }
    BriefingRequest.objects.create(
        organisation="Larkford Vale Academy",
        contact_name="Fictional Deputy Head",
        contact_role="Deputy designated safeguarding lead",
        email="deputy.head@larkford-vale.example",
        audience="Pastoral team",
        audience_size=12,
        topics=[BriefingTopic.SOS_OVERVIEW, BriefingTopic.CONFERENCE_REPORTS],
        preferred_format=BriefingFormat.IN_PERSON,
        notes="We would like to practise writing a conference report together.",
        **common,
    )
    BriefingRequest.objects.create(
        organisation="Larkford Dental Practice",
        contact_name="Fictional Practice Manager",
        email="manager@larkford-dental.example",
        audience="Dentists and nurses",
        audience_size=8,
        topics=[BriefingTopic.MASH_REFERRALS],
        preferred_format=BriefingFormat.ONLINE,
        **common,
    )
    BriefingRequest.objects.create(
        organisation="Riverside Surgery",
        contact_name="Fictional GP Partner",
        email="safeguarding@riverside-surgery.example",
        audience="GPs and practice nurses",
        audience_size=15,
        topics=[BriefingTopic.CONFERENCES, BriefingTopic.MASH_REFERRALS],
        preferred_format=BriefingFormat.ONLINE,
        status=BriefingStatus.SCHEDULED,
        scheduled_for=today + days(10),
        **common,
    )
    BriefingRequest.objects.create(
        organisation="Larkford Family Support Project",
        contact_name="Fictional Project Lead",
        email="lead@larkford-family-support.example",
        audience="Family support workers",
        audience_size=20,
        topics=[BriefingTopic.SAFETY_PLANNING, BriefingTopic.CHILDS_VOICE],
        preferred_format=BriefingFormat.IN_PERSON,
        status=BriefingStatus.DELIVERED,
        scheduled_for=today - days(30),
        delivered_on=today - days(30),
        **common,
    )
    BriefingRequest.objects.create(
        organisation="Northshire Fictional Leisure Trust",
        contact_name="Fictional Duty Manager",
        email="duty@leisure-trust.example",
        audience="Lifeguards",
        audience_size=40,
        topics=[BriefingTopic.SOS_OVERVIEW],
        preferred_format=BriefingFormat.EITHER,
        status=BriefingStatus.DECLINED,
        decline_reason="The trust's own safeguarding training covers what they need; we sent "
        "them the partner leaflet instead.",
        **common,
    )


def _stories(people: dict[str, User]) -> None:
    now = timezone.now()
    PracticeStory.objects.create(
        title="A network meeting at the school",
        working_well="The school hosted the network meeting and the family chose who came. "
        "Everyone read the danger statement together.",
        worried_about="Before the meeting nobody but the social worker knew what the worry was.",
        needs_to_happen="Hold the next review at the school and check the safety plan rules.",
        author=people["school.dsl"],
        status=StoryStatus.PUBLISHED,
        moderated_by=people["practice.lead"],
        moderated_at=now - datetime.timedelta(days=20),
    )
    PracticeStory.objects.create(
        title="Words and Pictures with a health visitor",
        working_well="Drawing the explanation with the parent meant they used their own words.",
        worried_about="We worried the explanation would be too long for a young child.",
        needs_to_happen="Keep it to one page and read it back with the network.",
        author=people["health.visitor"],
        status=StoryStatus.PUBLISHED,
        moderated_by=people["practice.lead"],
        moderated_at=now - datetime.timedelta(days=5),
    )
    PracticeStory.objects.create(
        title="Scaling at a core group",
        working_well="Every agency gave a number and said why.",
        worried_about="The numbers were far apart and nobody asked about it.",
        needs_to_happen="Ask each person what would move them one point up the scale.",
        author=people["police.officer"],
        status=StoryStatus.PENDING,
    )


# --- The public pages (Wagtail) -------------------------------------------------------------------

NEWSLETTERS = (
    (
        1,
        84,
        "Starting out together",
        "Why Larkford's partners chose Signs of Safety, and the first briefings.",
        "<p>Welcome to the first newsletter of the Larkford Safeguarding Partnership's Signs of "
        "Safety programme. Over the next two years every agency in the partnership will learn "
        "to use the same three questions with families.</p>"
        "<h2>Briefings so far</h2><ul><li>Schools: three briefings for designated safeguarding "
        "leads</li><li>Health visiting: one briefing</li></ul>",
        False,
    ),
    (
        2,
        49,
        "The first foundation course",
        "Sixteen practitioners from four agencies completed the two-day foundation course.",
        "<p>Our licensed trainer ran the first two-day foundation course in the Civic Centre. "
        "Practitioners mapped a fictional family together and wrote danger statements and "
        "safety goals.</p><h2>What practitioners said</h2><p>Most found the danger statement "
        "the hardest part, and the most useful.</p>",
        False,
    ),
    (
        3,
        14,
        "Conference reports in the Signs of Safety format",
        "The new multi-agency conference report template, and bite-size sessions on Words and "
        "Pictures.",
        "<p>From this month partners writing for child protection conferences use the new "
        "report template, version 2. It follows the three columns of the map.</p>"
        "<h2>Coming up</h2><ul><li>Bite-size: Words and Pictures (online)</li><li>Advanced "
        "course for practice leads</li></ul><p>A printable copy of this issue is attached.</p>",
        True,
    ),
)

PARTNERS = (
    ("Larkford Borough Council (fictional)", "LBC", (29, 79, 92)),
    ("Northshire Police (fictional)", "NP", (0, 48, 120)),
    ("Larkford Integrated Care Board (fictional)", "ICB", (0, 94, 165)),
    ("Larkford schools' partnership (fictional)", "SCH", (80, 40, 110)),
)


def load_public_pages_demo() -> None:
    """The partnership's public pages: home with progress and partners, what Signs of Safety
    is, three newsletter issues (the latest with a PDF), and resources with a superseded one."""
    from safetymap.partnership.pages import (
        ContentPage,
        NewsletterIndexPage,
        NewsletterIssuePage,
        PartnerLogo,
        PartnershipHomePage,
        ResourceIndexPage,
        ResourceKind,
        ResourcePage,
    )
    from safetymap.partnership.public_site import (
        add_document,
        add_image,
        logo_png,
        make_home,
        publish,
        simple_pdf,
    )

    if PartnershipHomePage.objects.exists():
        return
    today = timezone.localdate()
    days = datetime.timedelta
    home = PartnershipHomePage(
        title="Larkford Safeguarding Partnership: Signs of Safety",
        slug="partnership",
        summary="How the partners in the fictional borough of Larkford work with families in "
        "the Signs of Safety way.",
        intro="<p>Children's social care, schools, health, the police, probation and "
        "voluntary services in Larkford are learning to work with families in the same way. "
        "This page tells you what we are doing and how it is going. Larkford is a fictional "
        "borough: everything here is demonstration data.</p>",
        progress_as_of=today - days(14),
        working_well="<ul><li>More than 400 practitioners have been briefed across every "
        "agency.</li><li>Partners bring maps to conferences and families say they understand "
        "the worries.</li></ul>",
        worried_about="<ul><li>Not every review conference uses the safety scale yet.</li>"
        "<li>Some schools have not yet had a briefing.</li></ul>",
        needs_to_happen="<ul><li>Foundation training for every social worker by the end of "
        "next year.</li><li>A briefing for every school in the borough.</li></ul>",
    )
    for n, (name, initials, colour) in enumerate(PARTNERS):
        image = add_image(f"{name} logo", f"partner-{n + 1}.png", logo_png(initials, colour))
        home.partners.add(PartnerLogo(name=name, image=image, sort_order=n))
    make_home(home)
    publish(
        home,
        ContentPage(
            title="What Signs of Safety is",
            slug="signs-of-safety",
            summary="A way of working with families that keeps children safe by building on "
            "what is working well.",
            body="<p>Signs of Safety is a way of working with children and families. "
            "Professionals and families answer three questions together:</p><ol>"
            "<li>What are we worried about?</li><li>What's working well?</li>"
            "<li>What needs to happen?</li></ol><h2>The map</h2><p>The answers are written on a "
            "map in plain language the family understands, with a danger statement for each "
            "worry and a safety goal for each danger.</p>",
        ),
    )
    newsletters = publish(
        home,
        NewsletterIndexPage(
            title="Newsletters",
            slug="newsletters",
            summary="News from the programme, every few months.",
            intro="<p>Every issue of the programme's newsletter, newest first.</p>",
        ),
    )
    for number, ago, title, summary, body, with_pdf in NEWSLETTERS:
        pdf = None
        if with_pdf:
            pdf = add_document(
                f"Newsletter issue {number} (PDF)",
                f"larkford-newsletter-{number}.pdf",
                simple_pdf(
                    f"Larkford partnership newsletter, issue {number}",
                    [title, summary[:90], "Larkford is a fictional borough (demo data)."],
                ),
            )
        publish(
            newsletters,
            NewsletterIssuePage(
                title=title,
                slug=f"issue-{number}",
                issue_number=number,
                issue_date=today - days(ago),
                summary=summary,
                body=body,
                pdf=pdf,
            ),
        )
    library = publish(
        home,
        ResourceIndexPage(
            title="Resources",
            slug="resources",
            summary="Templates, guidance and links for practitioners in every agency.",
            intro="<p>Templates and guidance to use with families and in conferences.</p>",
        ),
    )

    def resource(title, slug, kind, version, ago, summary, **fields):
        if kind != ResourceKind.LINK:
            fields["document"] = add_document(
                f"{title} {version}",
                f"{slug}.pdf",
                simple_pdf(f"{title}, version {version}", [summary[:90], "Fictional demo."]),
            )
        return publish(
            library,
            ResourcePage(
                title=title,
                slug=slug,
                kind=kind,
                version=version,
                effective_from=today - days(ago),
                summary=summary,
                body=f"<p>{summary}</p>",
                **fields,
            ),
        )

    report_v1 = resource(
        "Multi-agency conference report format",
        "conference-report-v1",
        ResourceKind.TEMPLATE,
        "1.0",
        400,
        "The first version of the report partners write for child protection conferences.",
    )
    report_v2 = resource(
        "Multi-agency conference report format",
        "conference-report-v2",
        ResourceKind.TEMPLATE,
        "2.0",
        20,
        "The report partners write for child protection conferences, in the three columns.",
    )
    report_v1.superseded_by = report_v2
    report_v1.save_revision().publish()
    resource(
        "Mapping template",
        "mapping-template",
        ResourceKind.TEMPLATE,
        "1.2",
        120,
        "A blank map for a meeting with a family.",
    )
    resource(
        "Writing a danger statement",
        "danger-statement-guidance",
        ResourceKind.GUIDANCE,
        "1.0",
        90,
        "Guidance on clear danger statements in words the family understands.",
    )
    resource(
        "Working Together to Safeguard Children",
        "working-together",
        ResourceKind.LINK,
        "2023",
        300,
        "The government's statutory guidance (on GOV.UK).",
        link_url="https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
    )
