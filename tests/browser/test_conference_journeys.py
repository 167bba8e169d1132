"""In a real browser: an initial conference about two siblings, end to end. The social worker
requests and schedules it and invites two partner agencies and Mum; each partner signs in,
opens the conference (the only thing of the children's they can open) and submits their report;
the social worker puts the reports on the conference's map, records the meeting live with four
attendees' scales, each child's views and Amy's plan; the chair records Ben's plan, approves and
distributes the record and sees Mum's feedback link (she has no email address) once; Mum answers
through it in a browser of her own without signing in, and the link then refuses a second use;
the PDF and Word documents hold the danger statement, every scale and the decision."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from safetymap.conferences.models import Conference
from safetymap.feedback.models import FeedbackRound
from safetymap.mapping import services as map_services
from tests.browser.helpers import choose_person, sign_in
from tests.browser.test_pathway_journeys import fill_date
from tests.conferences.conftest import make_family
from tests.conferences.journey import DANGER, IF_NOTHING_CHANGES, RATERS


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def _write_report(page: Page, email: str, amy_scale: str, ben_scale: str) -> None:
    today = timezone.localdate()
    sign_in(page, email)
    page.goto("/conferences/")
    page.get_by_role("link", name="Initial child protection conference").click()
    page.get_by_role("link", name="Write or finish your agency's report").click()
    page.get_by_label("Summary of your agency's involvement").fill("Known since 2024.")
    page.get_by_label("What are we worried about? The harm that has happened").fill(
        "Amy told us she hid under the bed when Dad shouted."
    )
    page.get_by_label("What could happen to the children if nothing changes?").fill(
        "They could be hurt if they are close by."
    )
    page.get_by_label("What is working well?").fill("Mum talks to us every day.")
    page.get_by_label("What needs to happen?").fill("Amy says she feels safe at home.")
    page.get_by_label("Scale for Amy, from 0 to 10").fill(amy_scale)
    page.get_by_label("Why that number for Amy?").fill("Amy is frightened at home time.")
    page.get_by_label("Scale for Ben, from 0 to 10").fill(ben_scale)
    page.get_by_label("Why that number for Ben?").fill("Ben is well, but was in the next room.")
    fill_date(page, "Date you shared this report with the family", today)
    page.get_by_role("button", name="Submit the report to the chair").click()
    expect(page.get_by_text("Your report has been submitted to the chair.")).to_be_visible()
    # Nothing else of the children's opens for them.
    assert page.goto(f"/children/{Conference.objects.get().episode.child_id}/").status == 404
    page.goto("/")
    _sign_out(page)


def test_an_initial_conference_from_request_to_the_distributed_record(page: Page):
    family = make_family()
    today = timezone.localdate()
    sign_in(page, family.worker.email)
    page.goto(f"/episodes/{family.episode.pk}/")
    page.get_by_role("link", name="Request a child protection conference").click()
    page.get_by_role("radio", name="Initial child protection conference").check()
    page.get_by_label("Why is the conference needed?").fill("The enquiry found both at risk.")
    page.get_by_role("button", name="Request conference").click()
    expect(page.get_by_role("heading", name="Initial child protection conference")).to_be_visible()
    page.get_by_role("link", name="Give the conference a date and a chair").click()
    fill_date(page, "Date of the conference", today)
    choose_person(page, "Conference chair", "Fictional Chair")
    page.get_by_role("button", name="Save").click()
    for person in (family.school, family.health):
        page.get_by_role("link", name="Invite a professional").click()
        choose_person(
            page, "Who are you inviting?", f"{person.full_name}, {person.organisation.name}"
        )
        page.get_by_role("button", name="Invite").click()
    page.get_by_role("link", name="Invite a family member").click()
    page.get_by_label("Their name").fill("Fictional Mum")
    page.get_by_label("How are they related to the children?").fill("Mother")
    page.get_by_role("radio", name="Parent or carer").check()
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_role("table", name="Emails about this conference")).to_contain_text(
        "Invitation"
    )
    _sign_out(page)

    _write_report(page, family.school.email, "3", "4")
    _write_report(page, family.health.email, "4", "5")

    conference = Conference.objects.get()
    sign_in(page, family.worker.email)
    page.goto(f"/conferences/{conference.pk}/")
    expect(page.get_by_role("table", name="Who has reported")).to_contain_text("0 still to come")
    for report in conference.reports.order_by("pk"):
        page.goto(f"/conference-reports/{report.pk}/")
        page.get_by_role(
            "button", name="Add its worries and strengths to the conference's map"
        ).click()
        expect(page.get_by_text("parts of the report are now on the map")).to_be_visible()
    conference.refresh_from_db()
    map_services.add_danger_statement(  # drafted by the social worker before the meeting
        by=family.worker,
        sos_map=conference.sos_map,
        who_is_worried="Children's Social Care, the school and the health visitor",
        what_happened=DANGER,
        worry_if_nothing_changes=IF_NOTHING_CHANGES,
        acknowledged_safety="Mum asks Dad to stay at Grandad's when he drinks.",
        family_position="AGREES",
    )

    page.goto(f"/conferences/{conference.pk}/")
    page.get_by_role("link", name="The conference is meeting: start the record").click()
    fill_date(page, "Date the conference was held", today)
    page.get_by_role("button", name="Start the record").click()
    expect(page.get_by_role("heading", name="Conference record")).to_be_visible()
    record_url = f"/conferences/{conference.pk}/record/"
    for group, rater, value, reason in RATERS:
        page.get_by_role("link", name="Add a person's scale").click()
        page.get_by_role("radio", name="Family" if group == "FAMILY" else "Professionals").check()
        page.get_by_label("Their name or role").fill(rater)
        page.get_by_label("About").select_option(label="Danger statement 1")
        page.get_by_role("radio", name=str(value), exact=True).check()
        page.get_by_label("Why did they choose this number?").fill(reason)
        page.get_by_role("button", name="Save rating").click()
        page.goto(record_url)
    for name in ("Fictional Teacher", "Fictional Health Visitor", "Fictional Mum"):
        page.get_by_role("link", name=f"Record attendance of {name}").click()
        page.get_by_role("radio", name="Present").check()
        page.get_by_role("button", name="Save").click()
    for child, kind, words in (
        ("Amy", "A written note of the child's views", "Amy said: I want Dad to stop shouting."),
        ("Ben", "They could not give views", "Ben played happily and went to Mum for comfort."),
    ):
        page.get_by_role("link", name=f"record {child}'s views").click()
        page.get_by_role("radio", name=kind).check()
        page.get_by_label("The child's views, or what was observed").fill(words)
        page.get_by_role("button", name="Save").click()

    def record_plan_decision(child: str) -> None:
        page.get_by_role("link", name=f"record the decision for {child}").click()
        page.get_by_role("radio", name="A child protection plan").check()
        page.get_by_label("Why? (the threshold test)").fill("Harm shown and likely again.")
        page.get_by_label("Category of abuse (for a plan)").select_option(label="Emotional abuse")
        choose_person(page, "Lead social worker (for a plan)", family.worker.full_name)
        page.get_by_label("Core group (for a plan)").fill("Mum, Dad, school, health visitor")
        fill_date(
            page,
            "Date of the first core group (for a plan)",
            today + datetime.timedelta(days=7),
        )
        fill_date(
            page,
            "Date of the first review conference (for a plan)",
            today + datetime.timedelta(days=60),
        )
        page.get_by_label("First action in the outline plan (for a plan)").fill(
            "Dad goes to the alcohol service every week"
        )
        page.get_by_label("Who will do it?").fill("Dad")
        fill_date(page, "By when?", today + datetime.timedelta(days=14))
        page.get_by_role("button", name="Record the decision").click()
        expect(page.get_by_text(f"The decision for {child} is recorded.")).to_be_visible()

    # The social worker records Amy's decision; the chair, from their own sign-in, Ben's.
    record_plan_decision("Amy")
    _sign_out(page)

    sign_in(page, family.chair.email)
    page.goto("/conferences/")
    page.get_by_role("link", name="Initial child protection conference").click()
    page.get_by_role("link", name="The conference record").click()
    # The chair has conference materials only: the map is not offered as a link.
    expect(page.get_by_role("link", name="Open the conference's map")).to_have_count(0)
    record_plan_decision("Ben")
    page.get_by_role("button", name="Send the record to the chair").click()
    page.get_by_role("button", name="Approve the record").click()
    page.get_by_role("button", name="Distribute the record to everyone invited").click()
    expect(page.get_by_text("The record is distributed.")).to_be_visible()
    # Mum was invited without an email address: the chair sees her feedback link once, here.
    expect(page.get_by_role("heading", name="Feedback links to hand over")).to_be_visible()
    expect(page.get_by_text("Give it only to the person it is for")).to_be_visible()
    link = page.locator("code").filter(has_text="/feedback/").inner_text().strip()
    assert link.startswith("http") and "/feedback/" in link
    mums_link = "/feedback/" + link.rstrip("/").rsplit("/", 1)[1] + "/"
    page.goto(f"/conferences/{conference.pk}/")
    page.get_by_role("link", name="Feedback links to hand over").click()
    expect(page.get_by_role("table", name="People given their link by hand")).to_contain_text(
        "Fictional Mum"
    )
    assert mums_link not in page.content()  # shown once only

    # Mum answers on her own device: a fresh browser, no account, no sign-in.
    mums_phone = page.context.browser.new_context(base_url=page.url.split("/conferences/")[0])
    try:
        mum = mums_phone.new_page()
        mum.goto(mums_link)
        expect(
            mum.get_by_role("heading", name="Tell us what you thought of the meeting")
        ).to_be_visible()
        for group in mum.get_by_role("group").all():
            radio = group.get_by_role("radio", name="Agree", exact=True)
            if radio.count():
                radio.check()
        mum.get_by_label("What would have made the meeting better? (optional)").fill(
            "Seeing the reports a week before"
        )
        mum.get_by_role("radio", name="No, send my answers without my name").check()
        mum.get_by_role("button", name="Send my answers").click()
        expect(mum.get_by_role("heading", name="Thank you")).to_be_visible()
        mum.goto(mums_link)  # the link works once
        expect(mum.get_by_role("heading", name="This link has already been used")).to_be_visible()
    finally:
        mums_phone.close()
    feedback = FeedbackRound.objects.get(conference=conference)
    assert feedback.responses.get().anonymous
    assert feedback.invitations.get(name="Fictional Mum").status == "COMPLETED"
    page.reload()
    expect(page.get_by_role("table", name="People given their link by hand")).to_contain_text(
        "Used: they have answered"
    )

    for fmt in ("pdf", "docx"):  # opening the address offers to prepare it; then it is served
        page.goto(f"/conferences/{conference.pk}/record.full.{fmt}")
        page.get_by_role("button", name="Prepare it").click()
        expect(page.get_by_text("Ready")).to_be_visible()
    pdf = page.request.get(f"/conferences/{conference.pk}/record.full.pdf")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.body())).pages
    )
    word = Document(
        io.BytesIO(page.request.get(f"/conferences/{conference.pk}/record.full.docx").body())
    )
    word_text = " ".join(
        [p.text for p in word.paragraphs]
        + [c.text for t in word.tables for r in t.rows for c in r.cells]
    )
    for found in (text, " ".join(word_text.split())):
        assert " ".join(DANGER.split()) in found
        for _, rater, value, reason in RATERS:
            assert f"{rater} " in found and f"{value} {reason}" in found
        assert "Amy Fictional: A child protection plan" in found
        assert "Ben Fictional: A child protection plan" in found
