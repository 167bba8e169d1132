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

    def filled(self, words: str, on: datetime.date) -> dict[str, object]:
        """Every empty control given something a person could give: ``words`` in text, ``on``
        in dates, the first real choice in lists, the first box ticked."""
        data = self.sent()
        for control in self.controls.values():
            if control.disabled or control.kind in {"hidden", "file", "submit"}:
                continue
            if control.kind in {"select", "radio"} and not control.chosen:
                real = [option for option in control.options if option]
                if real:
                    data[control.name] = real[0]
            elif control.kind == "checkbox" and not control.chosen and control.options:
                data[control.name] = [control.options[0]]
            elif control.value:
                continue
            elif control.name.endswith("-day") or control.name.endswith("_day"):
                data[control.name] = str(on.day)
            elif control.name.endswith("-month") or control.name.endswith("_month"):
                data[control.name] = str(on.month)
            elif control.name.endswith("-year") or control.name.endswith("_year"):
                data[control.name] = str(on.year)
            elif control.kind == "date":
                data[control.name] = on.isoformat()
            elif control.kind == "time":
                data[control.name] = "10:00"
            elif control.kind == "number":
                data[control.name] = "1"
            elif control.kind == "email":
                data[control.name] = "someone@fictional.example"
            elif control.kind in {"text", "textarea", "search", "tel", "url"}:
                data[control.name] = words[: control.max_length or None]
        return data

    def text_controls(self) -> list[Control]:
        """Free-text controls a person could change the words of."""
        return [
            control
            for control in self.controls.values()
            if control.kind in {"text", "textarea"}
            and not control.disabled
            and "search" not in control.name
            and not control.name.endswith(("-day", "-month", "-year", "_day", "_month", "_year"))
        ]


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
