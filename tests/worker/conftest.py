from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A real worker process shares the test's database, which it can reach only on PostgreSQL
    # (the SQLite test database lives in the test process's memory): these run in the
    # PostgreSQL part of `make test`, like the browser tests (scripts/run_tests.py).
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).name == "test_real_worker.py" and here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.postgresql)
