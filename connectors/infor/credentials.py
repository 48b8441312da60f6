"""The "Infor ION API" connection type: a `.ionapi` file, kept whole as the secret."""

from __future__ import annotations

from typing import Any

import httpx

from connectors.infor import runtime
from connectors.infor.errors import describe
from connectors.infor.gateway import GatewayError
from connectors.infor.ionapi import IonApiFileError
from connectors.infor.m3 import M3Client, M3Error
from connectors.infor.oauth import OAuthError
from workflows.sdk import CredentialType
from workflows.sdk.credentials import ConnectionTest

PROBE_PROGRAM = "MNS150MI"
"""Any program answers the generic GetCurrentUser/GetUserInfo; this is M3's user program."""


class InforIonApi(CredentialType):
    """Created by uploading the file the Infor OS portal's "Download Credentials" gives."""

    type_id = "infor.ionapi"
    display_name = "Infor ION API"
    docs_url = "docs/infor.md"
    secret_fields = ("ionapi",)
    fields_schema = {
        "type": "object",
        "required": ["ionapi"],
        "properties": {
            "ionapi": {
                "type": "string",
                "title": ".ionapi file",
                "description": "Content of the credentials file of a Backend Service "
                "authorized app (Infor OS Portal > API Gateway > Authorized Apps > Download "
                "Credentials).",
                "minLength": 2,
                "x-widget": "file",
                "x-accept": ".ionapi,application/json",
            },
            "grant": {
                "type": "string",
                "title": "OAuth grant",
                "enum": ["auto", "password", "client_credentials"],
                "default": "auto",
                "description": "auto: password grant when the file has service-account keys, "
                "else client credentials.",
            },
            "company": {
                "type": "string",
                "title": "Company (CONO)",
                "pattern": "^[0-9]{1,3}$",
                "description": "M3 company; empty means the service account's default.",
            },
            "division": {
                "type": "string",
                "title": "Division (DIVI)",
                "maxLength": 3,
                "description": "M3 division; empty means the service account's default.",
            },
        },
    }

    @classmethod
    def validate_fields(cls, fields: dict[str, Any]) -> dict[str, str]:
        """Problems per field (empty when usable): a bad file names its missing keys."""
        try:
            ionapi = runtime.ionapi_of(fields)
        except IonApiFileError as exc:
            return {"ionapi": exc.message}
        if fields.get("grant") == "password" and not ionapi.has_service_account:
            return {"grant": "The password grant needs a file with the keys saak and sask."}
        return {}

    def authenticate(self, request: httpx.Request, fields: dict[str, Any]) -> httpx.Request:
        with httpx.Client(timeout=30.0) as http:
            token = runtime.tokens_for(fields, http).access_token()
        request.headers["Authorization"] = f"Bearer {token}"
        return request

    def test(self, fields: dict[str, Any], http: httpx.Client) -> ConnectionTest:
        problems = self.validate_fields(fields)
        if problems:
            return ConnectionTest(False, " ".join(problems.values()), {"fields": problems})
        client = M3Client(runtime.gateway_for(fields, http), company=fields.get("company"))
        try:
            user = client.execute(PROBE_PROGRAM, "GetCurrentUser").first()
            info = client.execute(PROBE_PROGRAM, "GetUserInfo").first()
        except (GatewayError, OAuthError, M3Error) as exc:
            return ConnectionTest(False, describe(exc))
        details = {
            "tenant": client.gateway.ionapi.tenant,
            "company": info.get("ZDCONO", ""),
            "division": info.get("ZDDIVI", ""),
            "user": user.get("USER", "") or info.get("ZZUSID", ""),
        }
        message = "Connected to tenant {tenant} as M3 user {user}, company {company}.".format(
            **details
        )
        return ConnectionTest(True, message, details)

    def revoke(self, fields: dict[str, Any], http: httpx.Client) -> None:
        """Revoke the connection's cached grant; the backend calls it when the file changes or
        the connection is deleted."""
        if self.validate_fields(fields):
            return
        runtime.tokens_for(fields, http).revoke()


CREDENTIALS: list[type[CredentialType]] = [InforIonApi]
