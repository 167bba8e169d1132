from django.urls import path

from safetymap.audit import views

app_name = "audit"

urlpatterns = [
    path("access-reports/child/", views.child_access_report, name="child-access"),
    path("access-reports/users/<int:pk>/", views.user_activity_report, name="user-activity"),
]
