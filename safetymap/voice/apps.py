from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "safetymap.voice"
    label = "voice"
    verbose_name = "The child's voice"

    def ready(self) -> None:
        from safetymap.uploads import gates
        from safetymap.voice import selectors

        # R27: drawings and pictures are seen only by those the child's permission allows.
        gates.register(selectors.DRAWING, selectors.may_see_file)
        gates.register(selectors.PICTURE, selectors.may_see_file)
