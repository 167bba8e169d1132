"""Django form fields as GOV.UK Design System components.

Every form in Safetymap renders through here, either with ``{{ form }}`` (the project's form
renderer uses the templates in core/templates/core/forms/) or field by field with
``{% govuk_field form.name %}``. Errors are shown on the field and listed in the error summary
with a link to the first input of the field, as the design system asks.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import SafeString

from safetymap.core import pickers
from safetymap.core.govuk import render_component


class GovukFormRenderer(TemplatesSetting):
    """Makes ``{{ form }}`` and ``{{ form.field.as_field_group }}`` produce GOV.UK markup."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


# --- Date input as day, month and year ---------------------------------------------------------

DATE_PARTS = ("day", "month", "year")


class GovukDateWidget(forms.MultiWidget):
    """Three text boxes for day, month and year (the GOV.UK date input pattern)."""

    template_name = "core/forms/date_widget.html"  # only used if rendered outside govuk_field

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets, attrs)

    parts = DATE_PARTS

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str | None]:
        # The GOV.UK macro names the inputs "<name>-day", "<name>-month" and "<name>-year".
        return [data.get(f"{name}-{part}") for part in self.parts]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}-{part}" not in data for part in self.parts)

    def decompress(self, value: datetime.date | None) -> list[Any]:
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]


@dataclass(frozen=True)
class DateProblem:
    message: str
    parts: tuple[str, ...]  # the boxes to highlight; the error summary links to the first


def date_problem(
    label: str, value: list[str | None] | None, *, required: bool
) -> DateProblem | None:
    """What is wrong with a day/month/year entry, in the design system's words, if anything."""
    name = label.strip()
    entered = dict(
        zip(DATE_PARTS, [(part or "").strip() for part in (value or ["", "", ""])], strict=True)
    )
    if not any(entered.values()):
        return DateProblem(f"Enter {name.lower()}", DATE_PARTS) if required else None
    missing = tuple(part for part in DATE_PARTS if not entered[part])
    if missing:
        return DateProblem(f"{name} must include a {' and a '.join(missing)}", missing)
    not_numbers = tuple(part for part in DATE_PARTS if not entered[part].isdigit())
    if not_numbers:
        return DateProblem(f"{name} must be a real date", not_numbers)
    if len(entered["year"]) != 4:
        return DateProblem("Year must include 4 numbers", ("year",))
    try:
        datetime.date(int(entered["year"]), int(entered["month"]), int(entered["day"]))
    except ValueError:
        return DateProblem(f"{name} must be a real date", DATE_PARTS)
    return None


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with the design system's error messages."""

    widget = GovukDateWidget

    def __init__(self, *, label: str | None = None, **kwargs: Any) -> None:
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(parts, require_all_fields=False, label=label, **kwargs)

    def clean(self, value: list[str] | None) -> datetime.date | None:
        problem = date_problem(str(self.label or "Date"), value, required=self.required)
        if problem:
            raise forms.ValidationError(problem.message, code="invalid")
        if not any((part or "").strip() for part in value or []):
            return None
        day, month, year = (int(part) for part in value)  # type: ignore[union-attr]
        return datetime.date(year, month, day)

    def compress(self, data_list: list[Any]) -> Any:  # clean() above does the work
        return data_list


# --- Rendering a field -------------------------------------------------------------------------


def _date_values(field: BoundField) -> list[Any]:
    raw = field.value()
    return list(raw) if isinstance(raw, list | tuple) else field.field.widget.decompress(raw)


def _date_parts_in_error(field: BoundField) -> tuple[str, ...]:
    """Only the boxes that are wrong are highlighted (all three when the date as a whole is)."""
    if not field.errors:
        return ()
    problem = date_problem(str(field.label), _date_values(field), required=field.field.required)
    return problem.parts if problem else DATE_PARTS


def _label(field: BoundField, options: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": str(field.label),
        "classes": options.get("label_class"),
        "isPageHeading": bool(options.get("is_page_heading")),
    }


def _legend(field: BoundField, options: dict[str, Any]) -> dict[str, Any]:
    return {
        "fieldset": {
            "legend": {
                "text": str(field.label),
                "classes": options.get("label_class", "govuk-fieldset__legend--s"),
                "isPageHeading": bool(options.get("is_page_heading")),
            }
        }
    }


