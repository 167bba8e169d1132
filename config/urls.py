from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from safetymap.core import views as core_views

urlpatterns = [
    path("", include("safetymap.accounts.urls")),
    path("", include("safetymap.core.urls")),
    path("", include("safetymap.people.urls")),
    path("", include("safetymap.cases.urls")),
    path("", include("safetymap.mapping.urls")),
    path("", include("safetymap.partnership.urls")),
    path("", include("safetymap.uploads.urls")),
    path("", include("safetymap.voice.urls")),
    path("", include("safetymap.safety.urls")),
    path("", include("safetymap.feedback.urls")),
    path("", include("safetymap.conferences.urls")),
    path("", include("safetymap.audit.urls")),
    path("", include("safetymap.access.urls")),
    path("", include("safetymap.retention.urls")),
    path("", include("safetymap.worker.urls")),
    # The partnership's public pages (Wagtail). The admin is behind the editors' gate
    # (safetymap.partnership.middleware); documents and images are public, under /partnership/.
    path("editor/", include(wagtailadmin_urls)),
    path("partnership/documents/", include(wagtaildocs_urls)),
    re_path(
        r"^partnership/images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        ServeView.as_view(),
        name="wagtailimages_serve",
    ),
    path("partnership/", include(wagtail_urls)),  # last: every other path under /partnership/
]
if settings.DEBUG:
    # Development only: the editors' admin shows thumbnails from /media/ (docs/partnership.md).
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler404 = core_views.page_not_found
handler500 = core_views.server_error
handler403 = core_views.permission_denied
handler400 = core_views.bad_request
