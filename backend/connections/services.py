"""Saving and testing connections: fields checked against the credential type, secrets sealed.

Writes take every field in one ``fields`` object; the credential type's ``secret_fields`` are
split off and encrypted, the rest stored as they are. Updates follow JSON merge patch: a field
left out keeps its value (so a form need not resend a password), ``null`` removes it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx
import jsonschema

from backend.connections.models import Connection
from backend.connections.vault import SecretUnreadable
from workflows.registry import default_registry
from workflows.sdk.credentials import ConnectionTest, CredentialType

log = logging.getLogger(__name__)

TEST_TIMEOUT_SECONDS = 10.0


class UnknownCredentialType(Exception):
    """No installed credential type has this id."""


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    code: str


class InvalidFields(Exception):
    """The fields do not satisfy the credential type's schema; ``problems`` lists each."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


def credential_type(type_id: str) -> type[CredentialType]:
    found = default_registry().credential_type(type_id)
    if found is None:
        raise UnknownCredentialType(f"Unknown credential type {type_id!r}.")
    return found


def check_fields(kind: type[CredentialType], fields: dict[str, Any]) -> list[FieldProblem]:
    """Problems of ``fields`` against the type's schema; never echoes a secret's value."""
    validator = jsonschema.Draft202012Validator(kind.fields_schema)
    problems = []
    for error in sorted(validator.iter_errors(fields), key=lambda e: list(e.absolute_path)):
        path = ".".join(str(p) for p in error.absolute_path)
        message = error.message
        if error.validator == "required":
            missing = message.split("'")[1] if "'" in message else ""
            path = ".".join(filter(None, [path, missing]))
            message = f"{missing or 'A field'} is required."
        elif path.split(".")[0] in kind.secret_fields:
            # jsonschema quotes the offending value; for a secret that would leak it.
            message = f"{path} does not satisfy '{error.validator}' of the credential type."
        problems.append(FieldProblem(path, message, str(error.validator)))
    return problems


def save_connection(
    connection: Connection | None,
    *,
    name: str | None = None,
    credential_type_id: str | None = None,
    fields: dict[str, Any] | None = None,
) -> Connection:
    """Create (``connection`` None) or update a connection; raise ``InvalidFields``."""
    if connection is None:
        connection = Connection(credential_type=credential_type_id or "")
        current: dict[str, Any] = {}
    else:
        current = {**connection.fields, **_readable_secrets(connection)}
    kind = credential_type(connection.credential_type)
    merged = {**current, **(fields or {})}
    merged = {key: value for key, value in merged.items() if value is not None}
    problems = check_fields(kind, merged)
    if not problems:
        # Beyond the schema: what only the type knows (a .ionapi file's missing keys).
        checked = kind.validate_fields(merged)
        problems = [FieldProblem(f, message, "invalid") for f, message in checked.items()]
    if problems:
        raise InvalidFields(problems)
    if name is not None:
        connection.name = name
    connection.fields = {k: v for k, v in merged.items() if k not in kind.secret_fields}
    connection.set_secrets({k: v for k, v in merged.items() if k in kind.secret_fields})
    connection.save()
    if current and any(current.get(k) != merged.get(k) for k in kind.secret_fields):
        revoke_grant(kind, current)
    return connection


def delete_connection(connection: Connection) -> None:
    """Delete a connection and revoke what its credentials were granted."""
    kind = default_registry().credential_type(connection.credential_type)
    fields = {**connection.fields, **_readable_secrets(connection)}
    connection.delete()
    if kind is not None:
        revoke_grant(kind, fields)


def revoke_grant(kind: type[CredentialType], fields: dict[str, Any]) -> None:
    """Revoke tokens granted to ``fields``; a failure is logged, never raised, since the change
    or deletion already happened and the grant expires anyway."""
    try:
        with httpx.Client(timeout=TEST_TIMEOUT_SECONDS) as http:
            kind().revoke(fields, http)
    except Exception:
        log.warning("Revoking the grant of a %s connection failed", kind.type_id, exc_info=True)


def _readable_secrets(connection: Connection) -> dict[str, Any]:
    # Secrets sealed with an old key are lost; the new fields must then bring them again.
    try:
        return connection.secrets
    except SecretUnreadable:
        return {}


def secrets_set(connection: Connection) -> dict[str, bool]:
    """For each secret field of the connection's type: whether it holds a value."""
    stored = _readable_secrets(connection)
    kind = default_registry().credential_type(connection.credential_type)
    names = kind.secret_fields if kind is not None else tuple(stored)
    return {name: stored.get(name) not in (None, "") for name in names}


def check_connection(connection: Connection, http: httpx.Client | None = None) -> ConnectionTest:
    """Ask the credential type to check the connection; every failure becomes ``ok: False``."""
    try:
        kind = credential_type(connection.credential_type)
        fields = connection.decrypted_fields()
        client = http or httpx.Client(timeout=TEST_TIMEOUT_SECONDS)
        try:
            return kind().test(fields, client)
        finally:
            if http is None:
                client.close()
    except (UnknownCredentialType, SecretUnreadable, httpx.HTTPError) as exc:
        return ConnectionTest(False, str(exc) or exc.__class__.__name__)
    except Exception as exc:
        # A bug in a connector's test must not become a 500 for the person clicking "Test".
        log.exception("Testing connection %s failed", connection.pk)
        return ConnectionTest(False, f"The test failed: {exc.__class__.__name__}: {exc}")
