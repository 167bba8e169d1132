"""In a real browser: a visitor requests a briefing; a trainer runs a session from booking to
completion. axe-core checks every page on the way."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from safetymap.partnership.models import (
    Booking,
    BookingStatus,
    BriefingRequest,
    NewsletterIndexPage,
    NewsletterIssuePage,
    TrainingSession,
)
from safetymap.partnership.public_site import simple_pdf
from tests.browser.helpers import choose_person, sign_in

DEMO_PASSWORD = "Fictional-demo-password"


def fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_visitor_without_an_account_requests_a_briefing(page: Page):
    page.goto("/partnership/request-a-briefing/")
    expect(page.get_by_role("heading", name="Request a Signs of Safety briefing")).to_be_visible()
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your name")

    page.get_by_label("Organisation or service").fill("<b>Fictional</b> Nursery")
    page.get_by_label("Your name").fill("Fictional Nursery Manager")
    page.get_by_label("Email address").fill("manager@fictional-nursery.example")
    page.get_by_label("Who is the briefing for?").fill("Nursery practitioners")
    page.get_by_label("About how many people would attend?").fill("9")
    page.get_by_role("checkbox", name="Mapping for partners").check()
    page.get_by_label("Which dates or times suit you?").fill("Any Friday morning")
    page.get_by_role("radio", name="Online").check()
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    briefing = BriefingRequest.objects.get()
    expect(page.get_by_text(briefing.reference)).to_be_visible()
    assert briefing.organisation == "<b>Fictional</b> Nursery"


def test_a_trainer_runs_a_session_from_booking_to_completion(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    sign_in(page, "trainer@larkford.example", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Training").click()
    page.get_by_role("link", name="Add a session").click()
    page.get_by_label("Course", exact=True).select_option(label="Bite-size: Words and Pictures")
    fill_date(page, "First day", tomorrow)
    fill_date(page, "Last day", tomorrow)
    page.get_by_label("The session is online").check()
    choose_person(page, "Trainer", "Tom Trainer")
    page.get_by_label("Places").fill("1")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("alert")).to_contain_text("The session has been added")
    session = TrainingSession.objects.get(starts_on=tomorrow, capacity=1)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "social.worker@larkford.example", DEMO_PASSWORD)
    page.goto(f"/training/sessions/{session.pk}/")
    page.get_by_role("link", name="Book a place").click()
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("alert")).to_contain_text("is booked")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "trainer@larkford.example", DEMO_PASSWORD)
    page.goto(f"/training/sessions/{session.pk}/")
    page.get_by_role("link", name="Add someone without an account").click()
    page.get_by_label("Full name").fill("Fictional Childminder")
    page.get_by_label("Organisation", exact=True).fill("Fictional Childminding Network")
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("alert")).to_contain_text("is on the waiting list")

    # The day of the session arrives.
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_role("group", name="Sam Social-Worker").get_by_role(
        "radio", name="Attended and completed the course"
    ).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("alert")).to_contain_text("Attendance has been recorded")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download attendance (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Sam Social-Worker" in text and "Attended" in text

    booking = Booking.objects.get(session=session, user__email="social.worker@larkford.example")
    assert (booking.status, booking.completed) == (BookingStatus.ATTENDED, True)
    page.get_by_role("link", name="Back to training").click()
    page.get_by_role("link", name="Your training record").click()
    expect(page.get_by_role("heading", name="Your training record")).to_be_visible()


def test_the_partnership_works_a_request_and_a_practice_lead_publishes_a_story(
    page: Page, settings
):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    next_week = timezone.localdate() + datetime.timedelta(days=7)

    sign_in(page, "practice.lead@larkford.example", DEMO_PASSWORD)
    page.goto("/briefing-requests/")
    page.get_by_role("link", name="Larkford Dental Practice").click()
    page.get_by_role("link", name="Schedule").click()
    fill_date(page, "Date of the briefing", next_week)
    page.get_by_role("button", name="Schedule briefing").click()
    expect(page.get_by_role("alert")).to_contain_text("is scheduled")
    page.get_by_role("link", name="Decline").click()
    page.get_by_role("button", name="Decline request").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the reason")

    page.goto("/stories/")
    page.get_by_role("link", name="Stories waiting for moderation").click()
    page.get_by_role("link", name="Scaling at a core group").click()
    page.get_by_role("radio", name="Publish the story").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_contain_text("is published")
    page.get_by_role("link", name="Back to practice stories").click()
    page.get_by_role("link", name="Scaling at a core group").click()
    expect(page.get_by_role("heading", name="What needs to happen")).to_be_visible()
    page.goto("/stories/new/")
    expect(page.get_by_text("Do not name any child")).to_be_visible()


# --- The public pages (Wagtail) -------------------------------------------------------------------


def test_a_visitor_reads_the_public_pages_newsletters_and_resources(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")

    page.goto("/partnership/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Larkford")
    expect(page.get_by_role("heading", name="What's working well")).to_be_visible()
    expect(page.get_by_role("img", name="Northshire Police (fictional)")).to_be_visible()
    page.get_by_role("link", name="What Signs of Safety is").click()
    expect(page.get_by_role("heading", name="What Signs of Safety is", level=1)).to_be_visible()
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link").first.click()

    page.get_by_role("link", name="Newsletters").first.click()
    expect(page.get_by_role("heading", name="Newsletters", level=1)).to_be_visible()
    page.get_by_role("link", name="Conference reports in the Signs of Safety format").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this issue").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    page.go_back()

    page.goto("/partnership/resources/")
    expect(page.get_by_role("heading", name="Earlier versions")).to_be_visible()
    page.get_by_role("link", name="Multi-agency conference report format, version 1.0").click()
    expect(page.get_by_text("This version has been superseded by")).to_be_visible()


def test_an_editor_publishes_a_newsletter_issue_in_the_admin(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, "partnership.admin@larkford.example", DEMO_PASSWORD)
    page.goto("/editor/documents/add/")
    page.get_by_label("Title").fill("Issue 4 (PDF)")
    page.get_by_label("File").set_input_files(
        files=[
            {
                "name": "issue-4.pdf",
                "mimeType": "application/pdf",
                "buffer": simple_pdf("Issue 4", ["News"]),
            }
        ]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Issue 4 (PDF)").first).to_be_visible()

    newsletters = NewsletterIndexPage.objects.get()
    page.goto(f"/editor/pages/add/partnership/newsletterissuepage/{newsletters.pk}/")
    page.locator("#id_title").fill("A fourth fictional issue")
    page.locator("#id_issue_number").fill("4")
    page.locator("#id_issue_date").fill(timezone.localdate().isoformat())
    page.locator("#id_summary").fill("Published from the editors' admin")
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("News of the fourth issue.")
    page.get_by_role("button", name="Choose a document").click()
    page.get_by_role("link", name="Issue 4 (PDF)").click()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("published").first).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors

    issue = NewsletterIssuePage.objects.get(title="A fourth fictional issue")
    assert issue.live and issue.pdf.title == "Issue 4 (PDF)"
    page.goto("/partnership/newsletters/")
    page.get_by_role("link", name="A fourth fictional issue").click()
    expect(page.get_by_role("link", name="Download this issue")).to_be_visible()


def test_a_manager_approves_a_booking_and_the_steering_group_reads_the_dashboard(
    page: Page, settings
):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    sign_in(page, "team.manager@larkford.example", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Training").click()
    page.get_by_role("link", name="Bookings waiting for your approval (1)").click()
    page.get_by_role("link", name="Decide").click()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Select whether you approve the booking")
    page.get_by_role("radio", name="Yes, approve it").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    assert not Booking.objects.filter(status=BookingStatus.REQUESTED).exists()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "practice.lead@larkford.example", DEMO_PASSWORD)
    page.goto("/training/")
    page.get_by_role("link", name="Implementation dashboard").click()
    expect(page.get_by_role("heading", name="Implementation dashboard")).to_be_visible()
    expect(page.get_by_role("img", name="Practitioners briefed and trained so far")).to_be_visible()
    page.get_by_text("The figures in the chart, as a table").click()
    expect(page.get_by_role("table").first).to_be_visible()
