"""In a real browser: every role signs in and reaches My work; errors are shown the GOV.UK way."""

from __future__ import annotations

from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from safetymap.accounts.roles import Role
from safetymap.accounts.second_step import new_backup_codes
from safetymap.accounts.services import issue_set_up_link
from tests.browser.helpers import sign_in
from tests.factories import UserFactory


def test_wrong_password_shows_the_error_summary_and_links_to_the_field(page: Page):
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(page.locator(".govuk-error-summary")).to_be_focused()  # GOV.UK Frontend does this
    summary.get_by_role("link", name="Enter a correct email address and password").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    expect(page).to_have_title("Error: Sign in – Safetymap – Larkford Borough Council")


def test_sign_in_works_by_keyboard_alone(page: Page):
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    code = new_backup_codes(person)[0]  # as written down when the account was set up
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")  # focus moves to the main content
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(person.email)
    page.keyboard.press("Tab")
    page.keyboard.type("Test-password-for-fictional-people")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    field = page.get_by_label("Security code")
    for _ in range(8):  # the field is reached by Tab alone, a few stops in
        page.keyboard.press("Tab")
        if field.evaluate("element => element === document.activeElement"):
            break
    expect(field).to_be_focused()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def test_a_first_sign_in_sets_up_the_authenticator_app_with_the_set_up_link(page: Page):
    person = UserFactory(roles=[Role.TEAM_MANAGER])
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    issued = issue_set_up_link(by=admin, account=person)  # given to the person by their admin
    page.goto(issued.url.removeprefix(settings.SAFETYMAP_BASE_URL))
    expect(page.get_by_text("then set up your security codes")).to_be_visible()
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill("Test-password-for-fictional-people")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Set up your security codes")).to_be_visible()
    expect(page.get_by_text("Key to type in")).to_be_visible()
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Security code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Keep your backup codes safe")).to_be_visible()
    expect(page.locator(".sm-backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def test_public_pages_and_the_404(page: Page):
    page.goto("/accessibility/")
    expect(
        page.get_by_role("heading", name="Accessibility statement for Safetymap")
    ).to_be_visible()
    page.goto("/privacy/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("How Safetymap uses information")
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    sign_in(page, person.email)
    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_the_timeout_warning_offers_to_stay_signed_in(page: Page, settings):
    settings.SAFETYMAP_IDLE_TIMEOUT_MINUTES = 1  # so the warning shows at once
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    sign_in(page, person.email)
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def test_without_a_set_up_link_the_set_up_page_says_who_to_ask(page: Page):
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill("Test-password-for-fictional-people")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="You need a set-up link")).to_be_visible()
    expect(page.get_by_text("Ask your organisation's system administrator")).to_be_visible()
    page.locator("#main-content").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
