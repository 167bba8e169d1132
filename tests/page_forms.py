"""A page's form read as a browser reads it: what it would send, and what could be filled in.

The generated tests (tests/core/test_every_form_*.py) fill in every form of the product the way
a person would, from the page itself, so a new form is covered without being listed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Control:
    name: str
    kind: str  # text, textarea, select, radio, checkbox, hidden, date part, file, number, email…
    value: str = ""
    options: list[str] = field(default_factory=list)  # select, radio, checkbox values
    chosen: list[str] = field(default_factory=list)  # what is selected or checked now
    disabled: bool = False
    max_length: int | None = None


@dataclass
class PageForm:
    action: str
    controls: dict[str, Control] = field(default_factory=dict)
    multipart: bool = False

    def sent(self) -> dict[str, object]:
        """What the browser sends if nothing is touched."""
        data: dict[str, object] = {}
        for control in self.controls.values():
            if control.disabled or control.kind == "file":
                continue
            if control.kind in {"select", "radio", "checkbox"}:
                if control.chosen:
                    data[control.name] = (
                        control.chosen if control.kind == "checkbox" else control.chosen[0]
                    )
            else:
                data[control.name] = control.value
        return data

    def filled(self, names: set[str], words: str, on: datetime.date) -> dict[str, object]:
        """What the browser sends with the controls of these fields answered as a person
        would: ``words`` in free text (a number, a postcode… where the name asks for one),
        ``on`` in dates, the first real choice in lists, the first box ticked. A field's name
        covers its parts (a GOV.UK date's -day, -month and -year)."""
        data = self.sent()
        for control in self.controls.values():
            field_name = control.name.rsplit("-", 1)[0]
            if control.disabled or control.kind in {"hidden", "file"}:
                continue
            if control.name not in names and field_name not in names:
                continue
            data[control.name] = _answer(control, words, on)
        return data

    def text_controls(self) -> list[Control]:
        """Free-text controls a person could change the words of."""
        return [
            control
            for control in self.controls.values()
            if control.kind in {"text", "textarea"}
            and not control.disabled
            and "search" not in control.name
            and "email" not in control.name
            and not any(hint in control.name for hint in SHAPED_ANSWERS)
            and not control.name.endswith(("-day", "-month", "-year", "_day", "_month", "_year"))
        ]


# Free-text fields whose rules ask for a shape, by a word in their name.
SHAPED_ANSWERS = {
    "nhs": "9434765919",
    "postcode": "LA1 4AB",
    "urn": "123456",
    "ods": "ABC12",
    "years": "1",
    "months": "1",
    "days": "1",
    "capacity": "20",
    "phone": "01234 567890",
    # A whole day: a shift (or session) on the day the test fills it in has not yet ended,
    # whatever the time of day the test runs (an hour in the morning had, after 11:00).
    "starts_at": "00:00",
    "ends_at": "23:59",
    "time": "10:00",
    "upn": "A123456789012",
}


def _answer(control: Control, words: str, on: datetime.date) -> object:
    if control.kind in {"select", "radio"}:
        real = [option for option in control.options if option]
        return real[0] if real else ""
    if control.kind == "checkbox":
        return control.options[:1]
    part = control.name.rsplit("-", 1)[-1]
    if part in {"day", "month", "year"} and "-" in control.name:
        return str({"day": on.day, "month": on.month, "year": on.year}[part])
    if control.kind == "date":
        return on.isoformat()
    if control.kind == "number":
        return "1"
    if "email" in control.name or control.kind == "email":
        return "".join(c for c in words.lower() if c.isalnum())[:40] + "@fictional.example"
    for hint, answer in SHAPED_ANSWERS.items():
        if hint in control.name:
            return answer
    return words[: control.max_length or None]


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._select: Control | None = None
        self._option: str | None = None
        self._textarea: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = PageForm(
                action=a.get("action", ""), multipart="multipart" in a.get("enctype", "")
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or (tag in {"input", "select", "textarea"} and not a.get("name")):
            return
        disabled = "disabled" in a
        if tag == "input":
            kind = a.get("type", "text").lower()
            name = a["name"]
            if kind in {"radio", "checkbox"}:
                control = form.controls.setdefault(name, Control(name, kind, disabled=disabled))
                control.options.append(a.get("value", "on"))
                if "checked" in a:
                    control.chosen.append(a.get("value", "on"))
            elif kind not in {"submit", "button", "reset", "image"}:
                length = a.get("maxlength")
                form.controls[name] = Control(
                    name,
                    kind,
                    value=a.get("value", ""),
                    disabled=disabled,
                    max_length=int(length) if length and length.isdigit() else None,
                )
        elif tag == "select":
            self._select = form.controls[a["name"]] = Control(
                a["name"], "select", disabled=disabled
            )
        elif tag == "option" and self._select is not None:
            self._start_option(a)
        elif tag == "textarea":
            length = a.get("maxlength")
            self._textarea = form.controls[a["name"]] = Control(
                a["name"],
                "textarea",
                disabled=disabled,
                max_length=int(length) if length and length.isdigit() else None,
            )

    def _start_option(self, a: dict[str, str]) -> None:
        assert self._select is not None
        self._option = a.get("value")
        if self._option is not None:
            self._select.options.append(self._option)
            if "selected" in a:
                self._select.chosen = [self._option]

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            if self._textarea is not None and self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]  # as browsers do
            self._textarea = None


def forms_on(html: str) -> list[PageForm]:
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


def form_sent_to_itself(html: str, path: str) -> PageForm | None:
    """The page's own form (sent to the page itself), not the header's sign-out button."""
    for form in forms_on(html):
        if not form.action or form.action.split("?")[0] == path:
            return form
    return None
