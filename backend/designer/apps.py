from django.apps import AppConfig


class DesignerConfig(AppConfig):
    name = "backend.designer"
    label = "designer"
