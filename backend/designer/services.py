"""Saving, validating and deploying workflow versions: the rules the API and the CLI share.

Versions are immutable and numbered 1, 2, 3... per workflow. Saving checks the whole document
with the engine's validator and reports every problem at once. Saving guards against lost
updates: the caller says which version it edited (``base_version``) or which content it saw
(``if_match``, the content hash served as the ETag), and a save on top of someone else's newer
version is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User as AuthUser
from django.db import transaction

from backend.designer.models import Deployment, Workflow, WorkflowVersion, content_hash
from backend.runs.models import Run
from workflows.graph import Problem, validate_document
from workflows.registry import default_registry


class InvalidDocument(Exception):
    """The document has problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem], title: str = "Invalid workflow") -> None:
        super().__init__(title)
        self.problems = problems
        self.title = title

    def summary(self) -> str:
        first = self.problems[0].message
        count = len(self.problems)
        return first if count == 1 else f"The workflow has {count} problems; the first: {first}"


class StaleVersion(Exception):
    """The caller edited an older version than the latest one."""

    def __init__(self, message: str, latest: WorkflowVersion) -> None:
        super().__init__(message)
        self.latest = latest


class VersionConflict(StaleVersion):
    """``base_version`` is not the latest: someone saved in between."""


class PreconditionFailed(StaleVersion):
    """``If-Match`` names content that is not the latest version's."""


class WorkflowNotDeployed(Exception):
    """The operation needs a deployed version and the workflow has none."""


@dataclass(frozen=True)
class SavedVersion:
    version: WorkflowVersion
    created: bool
    """False when the document equalled the latest version, which is returned instead."""


User = AuthUser | None


def check_document(document: dict[str, Any], title: str = "Invalid workflow") -> None:
    """Raise ``InvalidDocument`` listing every problem the engine finds in ``document``."""
    problems = validate_document(document, default_registry())
    if problems:
        raise InvalidDocument(problems, title)


def save_version(
    workflow: Workflow,
    document: dict[str, Any],
    *,
    user: User = None,
    message: str = "",
    base_version: int | None = None,
    if_match: str | None = None,
) -> SavedVersion:
    """Save ``document`` as the workflow's next version, or return the latest if identical."""
    with transaction.atomic():
        # The row lock queues concurrent saves of one workflow, so numbers never collide.
        Workflow.objects.select_for_update().filter(pk=workflow.pk).first()
        latest = workflow.versions.select_related("created_by").order_by("-number").first()
        if latest is not None and latest.content_hash == content_hash(document):
            return SavedVersion(latest, created=False)
        if latest is not None:
            _check_fresh(workflow, latest, user, base_version, if_match)
        check_document(document)
        version = WorkflowVersion.objects.create(
            workflow=workflow,
            number=latest.number + 1 if latest else 1,
            document=document,
            message=message,
            created_by=user,
        )
        Workflow.objects.filter(pk=workflow.pk).update(updated_at=version.created_at)
    return SavedVersion(version, created=True)


def _check_fresh(
    workflow: Workflow,
    latest: WorkflowVersion,
    user: User,
    base_version: int | None,
    if_match: str | None,
) -> None:
    if if_match is not None and not etag_matches(if_match, latest.content_hash):
        raise PreconditionFailed(
            f"If-Match does not match version {latest.number}, the latest; "
            "load it and apply your change again.",
            latest,
        )
    if base_version is None or base_version == latest.number:
        return
    # Your own later saves (a test run of a draft saves it) are not someone else's edit.
    newer = workflow.versions.filter(number__gt=base_version)
    if base_version > latest.number or newer.exclude(created_by=user).exists():
        who = latest.created_by.get_username() if latest.created_by else "someone"
        raise VersionConflict(
            f"You edited version {base_version}, but version {latest.number} (saved by {who}) "
            "is the latest; load it and apply your change again.",
            latest,
        )


def etag_matches(if_match: str, current_hash: str) -> bool:
    """Whether an ``If-Match`` header value names ``current_hash`` (or is ``*``)."""
    for tag in if_match.split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        if tag in ("*", current_hash):
            return True
    return False


def create_workflow(
    name: str, description: str = "", document: dict[str, Any] | None = None, user: User = None
) -> Workflow:
    """A new workflow; ``document``, when given, becomes version 1 (after validation)."""
    with transaction.atomic():
        workflow = Workflow.objects.create(name=name, description=description, created_by=user)
        if document is not None:
            save_version(workflow, document, user=user, message="Created")
    return workflow


def deploy(version: WorkflowVersion, user: User = None) -> Workflow:
    """Make ``version`` the one its workflow's triggers run. Deploying the active one is a no-op.

    The document is validated again: a node type it uses may have been removed since it was saved.
    """
    check_document(version.document, "This version can no longer be deployed")
    with transaction.atomic():
        workflow = Workflow.objects.select_for_update().get(pk=version.workflow_id)
        if workflow.active_version_id != version.pk:
            workflow.active_version = version
            workflow.save(update_fields=["active_version", "updated_at"])
            Deployment.objects.create(workflow=workflow, version=version, deployed_by=user)
    return workflow


def delete_workflow(workflow: Workflow) -> None:
    """Delete a workflow with its runs, deployments and versions.

    Runs and deployments protect the versions they point at, so they go first.
    """
    with transaction.atomic():
        Run.objects.filter(workflow=workflow).delete()
        Deployment.objects.filter(workflow=workflow).delete()
        workflow.delete()
