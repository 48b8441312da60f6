"""Talks to the sandbox with bare HTTP, the way any client of a real tenant would."""

from __future__ import annotations

from typing import Any

import httpx

from connectors.infor.sandbox.serve import RunningSandbox


class Wire:
    def __init__(self, sandbox: RunningSandbox, http: httpx.Client) -> None:
        self.sandbox = sandbox
        self.http = http
        self.base = sandbox.base_url
        self.file = http.get(f"{self.base}/ionapi").json()
        self.token = self.grant()["access_token"]

    def grant(self, **form: str) -> dict[str, Any]:
        data = {
            "grant_type": "password",
            "username": self.file["saak"],
            "password": self.file["sask"],
            "client_id": self.file["ci"],
            "client_secret": self.file["cs"],
        } | form
        response = self.http.post(self.file["pu"] + self.file["ot"], data=data)
        body: dict[str, Any] = response.json()
        body["status"] = response.status_code
        return body

    def get(self, program: str, transaction: str, **params: Any) -> httpx.Response:
        url = f"{self.base}/FERRY_TST/M3/m3api-rest/v2/execute/{program}/{transaction}"
        headers = {"Authorization": f"Bearer {self.token}"}
        return self.http.get(url, params=params, headers=headers)

    def records(self, program: str, transaction: str, **params: Any) -> list[dict[str, str]]:
        body = self.get(program, transaction, maxrecs=0, **params).json()
        assert not body["results"][0].get("errorMessage"), body
        records: list[dict[str, str]] = body["results"][0]["records"]
        return records

    def error(self, program: str, transaction: str, **params: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.get(program, transaction, **params).json()["results"][0]
        return result

    def admin(self, method: str, path: str, body: Any = None) -> httpx.Response:
        return self.http.request(method, f"{self.base}/admin/{path}", json=body)

    def advance(self, seconds: float) -> None:
        """Move the sandbox clock, then sign in again (hours later the old token is dead)."""
        self.admin("POST", "clock", {"advance": seconds}).raise_for_status()
        self.token = self.grant()["access_token"]

    def place_order(self, cuor: str, *lines: tuple[str, int], cuno: str = "WEB0000003") -> str:
        """Batch head, lines, address, confirm; returns the temporary order number."""
        orno = self.records("OIS100MI", "AddBatchHead", CUNO=cuno, CUOR=cuor)[0]["ORNO"]
        for itno, quantity in lines:
            self.records("OIS100MI", "AddBatchLine", ORNO=orno, ITNO=itno, ORQT=quantity)
        self.records(
            "OIS100MI",
            "AddBatchAddress",
            ORNO=orno,
            ADRT=1,
            CUNM="Jane",
            CUA1="1 Main St",
            PONO="75001",
            TOWN="Paris",
            CSCD="FR",
        )
        self.records("OIS100MI", "Confirm", ORNO=orno)
        return orno
