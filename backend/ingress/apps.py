from django.apps import AppConfig


class IngressConfig(AppConfig):
    name = "backend.ingress"
    label = "ingress"
