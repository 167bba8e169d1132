"""How long GOV.UK components take to render: our cached environment against
govuk-frontend-django's approach of a new Jinja environment per render.

    make bench

Prints a table; not a timed test. govuk-frontend-django is not a dependency: when it is not
installed, only our own figures are printed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

import jinja2  # noqa: E402
from django import forms  # noqa: E402

from safetymap.core.govuk import render_component  # noqa: E402
from safetymap.core.govuk_forms import GovukDateField, error_summary  # noqa: E402

ROUNDS = 200


class TenFieldForm(forms.Form):
    name = forms.CharField(label="Full name")
    known_as = forms.CharField(label="Known as", required=False)
    email = forms.EmailField(label="Email")
    notes = forms.CharField(label="What happened", widget=forms.Textarea, max_length=2000)
    position = forms.ChoiceField(
        label="Family's position",
        choices=[("AGREE", "Agrees"), ("PARTLY", "Partly agrees"), ("DISAGREE", "Disagrees")],
        widget=forms.RadioSelect,
    )
    who = forms.MultipleChoiceField(
        label="Who is worried",
        choices=[(str(i), f"Agency {i}") for i in range(8)],
        widget=forms.CheckboxSelectMultiple,
    )
    need = forms.ChoiceField(label="Primary need", choices=[(f"N{i}", f"N{i}") for i in range(10)])
    date_of_birth = GovukDateField(label="Date of birth")
    told = forms.BooleanField(label="Family told", required=False)
    letter = forms.FileField(label="Letter", required=False)


def per_call_ms(function, rounds: int = ROUNDS) -> float:
    function()  # warm caches
    started = time.perf_counter()
    for _ in range(rounds):
        function()
    return (time.perf_counter() - started) / rounds * 1000


def uncached_input() -> str:
    """What govuk-frontend-django does: a new environment (and compile) for every render."""
    env = jinja2.Environment(
        loader=jinja2.PrefixLoader(
            {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
        ),
        autoescape=True,
    )
    template = env.from_string(
        "{%- from 'govuk_frontend_jinja/components/input/macro.html' import govukInput -%}"
        "{{ govukInput(params) }}"
    )
    return template.render(params={"name": "email", "id": "email", "label": {"text": "Email"}})


def main() -> None:
    params = {"name": "email", "id": "email", "label": {"text": "Email"}}
    invalid = TenFieldForm(data={})
    invalid.is_valid()
    rows = [
        (
            "one input, cached environment (ours)",
            per_call_ms(lambda: render_component("input", params)),
        ),
        ("one input, new environment per render", per_call_ms(uncached_input, rounds=20)),
        ("ten-field form, blank", per_call_ms(lambda: str(TenFieldForm()), rounds=50)),
        (
            "ten-field form with errors + summary",
            per_call_ms(lambda: (str(invalid), error_summary(invalid)), rounds=50),
        ),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'what':<{width}}  ms per render")
    for name, ms in rows:
        print(f"{name:<{width}}  {ms:10.2f}")
    print(f"\nnew environment / cached: {rows[1][1] / rows[0][1]:.0f}x slower")


if __name__ == "__main__":
    main()
