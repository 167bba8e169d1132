from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "safetymap.feedback"
    label = "feedback"
    verbose_name = "Feedback on child protection conferences"

    def ready(self) -> None:
        from safetymap.conferences import hooks
        from safetymap.feedback.wiring import invite_after_distribution

        hooks.on_distributed(invite_after_distribution)
