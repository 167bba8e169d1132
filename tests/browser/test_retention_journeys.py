"""In a real browser: a privacy officer places a legal hold, and reviews a record that is due."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from safetymap.accounts.roles import Role
from safetymap.retention.models import DisposalReview, LegalHold
from tests.browser.helpers import sign_in
from tests.factories import UserFactory, due_for_disposal


def test_hold_one_record_and_approve_another(page: Page):
    officer = UserFactory(roles=[Role.PRIVACY_OFFICER])
    held, due = due_for_disposal(), due_for_disposal()
    sign_in(page, officer.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Retention").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Records due for disposal")
    page.get_by_role("link", name="Legal holds").click()
    page.get_by_role("link", name="Place a legal hold").click()
    page.get_by_label("The child's council reference").fill(held.la_child_id)
    page.get_by_role("radio", name="A public or statutory inquiry").check()
    page.get_by_role("button", name="Place the hold").click()
    expect(page.get_by_text(f"Record {held.la_child_id} is on legal hold.")).to_be_visible()
    page.get_by_role("link", name="Records due").click()
    expect(page.get_by_text(held.la_child_id)).to_have_count(0)
    page.get_by_role("link", name=f"Review record {due.la_child_id}").click()
    page.get_by_role("radio", name="Approve for destruction").check()
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_text("Approved, waiting to be destroyed")).to_be_visible()
    assert LegalHold.objects.get().child == held
    assert DisposalReview.objects.get().child == due
