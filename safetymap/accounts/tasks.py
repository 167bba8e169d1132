"""Background work for accounts. Runs in the worker (manage.py run_worker), never in a request."""

from __future__ import annotations

from django_tasks import task


@task()
def send_password_link(email: str, domain: str = "", use_https: bool = True) -> None:
    """Email a set-password link to the account with this address, if there is one.

    The request only queues this task, whatever the address: the page then takes the same time
    and does the same work for every address, so its speed cannot reveal who has an account.
    The link starts with SAFETYMAP_BASE_URL; ``domain`` and ``use_https`` are ignored (kept so
    that tasks queued before, with the request's host, still run, with the configured address).
    """
    from safetymap.accounts.forms import GovukPasswordResetForm

    form = GovukPasswordResetForm({"email": email})
    if form.is_valid():
        form.send_links()
