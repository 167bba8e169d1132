"""Editors' rich text: one whitelist, applied on every save, and GOV.UK classes when shown.

Wagtail's editor (Draftail) keeps only the features it is given, but text saved another way (the
API, a script, the demo) would reach the page as stored. ``sanitise`` puts any HTML through the
same conversion the editor uses, so whatever is saved holds only the whitelisted elements: no
script, no style, no event attributes, no other element.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.conf import settings
from django.utils.html import escape

DROPPED_WITH_CONTENT = [
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "template",
    "noscript",
    "svg",
    "math",
]
GOVUK_CLASSES = {
    "p": "govuk-body",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
}


def features() -> list[str]:
    return list(settings.SAFETYMAP_RICH_TEXT_FEATURES)


def sanitise(html: str) -> str:
    """The stored form of ``html`` with only the whitelisted features kept."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    if not html:
        return ""
    # Normalise first (void elements closed, unclosed ones ended) and drop elements whose
    # content is not text, so no script or style survives even as words.
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(DROPPED_WITH_CONTENT):
        element.decompose()
    converter = ContentstateConverter(features())
    try:
        return converter.to_database_format(converter.from_database_format(str(soup)))
    except Exception:  # noqa: BLE001 - markup the converter cannot follow: keep the words only
        return "".join(
            f"<p>{escape(line)}</p>" for line in soup.get_text("\n").splitlines() if line.strip()
        )


def as_govuk(html: str) -> str:
    """Stored rich text as HTML with GOV.UK Frontend's classes on each element.

    Links to other pages and documents are expanded by Wagtail first."""
    from wagtail.rich_text import expand_db_html

    soup = BeautifulSoup(expand_db_html(html or ""), "html.parser")
    for name, classes in GOVUK_CLASSES.items():
        for element in soup.find_all(name):
            element["class"] = classes
    return str(soup)
