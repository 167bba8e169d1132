from django.urls import path, re_path

from safetymap.feedback import views
from safetymap.feedback.links import TOKEN_PATTERN

app_name = "feedback"

# /feedback/ is public (no sign-in): the form reached through a link, and its thank-you page.
# The results are for the partnership, signed in, under /conference-feedback/. The links given by
# hand are for the people running the conference, signed in, beside the conference's pages.
urlpatterns = [
    path("feedback/thank-you/", views.thank_you, name="thank-you"),
    re_path(rf"^feedback/(?P<token>{TOKEN_PATTERN})/$", views.answer, name="form"),
    path("conferences/<int:pk>/feedback-links/", views.hand_over, name="hand-over"),
    path("feedback-invitations/<int:pk>/new-link/", views.new_link, name="new-link"),
    path("conference-feedback/", views.results, name="results"),
    path("conference-feedback/written-answers/", views.written_answers, name="written-answers"),
    path("conference-feedback/feedback.csv", views.export, name="export"),
]
