"""Node types, credential types and the document schema come from the engine's registry."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from backend.api.catalog_views import CredentialTypeSerializer, NodeTypeSerializer
from workflows.graph import WORKFLOW_SCHEMA

pytestmark = pytest.mark.django_db


def test_it_lists_node_types_as_their_specs(api: APIClient) -> None:
    types = api.get("/api/v1/node-types/").json()

    by_id = {(t["typeId"], t["version"]): t for t in types}
    assert ("core.jsonata.map", 1) in by_id
    assert by_id[("core.trigger.webhook", 1)]["kind"] == "trigger"
    assert "configSchema" in by_id[("core.jsonata.map", 1)]


def test_it_lists_credential_types_with_their_secret_fields(api: APIClient) -> None:
    types = {t["typeId"]: t for t in api.get("/api/v1/credential-types/").json()}

    assert types["core.http.basic"]["secretFields"] == ["password"]
    assert types["core.webhook.hmac"]["secretFields"] == ["secret"]


def test_it_serves_the_workflow_document_schema(api: APIClient) -> None:
    response = api.get("/api/v1/workflow-schema")

    assert response.status_code == 200
    assert response.json() == WORKFLOW_SCHEMA


def test_it_documents_exactly_the_keys_it_serves(api: APIClient) -> None:
    node_type = api.get("/api/v1/node-types/").json()[0]
    credential_type = api.get("/api/v1/credential-types/").json()[0]

    assert set(node_type) == set(NodeTypeSerializer().fields)
    assert set(credential_type) == set(CredentialTypeSerializer().fields)
