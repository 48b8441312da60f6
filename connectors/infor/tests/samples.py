"""Hand-written `.ionapi` files and M3 v2 envelopes, shaped after the spec's examples."""

from __future__ import annotations

import json
from typing import Any

IONAPI: dict[str, str] = {
    "ti": "FERRY_TST",
    "cn": "Ferry_TST",
    "dt": "12",
    "ci": "FERRY_TST~client0123456789",
    "cs": "client-secret-value",
    "iu": "https://ionapi.example.test",
    "pu": "https://sso.example.test:443/FERRY_TST/as/",
    "oa": "authorization.oauth2",
    "ot": "token.oauth2",
    "or": "revoke_token.oauth2",
    "ev": "U000000001",
    "v": "1.0",
    "saak": "FERRY_TST#ServiceAccessKey",
    "sask": "ServiceSecretKey",
}


def ionapi_text(**changes: str | None) -> str:
    """The sample file with keys changed, or removed when given None."""
    data: dict[str, Any] = dict(IONAPI)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return json.dumps(data)


def envelope(*results: dict[str, Any], terminated: Any = False) -> dict[str, Any]:
    failed = sum(1 for r in results if r.get("errorMessage") or r.get("errorCode"))
    return {
        "results": list(results),
        "wasTerminated": terminated,
        "nrOfSuccessfullTransactions": len(results) - failed,
        "nrOfFailedTransactions": failed,
    }


def ok(transaction: str, *records: dict[str, str]) -> dict[str, Any]:
    return {"transaction": transaction, "records": list(records)}


def nok(
    transaction: str,
    message: str,
    code: str = "",
    field: str = "",
    kind: str = "ServerReturnedNOK",
) -> dict[str, Any]:
    return {
        "transaction": transaction,
        "errorMessage": message,
        "errorType": kind,
        "errorCode": code,
        "errorField": field,
        "errorCfg": "",
        "records": [],
    }


CUSTOMER_NOT_FOUND = envelope(
    nok("GetBasicData", "Customer WEB9999999 does not exist          ", "WCU0203", "CUNO")
)
CUSTOMER = envelope(ok("GetBasicData", {"CUNO": "WEB0000001", "CUNM": "Jane Doe  ", "STAT": "20"}))
TOP_LEVEL_400 = {
    "errorMessage": "Customer number is invalid",
    "errorType": "ServerReturnedNOK",
    "errorCode": "XIM0002",
    "errorField": "CUNO",
}
