"""The ION API gateway in front of M3: bearer check, quota, faults, then `m3api-rest/v2`."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connectors.infor.sandbox.m3api import envelope, run_transaction
from connectors.infor.sandbox.options import (
    OPTION_NAMES,
    Options,
    bulk_options,
    read_options,
    split_matrix,
)
from connectors.infor.sandbox.world import World

GATEWAY_MESSAGES = {
    401: "Unauthorized: the bearer token is missing, invalid, expired or revoked.",
    404: "Not found.",
    429: "Quota exceeded for this API.",
    500: "Internal server error.",
    502: "Bad gateway.",
    503: "Service unavailable.",
    504: "Gateway timeout: the target did not answer in time.",
}


def gateway_error(status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    # Infor does not document the gateway's error bodies; clients branch on the status only.
    body = {"status": status, "message": GATEWAY_MESSAGES.get(status, "Error.")}
    return JSONResponse(body, status, headers=headers)


async def gate(request: Request) -> Response | None:
    """The gateway's answer when it does not pass the call on, else None."""
    world: World = request.app.state.world
    settings = world.settings
    if request.path_params["tenant"] != settings.tenant_id:
        return gateway_error(404)
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not world.tokens.valid(header[7:].strip()):
        return gateway_error(401)
    retry = {"Retry-After": str(settings.retry_after)} if settings.retry_after else {}
    if world.quota.spend(settings.api_calls_per_minute):
        return gateway_error(429, retry)
    status = world.faults.pick(world.clock.now())
    if status is not None:
        return gateway_error(status, retry if status == 429 else None)
    if world.faults.latency:
        if world.faults.latency >= settings.gateway_timeout:
            await asyncio.sleep(settings.gateway_timeout)
            return gateway_error(504)
        await asyncio.sleep(world.faults.latency)
    world.calls += 1
    world.catch_up()
    return None


async def execute_single(request: Request) -> Response:
    refused = await gate(request)
    if refused is not None:
        return refused
    world: World = request.app.state.world
    program = request.path_params["program"]
    transaction, matrix = split_matrix(request.path_params["transaction"])
    query = dict(request.query_params)
    values = {k: v for k, v in query.items() if k in OPTION_NAMES} | matrix
    record = {k: v for k, v in query.items() if k not in OPTION_NAMES}
    try:
        options = read_options(values)
    except ValueError as exc:
        return _bad_request(str(exc))
    result = run_transaction(world.tenant, world.settings, program, transaction, record, options)
    body = envelope([result], world.settings.full_envelope)
    status = world.settings.single_error_status
    if result.get("errorMessage") and status == 400:
        # m3-odin reads a failed single call's error at the top level of a 400 body.
        for key in ("errorMessage", "errorType", "errorCode", "errorField", "errorCfg"):
            body[key] = result[key]
        return JSONResponse(body, status)
    return JSONResponse(body)


async def execute_bulk(request: Request) -> Response:
    refused = await gate(request)
    if refused is not None:
        return refused
    world: World = request.app.state.world
    try:
        body = json.loads(await request.body())
        if not isinstance(body, dict):
            raise TypeError("it must be a JSON object")
        options = bulk_options(read_options(dict(request.query_params)), body)
        program = str(body["program"])
        transactions = list(body["transactions"])
    except (ValueError, KeyError, TypeError) as exc:
        return _bad_request(f"The bulk body is not valid: {exc}")
    results: list[dict[str, Any]] = []
    stopped = False
    for entry in transactions:
        name = str(entry.get("transaction", "")) if isinstance(entry, dict) else ""
        if stopped:
            results.append({"transaction": name, "notProcessed": True, "records": []})
            continue
        record = entry.get("record") if isinstance(entry, dict) else None
        columns = entry.get("selectedColumns") if isinstance(entry, dict) else None
        entry_options = _with_columns(options, columns)
        record = {str(k): str(v) for k, v in (record or {}).items()}
        result = run_transaction(world.tenant, world.settings, program, name, record, entry_options)
        results.append(result)
        stopped = bool(result.get("errorMessage")) and world.settings.bulk_stop_on_error
    return JSONResponse(envelope(results, world.settings.full_envelope))


def _with_columns(options: Options, columns: Any) -> Options:
    if not isinstance(columns, list) or not columns:
        return options
    return replace(options, return_columns=tuple(str(c) for c in columns))


def _bad_request(message: str) -> JSONResponse:
    return JSONResponse(
        {"errorMessage": message, "errorType": "InvalidRequest", "errorCode": "", "errorField": ""},
        400,
    )
