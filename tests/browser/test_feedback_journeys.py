"""In a real browser: a child answers the simple form with the keyboard alone, a parent answers
and finds the link used when they open it again, and a practice lead reads the results. axe-core
checks every page on the way."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from safetymap.accounts.roles import Role
from safetymap.feedback.models import Invitation, InvitationStatus, Response
from tests.browser.helpers import sign_in
from tests.factories import FeedbackInvitationFactory, ResponseFactory, UserFactory


def test_a_child_answers_with_the_keyboard_and_a_parent_cannot_use_a_link_twice(page: Page):
    child = FeedbackInvitationFactory(respondent_type="CHILD", name="Fictional Child")
    page.goto(f"/feedback/{child.token}/")
    expect(page.get_by_role("heading", name="What did you think of the meeting?")).to_be_visible()

    # Sending with nothing chosen: the error summary links to each question.
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose an answer")

    # Keyboard only: Tab to the first choice of each question, arrow keys move within it.
    question = page.get_by_role("group", name="Did you know about the meeting?")
    question.get_by_role("radio", name="Yes").focus()
    page.keyboard.press("Space")
    expect(question.get_by_role("radio", name="Yes")).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(question.get_by_role("radio", name="A bit")).to_be_checked()
    for name in (
        "Did people know what you think?",
        "Did you have a choice about how to share your views (attend / advocate / Three Houses)?",
        "Do you know what happens next?",
    ):
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        expect(
            page.get_by_role("group", name=name).get_by_role("radio", name="Yes")
        ).to_be_checked()
    page.get_by_label("Is there anything else you want to tell us? (optional)").fill(
        "I liked my drawing being read out"
    )
    page.get_by_role("radio", name="No, send my answers without my name").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    response = Response.objects.get()
    assert response.respondent_type == "CHILD" and response.anonymous
    assert response.answers.get(question="c_knew").value == 2  # "A bit"

    parent = FeedbackInvitationFactory(respondent_type="PARENT_CARER")
    page.goto(f"/feedback/{parent.token}/")
    expect(
        page.get_by_role("heading", name="Tell us what you thought of the meeting")
    ).to_be_visible()
    for group in page.get_by_role("group").all():
        radio = group.get_by_role("radio", name="Agree", exact=True)
        if radio.count():
            radio.check()
    page.get_by_label("What would have made the meeting better? (optional)").fill(
        "Papers a week before"
    )
    page.get_by_role("radio", name="Yes, send my name with my answers").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert Invitation.objects.get(pk=parent.pk).status == InvitationStatus.COMPLETED

    page.goto(f"/feedback/{parent.token}/")
    expect(page.get_by_role("heading", name="This link has already been used")).to_be_visible()
    assert Response.objects.count() == 2


def test_a_practice_lead_reads_the_results(page: Page):
    lead = UserFactory(roles=[Role.PRACTICE_LEAD], email="lead@fictional.example")
    ResponseFactory(answers={"p_respect": 4, "p_chair": 0, "p_better": "Papers sooner"})
    ResponseFactory(respondent_type="CHILD", answers={"c_knew": 3, "c_anything": "Fewer people"})
    ResponseFactory(respondent_type="PROFESSIONAL", agency_type="SCHOOL", answers={"pr_focus": 5})
    sign_in(page, lead.email)
    page.goto("/conference-feedback/")
    expect(page.get_by_role("heading", name="Conference feedback", exact=True)).to_be_visible()
    chart = page.get_by_role("img", name="I was treated with respect.")
    expect(chart).to_be_visible()
    page.get_by_text("Table of the answers").first.click()
    expect(page.get_by_role("table").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download every answer (CSV)").first.click()
    assert download.value.suggested_filename.startswith("conference-feedback-")
    page.get_by_role("link", name="Read the written answers").click()
    expect(page.get_by_text("Fewer people")).to_be_visible()
