from django.urls import path

from safetymap.safety import views

app_name = "safety"

urlpatterns = [
    path("episodes/<int:pk>/safety-network/", views.network, name="network"),
    path("episodes/<int:pk>/safety-network/add/", views.member_add, name="member-add"),
    path("episodes/<int:pk>/safety-network/meetings/new/", views.meeting_add, name="meeting-add"),
    path("safety-network-members/<int:pk>/", views.member_change, name="member-change"),
    path("episodes/<int:pk>/safety-plans/new/", views.plan_start, name="plan-start"),
    path("safety-plans/<int:pk>/", views.plan_detail, name="plan"),
    path("safety-plans/<int:pk>/over-time/", views.over_time, name="over-time"),
    path("safety-plans/<int:pk>/details/", views.plan_details, name="plan-details"),
    path("safety-plans/<int:pk>/rules/new/", views.rule_add, name="rule-add"),
    path("safety-plans/<int:pk>/rules/<int:rule_pk>/", views.rule_change, name="rule-change"),
    path("safety-plans/<int:pk>/bottom-lines/new/", views.bottom_line_add, name="bottom-line-add"),
    path(
        "safety-plans/<int:pk>/bottom-lines/<int:line_pk>/",
        views.bottom_line_change,
        name="bottom-line-change",
    ),
    path("safety-plans/<int:pk>/red-flags/new/", views.red_flag_add, name="red-flag-add"),
    path("safety-plans/<int:pk>/agreements/new/", views.agreement_add, name="agreement-add"),
    path("safety-plans/<int:pk>/trajectory/new/", views.step_add, name="step-add"),
    path("safety-plans/<int:pk>/trajectory/<int:step_pk>/", views.step_change, name="step-change"),
    path("safety-plans/<int:pk>/checks/new/", views.check_add, name="check-add"),
    path("safety-plans/<int:pk>/concerns/new/", views.concern_add, name="concern-add"),
    path("safety-plans/<int:pk>/end/", views.plan_end, name="plan-end"),
    path("safety-plans/<int:pk>/move/", views.plan_move, name="plan-move"),
    path("safety-plans/<int:pk>/revise/", views.plan_revise, name="plan-revise"),
    path("children/<int:pk>/genogram/", views.genogram, name="genogram"),
    path("children/<int:pk>/ecomap/", views.ecomap, name="ecomap"),
]
