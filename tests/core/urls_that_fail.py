from django.urls import path

from config.urls import handler404, handler500, urlpatterns as real_urlpatterns  # noqa: F401


def explode(request):
    raise RuntimeError("secret-detail that must never reach the browser")


urlpatterns = [path("accessibility/explode/", explode), *real_urlpatterns]
