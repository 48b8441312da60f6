"""Encryption of connection secrets with a key from the environment (Fernet, AES-128 + HMAC)."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@cache
def _fernet() -> Fernet:
    material = settings.FERRY_ENCRYPTION_KEY or settings.SECRET_KEY
    try:
        return Fernet(material.encode())
    except ValueError:
        # Not a Fernet key: derive one, so any passphrase from the environment works.
        digest = hashlib.sha256(("ferry-connections:" + material).encode()).digest()
        return Fernet(base64.urlsafe_b64encode(digest))


class SecretUnreadable(Exception):
    """The encryption key changed since the secret was stored."""


def encrypt(values: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(values).encode()).decode()


def decrypt(blob: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(_fernet().decrypt(blob.encode()))
    except InvalidToken:
        raise SecretUnreadable(
            "This connection's secrets cannot be decrypted: FERRY_ENCRYPTION_KEY changed. "
            "Enter the secrets again."
        ) from None
    return data
