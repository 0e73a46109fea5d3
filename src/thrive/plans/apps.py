from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "thrive.plans"
    verbose_name = "Improvement plan: priorities, actions, milestones, updates, RAG"