def _common(field: BoundField, options: dict[str, Any]) -> dict[str, Any]:
    hint = options.get("hint", field.help_text)
    params: dict[str, Any] = {
        "name": field.html_name,
        "hint": {"text": str(hint)} if hint else None,
        "errorMessage": {"text": " ".join(str(e) for e in field.errors)} if field.errors else None,
        "classes": options.get("classes"),
        "formGroup": {"classes": options["form_group_class"]}
        if "form_group_class" in options
        else None,
    }
    return params


def _attributes(field: BoundField) -> dict[str, Any]:
    """Widget attributes the component has no parameter for (e.g. maxlength, min)."""
    attrs = dict(field.field.widget.attrs)
    handled_by_component = (
        "class",
        "id",
        "autocomplete",
        "spellcheck",
        "inputmode",
        "maxlength",
        "rows",
        "cols",
    )
    for handled in handled_by_component:
        attrs.pop(handled, None)
    if field.field.required and not isinstance(field.field.widget, forms.CheckboxSelectMultiple):
        # The design system marks optional fields in the label instead of using `required`,
        # so the browser's own (inaccessible) validation bubbles never appear.
        attrs.pop("required", None)
    return attrs


def _choices(field: BoundField) -> Iterable[tuple[str, str]]:
    if isinstance(field.field, pickers.Picker):  # a bounded list of people (core/pickers.py)
        yield from field.field.choices_for(field.value())[0]
        return
    for value, label in field.field.choices:
        yield ("" if value is None else str(value), str(label))


def _picker_options(field: BoundField, params: dict[str, Any]) -> dict[str, Any]:
    """A people picker says how many it shows out of how many, in its hint."""
    if not isinstance(field.field, pickers.Picker):
        return {}
    shown = field.field.shown(field.value())
    if not shown.summary:
        return {}
    hint = params["hint"]["text"].rstrip(".") + ". " if params.get("hint") else ""
    attributes = dict(params.get("attributes") or {})
    if shown.truncated and isinstance(field.field.widget, forms.Select):
        # What the autocomplete says when nobody it lists matches what was typed.
        attributes["data-no-results"] = "Nobody listed matches: search by name above"
    return {"hint": {"text": hint + shown.summary}, "attributes": attributes}


def _selected_values(field: BoundField) -> set[str]:
    value = field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


def field_component(field: BoundField, **options: Any) -> SafeString:
    """The GOV.UK component for one bound field."""
    widget = field.field.widget
    field_id = field.auto_id or f"id_{field.html_name}"
    params = _common(field, options)
    attrs = widget.attrs

    if isinstance(field.field, GovukDateField):
        values = _date_values(field)
        wrong = _date_parts_in_error(field)
        prefix = options.get("autocomplete_prefix")  # e.g. "bday" for a date of birth
        params.update(_legend(field, options))
        params.update(
            {
                "id": field_id,
                "namePrefix": field.html_name,
                "items": [
                    {
                        "name": part,
                        "label": part.capitalize(),
                        "id": f"{field_id}_{part}",
                        "value": "" if value is None else str(value),
                        "classes": (
                            "govuk-input--width-4" if part == "year" else "govuk-input--width-2"
                        )
                        + (" govuk-input--error" if part in wrong else ""),
                        "autocomplete": f"{prefix}-{part}" if prefix else None,
                    }
                    for part, value in zip(DATE_PARTS, values, strict=True)
                ],
            }
        )
        params.pop("name")
        return render_component("date-input", params)

    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        selected = _selected_values(field)
        params.update(_legend(field, options))
        params.update(_picker_options(field, params))
        params["idPrefix"] = field_id
        params["items"] = [
            {"value": value, "text": label, "checked": value in selected}
            for value, label in _choices(field)
        ]
        # CheckboxSelectMultiple is a subclass of RadioSelect in Django, so test for it first.
        is_checkboxes = isinstance(widget, forms.CheckboxSelectMultiple)
        component = "checkboxes" if is_checkboxes else "radios"
        return render_component(component, params)

    if isinstance(widget, forms.CheckboxInput):
        params["idPrefix"] = field_id
        params["items"] = [
            {
                "value": "on",
                "text": str(field.label),
                "checked": bool(field.value()),
                "id": field_id,
            }
        ]
        return render_component("checkboxes", params)

    if isinstance(widget, forms.Select):
        selected = _selected_values(field)
        params.update(
            {
                "id": field_id,
                "label": _label(field, options),
                "items": [
                    {"value": value, "text": label, "selected": value in selected}
                    for value, label in _choices(field)
                ],
                "attributes": _attributes(field),
            }
        )
        params.update(_picker_options(field, params))
        return render_component("select", params)

    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        params.update(
            {"id": field_id, "label": _label(field, options), "attributes": _attributes(field)}
        )
        return render_component("file-upload", params)

    value = field.value()
    text_value = "" if value is None else str(value)
    if isinstance(widget, forms.Textarea):
        max_length = getattr(field.field, "max_length", None)
        params.update(
            {
                "id": field_id,
                "label": _label(field, options),
                "value": text_value,
                # Django gives every textarea rows="10"; the design system's default is 5.
                "rows": options.get("rows")
                or (5 if attrs.get("rows") == "10" else attrs.get("rows")),
                "spellcheck": True,
                "attributes": _attributes(field),
            }
        )
        if max_length:
            params["maxlength"] = max_length
            return render_component("character-count", params)
        return render_component("textarea", params)

    if isinstance(widget, forms.PasswordInput):
        params.update(
            {
                "id": field_id,
                "label": _label(field, options),
                "autocomplete": attrs.get("autocomplete", "current-password"),
                "attributes": _attributes(field),
            }
        )
        return render_component("password-input", params)

    if isinstance(widget, forms.widgets.Input):
        input_type = widget.input_type
        params.update(
            {
                "id": field_id,
                "label": _label(field, options),
                "type": "text" if input_type == "number" else input_type,
                "inputmode": attrs.get("inputmode")
                or ("numeric" if input_type == "number" else None),
                "value": text_value,
                "autocomplete": attrs.get("autocomplete"),
                "spellcheck": False if input_type in {"email", "url"} else attrs.get("spellcheck"),
                "attributes": _attributes(field),
            }
        )
        return render_component("input", params)

    raise TypeError(
        f"{field.html_name}: no GOV.UK component for {type(widget).__name__}; "
        "add one to safetymap/core/govuk_forms.py"
    )


