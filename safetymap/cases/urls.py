from django.urls import path

from safetymap.cases import views

app_name = "cases"

urlpatterns = [
    path("contacts/", views.contact_list, name="contacts"),
    path("contacts/new/", views.contact_new, name="contact-new"),
    path("contacts/new/find-child/", views.contact_find_child, name="contact-find-child"),
    path("contacts/new/add-child/", views.contact_add_child, name="contact-add-child"),
    path("contacts/new/new-child/", views.contact_new_child, name="contact-new-child"),
    path("contacts/new/open-child/<int:pk>/", views.contact_open_child, name="contact-open-child"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("episodes/<int:pk>/", views.episode_detail, name="episode"),
    path("episodes/<int:pk>/assessment/", views.assessment_start, name="assessment-start"),
    path("assessments/<int:pk>/complete/", views.assessment_complete, name="assessment-complete"),
    path("episodes/<int:pk>/strategy-discussion/", views.strategy_new, name="strategy-new"),
    path("enquiries/<int:pk>/complete/", views.enquiry_complete, name="enquiry-complete"),
    path("episodes/<int:pk>/child-in-need-plan/", views.cin_plan_start, name="cin-plan-start"),
    path("episodes/<int:pk>/child-protection-plan/", views.cp_plan_start, name="cp-plan-start"),
    path("child-protection-plans/<int:pk>/end/", views.cp_plan_end, name="cp-plan-end"),
    path("child-in-need-plans/<int:pk>/review/", views.cin_review_new, name="cin-review-new"),
    path("child-in-need-plans/<int:pk>/end/", views.cin_plan_end, name="cin-plan-end"),
    path(
        "child-in-need-plans/<int:pk>/what-needs-to-happen/new/",
        views.cin_action_new,
        name="cin-action-new",
    ),
    path(
        "what-needs-to-happen/<int:pk>/change/", views.cin_action_change, name="cin-action-change"
    ),
    path("what-needs-to-happen/<int:pk>/done/", views.cin_action_done, name="cin-action-done"),
    path("child-in-need-plans/<int:pk>/visits/new/", views.cin_visit_new, name="cin-visit-new"),
    path("episodes/<int:pk>/transfer-in/", views.transfer_in_new, name="transfer-in-new"),
    path("transfers-in/<int:pk>/no-plan/", views.transfer_in_no_plan, name="transfer-in-no-plan"),
    path(
        "child-protection-plans/<int:pk>/core-group/", views.core_group_new, name="core-group-new"
    ),
    path("child-protection-plans/<int:pk>/", views.cp_plan, name="cp-plan"),
    path(
        "child-protection-plans/<int:pk>/core-group-members/new/",
        views.core_group_member_add,
        name="core-group-member-add",
    ),
    path(
        "core-group-members/<int:pk>/leave/",
        views.core_group_member_leave,
        name="core-group-member-leave",
    ),
    path("child-protection-plans/<int:pk>/review/", views.review_new, name="review-new"),
    path("episodes/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("episodes/<int:pk>/close/", views.close, name="close"),
    path("teams/<int:pk>/queue/", views.team_queue, name="team-queue"),
    path("episodes/<int:pk>/transfer/", views.transfer_offer, name="transfer-offer"),
    path("queue/<int:pk>/decline/", views.transfer_decline, name="transfer-decline"),
    path("queue/<int:pk>/withdraw/", views.transfer_withdraw, name="transfer-withdraw"),
    path("authorisations/", views.authorisation_list, name="authorisations"),
    path("authorisations/<int:pk>/", views.authorisation, name="authorisation"),
    path("episodes/<int:pk>/oversight/", views.oversight_new, name="oversight-new"),
    path("directions/<int:pk>/done/", views.direction_done, name="direction-done"),
    path("work/due/", views.work_due_list, name="work-due"),
    path("children/<int:pk>/chronology/", views.chronology, name="chronology"),
    path(
        "children/<int:pk>/chronology/print/",
        views.chronology_printable,
        name="chronology-print",
    ),
    path("children/<int:pk>/notes/new/", views.case_note_new, name="case-note-new"),
    path(
        "children/<int:pk>/significant-events/new/",
        views.significant_event_new,
        name="significant-event-new",
    ),
]
