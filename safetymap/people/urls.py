from django.urls import path

from safetymap.people import views

app_name = "people"

urlpatterns = [
    path("children/", views.child_list, name="children"),
    path("search/", views.search, name="search"),
    path("children/new/", views.child_new, name="child-new"),
    path("children/<int:pk>/", views.child_record, name="child"),
    path("children/<int:pk>/enquiry/", views.front_door_enquiry, name="front-door-enquiry"),
    path("children/<int:pk>/change/", views.child_change, name="child-change"),
    path("children/<int:pk>/family/add/", views.relative_add, name="relative-add"),
    path("children/<int:pk>/family/add-child/", views.sibling_add, name="sibling-add"),
    path("children/<int:pk>/households/add/", views.household_add, name="household-add"),
    path("children/<int:pk>/households/<int:household>/", views.household, name="household"),
    path(
        "children/<int:pk>/households/<int:household>/add/",
        views.household_member_add,
        name="household-member-add",
    ),
    path(
        "children/<int:pk>/households/<int:household>/members/<int:member>/dates/",
        views.household_member_dates,
        name="household-member-dates",
    ),
    path("children/<int:pk>/merge/", views.child_merge, name="child-merge"),
    path(
        "children/<int:duplicate>/merge-into/<int:keep>/",
        views.child_merge_confirm,
        name="child-merge-confirm",
    ),
]
