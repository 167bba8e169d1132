from django.urls import path

from safetymap.people import views

app_name = "people"

urlpatterns = [
    path("children/", views.child_list, name="children"),
    path("children/new/", views.child_new, name="child-new"),
    path("children/<int:pk>/", views.child_record, name="child"),
    path("children/<int:pk>/enquiry/", views.front_door_enquiry, name="front-door-enquiry"),
]
