from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from safetymap.partnership.rich_text import as_govuk

register = template.Library()


@register.filter
def govuk_richtext(value: str) -> SafeString:
    """Rich text from the editors, already sanitised on save (rich_text.sanitise), with GOV.UK
    classes added."""
    return mark_safe(as_govuk(str(value or "")))  # noqa: S308 - whitelisted on save
