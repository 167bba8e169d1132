from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path: Path) -> Path:
    """Each audit test keeps its checkpoints apart: a checkpoint outlives the test's database."""
    settings.SAFETYMAP_AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
    return settings.SAFETYMAP_AUDIT_CHECKPOINT_DIR
