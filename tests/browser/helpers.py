from __future__ import annotations

import re

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


def choose_person(page: Page, label: str, name: str, *, typed: str | None = None) -> None:
    """Choose someone in a people picker (safetymap/core/pickers.py, enhanced into GOV.UK's
    accessible autocomplete) as a keyboard user does: type part of the name, move down the
    suggestions to the one starting with ``name``, press Enter."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.fill("")
    box.press_sequentially(typed or name[:3])
    listbox = page.locator(f"#{box.get_attribute('id')}__listbox")
    wanted = listbox.get_by_role("option", name=re.compile("^" + re.escape(name)))
    expect(wanted.first).to_be_visible()
    # The highlighted suggestion is the one Enter chooses: the first, as typed, then the one
    # the arrow keys move to.
    highlighted = re.compile(r"\bautocomplete__option--focused\b")
    for _ in range(listbox.get_by_role("option").count() + 1):
        if highlighted.search(wanted.first.get_attribute("class") or ""):
            break
        page.keyboard.press("ArrowDown")
    expect(wanted.first).to_have_class(highlighted)
    page.keyboard.press("Enter")
    expect(box).to_have_value(re.compile("^" + re.escape(name)))
