"""Encryption of connection secrets with a key from the environment (Fernet, AES-128 + HMAC)."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache, lru_cache
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
    data: dict[str, Any] = json.loads(_plaintext(blob))
    return data


@lru_cache(maxsize=256)
def _plaintext(blob: str) -> bytes:
    # A run opens its connection's secrets at every step that uses them; checking the HMAC and
    # decrypting each time cost more than the step's own work. A blob always decrypts to the
    # same text, and a changed secret is a new blob, so remembering the answer is safe.
    try:
        return _fernet().decrypt(blob.encode())
    except InvalidToken:
        raise SecretUnreadable(
            "This connection's secrets cannot be decrypted: FERRY_ENCRYPTION_KEY changed. "
            "Enter the secrets again."
        ) from None
