"""Installing a shipped template: a new workflow from it, with the user's connections and
settings filled in, saved as version 1 and, when asked, deployed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from backend.connections.models import Connection
from backend.designer import services
from backend.designer.models import Workflow
from workflows.templates import Template, TemplateError, instantiate, load_template


@dataclass
class Installed:
    workflow: Workflow
    version_number: int


def install_template(
    name: str,
    *,
    connections: dict[str, str],
    settings: dict[str, Any],
    workflow_name: str | None = None,
    deploy: bool = False,
    user: services.User = None,
) -> Installed:
    """A new workflow made from template ``name``; raises ``TemplateError`` naming the field
    (an unknown template, a connection of the wrong type, an unknown setting)."""
    template = load_template(name)
    _check_connections(template, connections)
    document = instantiate(template, connections, settings)
    with transaction.atomic():
        workflow = services.create_workflow(
            workflow_name or template.title, template.description, user=user
        )
        saved = services.save_version(
            workflow, document, user=user, message=f"Installed from template {name}"
        )
        if deploy:
            services.deploy(saved.version, user)
    workflow.refresh_from_db()
    return Installed(workflow, saved.version.number)


def _check_connections(template: Template, chosen: dict[str, str]) -> None:
    for slot in template.connections:
        connection_id = chosen.get(slot.name)
        if not connection_id:
            continue
        try:
            found = Connection.objects.filter(pk=connection_id).first()
        except ValidationError:  # a malformed id is simply not a connection
            found = None
        if found is None:
            raise TemplateError(
                f"Connection {connection_id!r} does not exist.", f"connections.{slot.name}"
            )
        if found.credential_type != slot.credential_type:
            raise TemplateError(
                f"Connection {found.name!r} is a {found.credential_type} connection; "
                f"{slot.name!r} needs a {slot.credential_type} one.",
                f"connections.{slot.name}",
            )
