from django.urls import path

from safetymap.partnership import views

app_name = "partnership"

# /partnership/ is public (no sign-in): only the briefing request form and its confirmation live
# there. Everything else needs a signed-in person and, mostly, a capability.
urlpatterns = [
    path("partnership/request-a-briefing/", views.briefing_request, name="briefing-request"),
    path(
        "partnership/request-a-briefing/sent/",
        views.briefing_request_sent,
        name="briefing-request-sent",
    ),
    path("briefing-requests/", views.briefing_requests, name="briefing-requests"),
    path(
        "briefing-requests/<int:pk>/",
        views.briefing_request_detail,
        name="briefing-request-detail",
    ),
    path("briefing-requests/<int:pk>/schedule/", views.briefing_schedule, name="briefing-schedule"),
    path(
        "briefing-requests/<int:pk>/delivered/",
        views.briefing_delivered,
        name="briefing-delivered",
    ),
    path("briefing-requests/<int:pk>/decline/", views.briefing_decline, name="briefing-decline"),
    path("training/", views.sessions, name="sessions"),
    path("training/my-record/", views.my_training, name="my-training"),
    path("training/approvals/", views.booking_approvals, name="booking-approvals"),
    path("training/bookings/<int:pk>/decide/", views.booking_decide, name="booking-decide"),
    path("training/courses/new/", views.course_new, name="course-new"),
    path("training/sessions/new/", views.session_new, name="session-new"),
    path("training/sessions/<int:pk>/", views.session_detail, name="session"),
    path("training/sessions/<int:pk>/book/", views.session_book, name="session-book"),
    path("training/sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path(
        "training/sessions/<int:pk>/add-person/",
        views.session_add_attendee,
        name="session-add-attendee",
    ),
    path(
        "training/sessions/<int:pk>/attendance/",
        views.session_attendance,
        name="session-attendance",
    ),
    path(
        "training/sessions/<int:pk>/attendance.csv",
        views.session_export,
        name="session-export",
    ),
    path("programme/dashboard/", views.dashboard, name="dashboard"),
    path("programme/dashboard.csv", views.dashboard_export, name="dashboard-export"),
    path("stories/", views.stories, name="stories"),
    path("stories/new/", views.story_new, name="story-new"),
    path("stories/moderation/", views.story_moderation, name="story-moderation"),
    path("stories/<int:pk>/", views.story_detail, name="story"),
    path("stories/<int:pk>/moderate/", views.story_moderate, name="story-moderate"),
]
