from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as real_urlpatterns


def explode(request):
    raise RuntimeError("secret-detail that must never reach the browser")


urlpatterns = [path("accessibility/explode/", explode), *real_urlpatterns]
