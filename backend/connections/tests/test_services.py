"""Connection fields: checked against the credential type, secrets split off and sealed."""

from __future__ import annotations

import pytest

from backend.connections import services, vault
from backend.connections.models import Connection

pytestmark = pytest.mark.django_db


def test_it_splits_secret_fields_from_the_rest() -> None:
    connection = services.save_connection(
        None,
        name="Header",
        credential_type_id="core.http.header",
        fields={"name": "X-Api-Key", "value": "k-123"},
    )

    stored = Connection.objects.get(pk=connection.pk)
    assert stored.fields == {"name": "X-Api-Key"}
    assert stored.secrets == {"value": "k-123"}
    assert services.secrets_set(stored) == {"value": True}


def test_it_removes_a_field_sent_as_null() -> None:
    connection = services.save_connection(
        None,
        name="Basic",
        credential_type_id="core.http.basic",
        fields={"username": "u", "password": "p"},
    )

    with pytest.raises(services.InvalidFields) as raised:
        services.save_connection(connection, fields={"password": None})

    assert [p.field for p in raised.value.problems] == ["password"]


def test_it_refuses_an_unknown_credential_type() -> None:
    with pytest.raises(services.UnknownCredentialType):
        services.save_connection(None, name="X", credential_type_id="nope", fields={})


def test_it_reports_unreadable_secrets_as_a_failed_test() -> None:
    connection = Connection.objects.create(
        name="Broken", credential_type="core.http.bearer", secret_blob="not-a-fernet-token"
    )

    result = services.check_connection(connection)

    assert result.ok is False
    assert "FERRY_ENCRYPTION_KEY" in result.message
    assert services.secrets_set(connection) == {"token": False}


def test_decrypted_secrets_are_a_fresh_copy_each_time() -> None:
    blob = vault.encrypt({"token": "s3cret"})

    first = vault.decrypt(blob)
    first["token"] = "changed by a caller"

    assert vault.decrypt(blob) == {"token": "s3cret"}
    assert vault.decrypt(vault.encrypt({"token": "other"})) == {"token": "other"}
