"""The implementation dashboard: figures computed again here, independently, from the records."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from safetymap.accounts.roles import Role
from safetymap.mapping.models import DangerStatement, SafetyGoal, ScaleRating, SoSMap
from safetymap.partnership import charts
from safetymap.partnership.dashboard import dashboard
from safetymap.partnership.models import Booking, BriefingRequest, CourseType
from safetymap.people.models import Child
from tests.factories import ScaleRatingFactory, SoSMapFactory
from tests.partnership.factories import (
    BookingFactory,
    BriefingRequestFactory,
    CourseFactory,
    TrainingSessionFactory,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
URL = "/programme/dashboard/"


def person_key(b: Booking):
    return (
        ("u", b.user_id)
        if b.user_id
        else ("n", b.name.strip().lower(), b.organisation_name.lower())
    )


def expected_from_records():
    """The dashboard's definitions, applied with plain Python to every record."""
    attended = [
        b for b in Booking.objects.select_related("session__course") if b.status == "ATTENDED"
    ]
    briefed = {
        person_key(b) for b in attended if b.session.course.course_type == "PARTNER_BRIEFING"
    }
    trained = {
        person_key(b)
        for b in attended
        if b.completed and b.session.course.course_type in ("FOUNDATION", "ADVANCED")
    }
    audience = sum(
        r.audience_size for r in BriefingRequest.objects.all() if r.status == "DELIVERED"
    )
    by_agency: dict = {}
    for b in attended:
        agency = b.organisation_name.strip() or "Agency not recorded"
        a, c = by_agency.setdefault(agency, {}).get(b.session.course.course_type, (0, 0))
        by_agency[agency][b.session.course.course_type] = (a + 1, c + int(b.completed))
    final = [m for m in SoSMap.objects.all() if m.status == "FINAL"]
    paired = 0
    for m in final:
        statements = list(DangerStatement.objects.filter(map=m))
        if statements and all(
            SafetyGoal.objects.filter(danger_statement=s).exists() for s in statements
        ):
            paired += 1
    reviews = [m for m in final if m.context == "RCPC"]
    scaled = [m for m in reviews if ScaleRating.objects.filter(map=m).exists()]
    return {
        "briefed_at_sessions": len(briefed),
        "audience": audience,
        "trained": len(trained),
        "by_agency": by_agency,
        "new": sum(1 for r in BriefingRequest.objects.all() if r.status == "NEW"),
        "scheduled": sum(1 for r in BriefingRequest.objects.all() if r.status == "SCHEDULED"),
        "paired": (paired, len(final)),
        "scaled": (len(scaled), len(reviews)),
    }


def add_unpaired_and_unscaled_maps():
    """Final maps that fall short, so the shares are not all 100%."""
    unpaired = SoSMapFactory(context="ICPC")
    DangerStatement.objects.create(
        map=unpaired,
        seq_no=1,
        who_is_worried="Fictional school",
        what_happened="Fictional",
        worry_if_nothing_changes="Fictional",
        family_position="AGREED",
    )
    review = SoSMapFactory(context="RCPC")
    SoSMap.objects.filter(pk__in=[unpaired.pk, review.pk]).update(status="FINAL")


def test_the_dashboard_matches_the_demo_data_computed_independently():
    call_command("load_demo", "--quiet-sign-ins")
    add_unpaired_and_unscaled_maps()
    want = expected_from_records()
    board = dashboard()
    assert board.briefed_at_sessions == want["briefed_at_sessions"] > 0
    assert board.briefed_at_requested_briefings == want["audience"] > 0
    assert board.briefed == want["briefed_at_sessions"] + want["audience"]
    assert board.trained == want["trained"] > 0
    assert board.by_agency == want["by_agency"]
    assert board.outstanding == {"New": want["new"], "Scheduled": want["scheduled"]}
    paired, scaled = board.fidelity
    assert (paired.numerator, paired.denominator) == want["paired"]
    assert (scaled.numerator, scaled.denominator) == want["scaled"]
    assert 0 < paired.percent < 100 and 0 < scaled.percent < 100
    assert board.over_time[-1][1:] == (want["briefed_at_sessions"], want["trained"])


