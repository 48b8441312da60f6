from django.apps import AppConfig


class BindingsConfig(AppConfig):
    name = "backend.bindings"
    label = "bindings"
    default_auto_field = "django.db.models.BigAutoField"
