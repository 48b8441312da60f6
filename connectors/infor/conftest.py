"""Fixtures shared by the Infor tests: one sandbox over real HTTP for the whole session."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from connectors.infor.budget import TokenBucket
from connectors.infor.gateway import Gateway
from connectors.infor.ionapi import parse_ionapi
from connectors.infor.m3 import M3Client
from connectors.infor.oauth import MemoryTokenCache, TokenProvider
from connectors.infor.runtime import use_request_budget, use_token_cache
from connectors.infor.sandbox.lifecycle import Timing
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.settings import SandboxSettings
from workflows.sdk import NodeContext
from workflows.sdk.context import MemoryStore
from workflows.testing import MemoryLedger


@pytest.fixture(scope="session")
def running_sandbox() -> Iterator[RunningSandbox]:
    sandbox = RunningSandbox().start()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def sandbox(running_sandbox: RunningSandbox) -> RunningSandbox:
    """The session's sandbox, reseeded and with default settings for this test."""
    world = running_sandbox.world
    world.settings = SandboxSettings()
    world.timing = Timing()
    world.reset()
    return running_sandbox


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10.0) as client:
        yield client


@pytest.fixture
def ionapi_file(sandbox: RunningSandbox, http: httpx.Client) -> str:
    """The credentials file the sandbox hands out, exactly as a user would upload it."""
    return json.dumps(http.get(f"{sandbox.base_url}/ionapi").json())


@pytest.fixture
def m3(ionapi_file: str, http: httpx.Client) -> M3Client:
    """A client configured from the downloaded file alone, with its own token cache."""
    ionapi = parse_ionapi(ionapi_file)
    tokens = TokenProvider(ionapi, http, MemoryTokenCache())
    return M3Client(Gateway(ionapi, http, tokens))


@pytest.fixture
def node_context(ionapi_file: str, http: httpx.Client) -> NodeContext:
    """A node's context with an Infor connection to the sandbox, fresh shared caches and an
    effect ledger."""
    use_token_cache(MemoryTokenCache())
    use_request_budget(TokenBucket(per_minute=1_000_000, burst=1_000))
    return NodeContext(
        run_id="run-1",
        workflow_id="wf-1",
        node_id="infor",
        credentials={"ionapi": ionapi_file},
        http=http,
        state=MemoryStore(),
        effects=MemoryLedger(),
    )
