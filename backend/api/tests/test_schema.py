"""The OpenAPI document and Swagger UI, served without internet."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_it_serves_an_openapi_document_with_the_main_paths(anonymous: APIClient) -> None:
    response = anonymous.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    schema = response.json()
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    # Every route takes an optional trailing slash; the schema lists the slashed form.
    for path in [
        "/api/v1/auth/login/",
        "/api/v1/auth/token/",
        "/api/v1/workflows/",
        "/api/v1/workflows/{id}/",
        "/api/v1/workflows/{id}/deploy/",
        "/api/v1/workflows/{id}/test-run/",
        "/api/v1/workflows/{workflow_id}/versions/",
        "/api/v1/workflows/{workflow_id}/versions/{number}/",
        "/api/v1/runs/",
        "/api/v1/runs/{id}/",
        "/api/v1/connections/",
        "/api/v1/connections/{id}/test/",
        "/api/v1/node-types/",
        "/api/v1/credential-types/",
        "/api/v1/workflow-schema/",
    ]:
        assert path in schema["paths"], path


def test_it_serves_swagger_ui_from_local_assets(anonymous: APIClient) -> None:
    response = anonymous.get("/api/docs/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn.jsdelivr.net" not in page


def test_it_generates_the_schema_without_warnings(tmp_path: Path) -> None:
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "api.yaml")
    )