def test_the_page_shows_the_figures_and_names_no_child(signed_in):
    call_command("load_demo", "--quiet-sign-ins")
    board = dashboard()
    html = signed_in(Role.PRACTICE_LEAD).get(URL).content.decode()
    assert f'id="figure-briefed">{board.briefed}<' in html
    assert f'id="figure-trained">{board.trained}<' in html
    assert 'role="img"' in html and "<table" in html
    assert "Available when the child's voice tools land" in html
    assert "conference feedback form" in html
    for child in Child.objects.all():
        for value in (child.first_name, child.last_name, child.la_child_id):
            assert value not in html, value


def test_a_person_trained_twice_counts_once():
    foundation = TrainingSessionFactory(course=CourseFactory(course_type=CourseType.FOUNDATION))
    advanced = TrainingSessionFactory(course=CourseFactory(course_type=CourseType.ADVANCED))
    booking = BookingFactory(session=foundation, status="ATTENDED", completed=True)
    BookingFactory(session=advanced, user=booking.user, status="ATTENDED", completed=True)
    BookingFactory(
        session=advanced,
        user=None,
        name="Guest",
        organisation_name="School",
        status="ATTENDED",
        completed=True,
    )
    BookingFactory(
        session=foundation,
        user=None,
        name="guest ",
        organisation_name="school",
        status="ATTENDED",
        completed=True,
    )
    BookingFactory(session=foundation, status="ATTENDED", completed=False)
    assert dashboard().trained == 2


def test_the_dashboards_queries_do_not_grow_with_the_data(signed_in):
    client = signed_in(Role.PARTNERSHIP_ADMINISTRATOR)
    counter = iter(range(1000))

    def grow():
        n = next(counter)
        for course_type in CourseType:
            session = TrainingSessionFactory(course=CourseFactory(course_type=course_type))
            BookingFactory(
                session=session, status="ATTENDED", completed=True, organisation_name=f"Agency {n}"
            )
            BookingFactory(
                session=session,
                user=None,
                name=f"Guest {n}",
                organisation_name="School",
                status="ATTENDED",
            )
        BriefingRequestFactory(status="NEW")
        BriefingRequestFactory(status="DELIVERED", audience_size=12)
        sos_map = SoSMapFactory(context="RCPC")
        ScaleRatingFactory(map=sos_map)
        SoSMap.objects.filter(pk=sos_map.pk).update(status="FINAL")

    grow()
    assert_queries_do_not_grow(lambda: client.get(URL), grow)
    assert_queries_do_not_grow(
        lambda: b"".join(client.get(reverse("partnership:dashboard-export")).streaming_content),
        grow,
    )


def test_the_csv_export_streams_every_figure_and_guards_against_formulas(signed_in):
    session = TrainingSessionFactory(course=CourseFactory(course_type=CourseType.PARTNER_BRIEFING))
    BookingFactory(
        session=session, user=None, name="X", organisation_name="=HYPERLINK(1)", status="ATTENDED"
    )
    response = signed_in(Role.PRACTICE_LEAD).get(reverse("partnership:dashboard-export"))
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Section", "Measure", "Breakdown", "Value"]
    assert ["Training", "Practitioners briefed", "At partner briefing sessions", "1"] in rows
    agencies = [r[1] for r in rows if r[0] == "By agency"]
    assert agencies and all(a.startswith("'=HYPERLINK") for a in agencies)


def test_the_chart_is_an_image_with_words_and_escapes_its_text():
    month = timezone.localdate().replace(day=1)
    svg = charts.line_chart(
        "<script>x</script>",
        [month],
        [charts.Series("A & B", [3], "#1d70b8", "", "circle")],
        chart_id="c",
    )
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A &amp; B" in svg
    assert "style=" not in svg


def test_other_roles_are_refused_the_dashboard(signed_in):
    assert signed_in(Role.TRAINER).get(URL).status_code == 403
