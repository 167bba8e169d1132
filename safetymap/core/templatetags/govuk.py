"""Template tags for GOV.UK components; loaded in every template (see TEMPLATES builtins)."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

from safetymap.core import display, govuk_forms, paging, pickers, submissions
from safetymap.core.govuk import render_component

register = template.Library()


@register.simple_tag
def govuk_field(field: BoundField, **options: Any) -> SafeString:
    """``{% govuk_field form.email label_class="govuk-label--m" is_page_heading=True %}``"""
    return govuk_forms.field_component(field, **options)


@register.simple_tag
def govuk_error_summary(*forms_with_errors: forms.BaseForm) -> SafeString:
    """``{% govuk_error_summary form %}``: put it first in the main column."""
    return govuk_forms.error_summary(*forms_with_errors)


@register.simple_tag
def govuk(component: str, **params: Any) -> SafeString:
    """Any component with flat parameters, e.g. ``{% govuk "button" text="Save" %}``."""
    return render_component(component, params)


register.filter("govuk_date", display.govuk_date)
register.filter("govuk_datetime", display.govuk_datetime)


@register.inclusion_tag("core/_person_search.html", takes_context=True)
def person_search(context: template.Context, form: forms.BaseForm) -> dict[str, Any]:
    """``{% person_search form %}`` before the form: a GET search that narrows the form's
    people pickers (core/pickers.py), shown only when a picker does not list everyone."""
    request = context.get("request")
    return {"box": pickers.search_box(form, request) if request and form else None}


@register.simple_tag(takes_context=True)
def submission_key(context: template.Context) -> SafeString:
    """``{% submission_key %}`` beside ``{% csrf_token %}``: the form's one-time key, so sending
    it twice does it once (core/submissions.py)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:  # only a signed-in person's form is kept
        return SafeString("")
    return format_html(
        '<input type="hidden" name="{}" value="{}">',
        submissions.FIELD_NAME,
        submissions.key_for_form(request),
    )


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, page: paging.KeysetPage, which: str) -> str:
    """``{% page_query page "next" %}``: a keyset page's link, the other GET parameters kept."""
    return paging.page_query(context["request"].GET, page, which)
