import pytest


@pytest.fixture(autouse=True)
def upload_root(settings, tmp_path):
    """Each test keeps its uploads in a folder of its own."""
    settings.SAFETYMAP_UPLOAD_ROOT = tmp_path / "uploads"
    return settings.SAFETYMAP_UPLOAD_ROOT
