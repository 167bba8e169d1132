from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess


def _stored_file() -> dict:
    from safetymap.uploads.models import StoredFile
    from tests.factories import ChildFactory, UserFactory

    stored = StoredFile.objects.create(
        child=ChildFactory(),
        uploaded_by=UserFactory(),
        purpose="test",
        content_type="image/png",
        size=1,
        sha256="0" * 64,
        width=1,
        height=1,
        storage_name="0" * 32 + ".png",
    )
    return {"pk": stored.pk}


ACCESS = UrlAccess(
    needs_capability={"uploads:file": Capability.USE_CASE_WORK},
    real_object={"uploads:file": _stored_file},
    made_up={"uploads:file": {"pk": 999_999}},
    needs_a_relationship=frozenset({"uploads:file"}),
)
