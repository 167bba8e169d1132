from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "safetymap.mapping"
    label = "mapping"
    verbose_name = "The Signs of Safety map"

    def ready(self) -> None:
        from safetymap.cases import providers
        from safetymap.mapping.closure import closure_problems
        from safetymap.mapping.next_steps import next_steps_for_child

        providers.register_closure_check(closure_problems)
        providers.register_next_steps(next_steps_for_child)
