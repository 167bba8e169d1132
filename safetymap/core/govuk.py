"""Render GOV.UK Frontend components from Python.

The markup comes from govuk-frontend-jinja, the maintained Jinja port of GOV.UK Frontend's own
Nunjucks macros, so our HTML is the design system's HTML. We keep one Jinja environment and one
compiled template per component for the life of the process: govuk-frontend-django builds a new
environment on every render, which measured 30 ms per component here against under 1 ms this way
(see bench/render_forms.py).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from django.utils.safestring import SafeString, mark_safe

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PrefixLoader(
        {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
    ),
    autoescape=True,
    undefined=jinja2.ChainableUndefined,
)


def _macro_name(component: str) -> str:
    return "govuk" + "".join(part.capitalize() for part in component.split("-"))


@cache
def _template(component: str) -> jinja2.Template:
    macro = _macro_name(component)
    return _ENVIRONMENT.from_string(
        f"{{%- from 'govuk_frontend_jinja/components/{component}/macro.html' import {macro} -%}}"
        f"{{{{ {macro}(params) }}}}"
    )


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_without_none(v) for v in value]
    return value


def render_component(component: str, params: dict[str, Any]) -> SafeString:
    """Render one component, e.g. ``render_component("button", {"text": "Save"})``.

    Text parameters are escaped by the macros; ``html`` parameters must already be safe.
    """
    html = _template(component).render(params=_without_none(params))
    return mark_safe(html)  # noqa: S308 - the macros escape every text parameter
