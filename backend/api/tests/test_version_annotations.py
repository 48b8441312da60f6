"""Sticky notes are saved in versions; two tabs of one user are told apart by If-Match."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from backend.designer import services
from backend.designer.models import Workflow

pytestmark = pytest.mark.django_db

NOTE = {
    "id": "note",
    "text": "Ask finance",
    "position": {"x": 0, "y": 300},
    "size": {"width": 220, "height": 140},
}


@pytest.fixture
def workflow(user: User, document: dict[str, Any]) -> Workflow:
    return services.create_workflow("Orders", document=document, user=user)


def with_notes(document: dict[str, Any], *notes: dict[str, Any]) -> dict[str, Any]:
    edited = copy.deepcopy(document)
    edited["annotations"] = list(notes)
    return edited


def url(workflow: Workflow) -> str:
    return f"/api/v1/workflows/{workflow.pk}/versions/"


def test_it_saves_notes_in_a_version_and_returns_them(
    api: APIClient, workflow: Workflow, document: dict[str, Any]
) -> None:
    response = api.post(url(workflow), {"document": with_notes(document, NOTE)}, format="json")

    assert response.status_code == 201
    assert response.json()["document"]["annotations"] == [NOTE]


def test_it_refuses_two_notes_with_one_id(
    api: APIClient, workflow: Workflow, document: dict[str, Any]
) -> None:
    twice = with_notes(document, NOTE, {**NOTE, "text": "again"})

    response = api.post(url(workflow), {"document": twice}, format="json")

    assert response.status_code == 400
    assert [p["code"] for p in response.json()["problems"]] == ["duplicate_id"]


def test_it_answers_412_to_the_same_users_stale_tab(
    api: APIClient, workflow: Workflow, document: dict[str, Any]
) -> None:
    loaded = workflow.versions.get()
    first_tab = {"document": with_notes(document, NOTE), "baseVersion": 1}
    second_tab = {"document": with_notes(document, {**NOTE, "text": "Other"}), "baseVersion": 1}

    saved = api.post(
        url(workflow), first_tab, format="json", HTTP_IF_MATCH=f'"{loaded.content_hash}"'
    )
    stale = api.post(
        url(workflow), second_tab, format="json", HTTP_IF_MATCH=f'"{loaded.content_hash}"'
    )

    assert saved.status_code == 201
    assert stale.status_code == 412
