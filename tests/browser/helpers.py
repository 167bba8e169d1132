from __future__ import annotations

from playwright.sync_api import Page, expect

from safetymap.accounts.models import User
from safetymap.accounts.second_step import new_backup_codes
from tests.factories import PASSWORD


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the pages, both steps: the password, then a backup code (fresh codes are
    issued to the account here, as its owner would have them written down)."""
    code = new_backup_codes(User.objects.get(email__iexact=email))[0]
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
