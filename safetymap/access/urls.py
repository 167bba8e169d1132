from django.urls import path

from safetymap.access import views

app_name = "access"

urlpatterns = [
    path("emergency-access/", views.emergency_open, name="emergency-open"),
    path("children/<int:pk>/restrict/", views.restrict, name="restrict"),
    path("access-reports/emergency-access/", views.emergency_list, name="emergency-list"),
    path(
        "access-reports/emergency-access/<int:pk>/review/",
        views.emergency_review,
        name="emergency-review",
    ),
]
