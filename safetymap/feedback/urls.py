from django.urls import path, re_path

from safetymap.feedback import views
from safetymap.feedback.links import TOKEN_PATTERN

app_name = "feedback"

# /feedback/ is public (no sign-in): the form reached through a link, and its thank-you page.
# The results are for the partnership, signed in, under /conference-feedback/.
urlpatterns = [
    path("feedback/thank-you/", views.thank_you, name="thank-you"),
    re_path(rf"^feedback/(?P<token>{TOKEN_PATTERN})/$", views.answer, name="form"),
    path("conference-feedback/", views.results, name="results"),
    path("conference-feedback/written-answers/", views.written_answers, name="written-answers"),
    path("conference-feedback/feedback.csv", views.export, name="export"),
]
