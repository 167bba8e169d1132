from django.urls import path

from safetymap.mapping import views

app_name = "mapping"

urlpatterns = [
    path("episodes/<int:pk>/maps/new/", views.map_start, name="map-start"),
    path("maps/<int:pk>/", views.map_detail, name="map"),
    path("episodes/<int:pk>/safety-goals/review/", views.goal_review, name="goal-review"),
    path("maps/<int:pk>/family/", views.family_version, name="family-version"),
    path("maps/<int:pk>/items/new/", views.item_add, name="item-add"),
    path(
        "maps/<int:pk>/danger-statements/new/",
        views.danger_statement_add,
        name="danger-statement-add",
    ),
    path(
        "maps/<int:pk>/danger-statements/<int:seq_no>/safety-goal/",
        views.safety_goal_set,
        name="safety-goal",
    ),
    path("maps/<int:pk>/ratings/new/", views.rating_add, name="rating-add"),
    path("ratings/<int:pk>/action/", views.escalation_response, name="escalation-response"),
    path("maps/<int:pk>/items/<int:item_pk>/", views.item_change, name="item-change"),
    path("maps/<int:pk>/live/", views.live, name="live"),
    path("maps/<int:pk>/compare/", views.compare_versions, name="compare"),
    path("maps/<int:pk>/finalise/", views.finalise, name="finalise"),
    path("maps/<int:pk>/share/", views.share, name="share"),
]
