"""A task for the worker tests: sends one email under the key it is given."""

from __future__ import annotations

from django_tasks import task

from safetymap.worker.mail import send_once


@task()
def note(key: str) -> bool:
    return send_once(key, f"Test note {key}", "A fictional note.", ["someone@fictional.example"])
