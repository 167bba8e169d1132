from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "safetymap.mapping"
    label = "mapping"
    verbose_name = "The Signs of Safety map"

    def ready(self) -> None:
        from safetymap.cases import providers
        from safetymap.core.errors import register_locked_record
        from safetymap.mapping.closure import closure_problems
        from safetymap.mapping.next_steps import next_steps_for_child

        providers.register_closure_check(closure_problems)
        register_locked_record(
            "a final map cannot be changed",
            "This map was made final while you were working on it, so it cannot be changed. "
            "Nothing was saved. Start a new version of the map to carry on.",
        )
        providers.register_next_steps(next_steps_for_child)
