from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "safetymap.conferences"
    verbose_name = "Child protection conferences"

    def ready(self) -> None:
        from safetymap.cases import providers
        from safetymap.conferences.providers import plan_agencies

        providers.register_plan_agencies(plan_agencies)

        from safetymap.conferences.home import PROVIDERS
        from safetymap.core.home import provides_home

        for provider in PROVIDERS:
            provides_home(provider)

        from django_tasks.signals import task_finished

        from safetymap.conferences.tasks import document_task_finished

        task_finished.connect(document_task_finished, dispatch_uid="conferences-document-task")
