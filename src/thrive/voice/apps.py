from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "thrive.voice"
    verbose_name = "Voice: feedback from children, families and staff; you said, we did"
