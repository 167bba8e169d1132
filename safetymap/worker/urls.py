from django.urls import path

from safetymap.worker import views

app_name = "worker"

urlpatterns = [
    path("system/background-work/", views.background_work, name="background-work"),
]
