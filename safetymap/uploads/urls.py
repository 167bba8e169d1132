from django.urls import path

from safetymap.uploads import views

app_name = "uploads"

urlpatterns = [
    path("files/<int:pk>/", views.serve, name="file"),
]
