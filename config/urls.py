from django.urls import include, path

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
    path("", include("safetymap.conferences.urls")),
    path("", include("safetymap.audit.urls")),
    path("", include("safetymap.access.urls")),
]

handler404 = core_views.page_not_found
handler500 = core_views.server_error
handler403 = core_views.permission_denied
handler400 = core_views.bad_request
