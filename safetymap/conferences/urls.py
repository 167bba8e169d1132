from django.urls import path

from safetymap.conferences import views

app_name = "conferences"

urlpatterns = [
    path("conferences/", views.mine, name="mine"),
    path("episodes/<int:pk>/conferences/new/", views.request_new, name="request"),
    path("conferences/<int:pk>/", views.conference, name="conference"),
    path("conferences/<int:pk>/schedule/", views.schedule, name="schedule"),
    path("conferences/<int:pk>/postpone-or-cancel/", views.stop, name="stop"),
    path("conferences/<int:pk>/invite/", views.invite_professional, name="invite-professional"),
    path("conferences/<int:pk>/invite-family/", views.invite_family, name="invite-family"),
    path("conferences/<int:pk>/ask-for-reports/", views.ask_for_reports, name="ask-for-reports"),
    path("conferences/<int:pk>/chase/", views.chase, name="chase"),
    path("conferences/<int:pk>/my-report/", views.my_report, name="my-report"),
    path("conference-reports/<int:pk>/", views.report, name="report"),
    path("conference-reports/<int:pk>/to-map/", views.pull_report, name="pull-report"),
    path("conferences/<int:pk>/map/", views.start_map, name="start-map"),
    path("conferences/<int:pk>/held/", views.held, name="held"),
    path("conferences/<int:pk>/record/", views.live_record, name="record"),
    path("conferences/<int:pk>/record/details/", views.record_details, name="record-details"),
    path("conference-invitations/<int:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "conferences/<int:pk>/children/<int:child_pk>/views/",
        views.child_views,
        name="child-views",
    ),
    path(
        "conferences/<int:pk>/children/<int:child_pk>/decision/",
        views.decision,
        name="decision",
    ),
    path("conferences/<int:pk>/send-to-chair/", views.send_to_chair, name="send-to-chair"),
    path("conferences/<int:pk>/approve/", views.approve, name="approve"),
    path("conferences/<int:pk>/distribute/", views.distribute, name="distribute"),
    path(
        "conferences/<int:pk>/record.<str:version>.<str:fmt>",
        views.document,
        name="document",
    ),
    path("conference-documents/<int:pk>/", views.document_status, name="document-status"),
    path("conference-documents/<int:pk>/try-again/", views.document_again, name="document-again"),
]
