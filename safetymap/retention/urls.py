from django.urls import path

from safetymap.retention import views

app_name = "retention"

urlpatterns = [
    path("retention/", views.due, name="due"),
    path("retention/records/<int:pk>/review/", views.review, name="review"),
    path("retention/records/<int:pk>/destroy/", views.destroy, name="destroy"),
    path("retention/holds/", views.holds, name="holds"),
    path("retention/holds/new/", views.hold_place, name="hold-place"),
    path("retention/holds/<int:pk>/release/", views.hold_release, name="hold-release"),
    path("retention/schedules/", views.schedules, name="schedules"),
    path("retention/schedules/<int:pk>/change/", views.schedule_change, name="schedule-change"),
    path("retention/disposals/", views.disposals, name="disposals"),
]
