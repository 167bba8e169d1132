from django.urls import path

from safetymap.access import views

app_name = "access"

urlpatterns = [
    path("emergency-access/", views.emergency_open, name="emergency-open"),
    path("children/<int:pk>/restrict/", views.restrict, name="restrict"),
    path("out-of-hours-duty/", views.duty_rota, name="duty-rota"),
    path("out-of-hours-duty/add/", views.duty_shift_add, name="duty-shift-add"),
    path("out-of-hours-duty/<int:pk>/end/", views.duty_shift_end, name="duty-shift-end"),
    path("access-reports/emergency-access/", views.emergency_list, name="emergency-list"),
    path(
        "access-reports/emergency-access/<int:pk>/review/",
        views.emergency_review,
        name="emergency-review",
    ),
]