# --- Error summary -----------------------------------------------------------------------------


def _first_input_id(field: BoundField) -> str:
    """The id the error summary links to: the first input of the field."""
    field_id = field.auto_id or f"id_{field.html_name}"
    if isinstance(field.field, GovukDateField):
        wrong = _date_parts_in_error(field) or DATE_PARTS
        return f"{field_id}_{wrong[0]}"
    return field_id


first_input_id = _first_input_id  # for a page that builds its own error summary


def error_summary(*forms_with_errors: forms.BaseForm) -> SafeString:
    """The error summary for one or more forms, or nothing when they have no errors."""
    items: list[dict[str, str]] = []
    for form in forms_with_errors:
        for message in form.non_field_errors():
            items.append({"text": str(message)})
        for field in form:
            for message in field.errors:
                if field.is_hidden:
                    # Nothing on the page to move to: say which field, without a link.
                    items.append({"text": f"{field.label}: {message}"})
                else:
                    items.append({"text": str(message), "href": f"#{_first_input_id(field)}"})
    if not items:
        return SafeString("")
    return render_component(
        "error-summary", {"titleText": "There is a problem", "errorList": items}
    )


# --- Field shorthands used across the service's forms ------------------------------------------


def text_area(
    label: str,
    *,
    required: bool = True,
    hint: str = "",
    message: str = "",
    rows: int = 5,
    max_length: int = 5000,
) -> forms.CharField:
    """A textarea field, marked "(optional)" when it is, with a plain 'Enter …' message."""
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=hint,
        error_messages={
            "required": message or f"Enter {label[0].lower() + label[1:].rstrip('?')}",
            "max_length": too_long(label, max_length),
        },
    )


def too_long(label: str, max_length: int) -> str:
    """The design system's words for text over its limit."""
    return f"{label.rstrip('?')} must be {max_length} characters or fewer"


def council_reference(label: str = "The child's council reference") -> forms.CharField:
    """The child's council reference (LA child ID), typed in: emergency access, legal holds."""
    return forms.CharField(
        label=label,
        help_text="For example, LRK0000301",
        max_length=20,
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "max_length": too_long(label, 20),
        },
    )


def date_field(label: str, **kwargs: Any) -> GovukDateField:
    """A day/month/year date with the usual example as its hint."""
    kwargs.setdefault("help_text", "For example, 27 11 2026")
    return GovukDateField(label=label, **kwargs)
