from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "safetymap.feedback"
    label = "feedback"
    verbose_name = "Feedback on child protection conferences"
