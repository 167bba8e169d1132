"""One configured base URL starts every absolute link: emails, Wagtail's admin, the Atom feed."""

from __future__ import annotations

from django.conf import settings


def test_wagtail_admin_links_start_with_the_one_configured_base_url():
    # config/settings.py once defined SAFETYMAP_BASE_URL twice, and Wagtail read the first.
    assert settings.WAGTAILADMIN_BASE_URL == settings.SAFETYMAP_BASE_URL
