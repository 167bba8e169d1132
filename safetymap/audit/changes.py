"""What a form changed, as the audit trail keeps it: each field's value before and after."""

from __future__ import annotations

from typing import Any

from django import forms


def _as_text(field: forms.Field, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(field, forms.ModelMultipleChoiceField):
        # Chosen objects (after) or their keys (before): named, in a steady order.
        keys = [getattr(item, "pk", item) for item in value]
        chosen = field.queryset.model._default_manager.filter(pk__in=keys)
        return ", ".join(sorted(str(item) for item in chosen))
    if isinstance(field, forms.ModelChoiceField) and not hasattr(value, "pk"):
        value = field.queryset.model._default_manager.filter(pk=value).first() or value
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def form_changes(form: forms.BaseForm, *, creating: bool) -> dict[str, dict[str, str]]:
    """Before and after of every field the form changed; every field, for a new record."""
    names = list(form.cleaned_data) if creating else form.changed_data
    return {
        name: {
            "before": "" if creating else _as_text(form.fields[name], form[name].initial),
            "after": _as_text(form.fields[name], form.cleaned_data.get(name)),
        }
        for name in names
    }
