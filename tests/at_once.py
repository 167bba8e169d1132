"""Sending requests at the same moment, as two people (or one double click) do."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection, connections


def at_once(sends: list[Callable[[], object]]) -> list:
    """Each call at the same moment, in its own thread with its own database connection, on
    PostgreSQL (the rows they need must be committed: a transactional test). SQLite's test
    database lives in memory, so there the calls are made in turn."""
    if connection.vendor == "sqlite":
        return [send() for send in sends]
    barrier = threading.Barrier(len(sends))
    answers: list = [None] * len(sends)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            answers[index] = sends[index]()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sends))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def put_back_the_starting_data() -> None:
    """A test that commits (for threads) leaves the tables emptied after it, the starting data
    the migrations put in included: put back what the forms need (the retention schedules;
    roles' groups come back by themselves, from post_migrate)."""
    from importlib import import_module

    from django.apps import apps

    import_module("safetymap.retention.migrations.0002_starting_schedules").seed(apps, None)
