"""Every catalogued transaction answers bad or missing input with an M3 error, never a crash."""

from __future__ import annotations

import httpx
import pytest

from connectors.infor.sandbox import catalog
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.tests.wire import Wire

JUNK = {"A": "ZZ", "N": "7"}


@pytest.fixture
def wire(sandbox: RunningSandbox, http: httpx.Client) -> Wire:
    return Wire(sandbox, http)


def test_it_answers_every_transaction_without_a_server_error(wire: Wire) -> None:
    for (program, name), transaction in sorted(catalog.TRANSACTIONS.items()):
        program = "MNS150MI" if program == catalog.GENERIC else program
        junk = {f: JUNK[catalog.field(f).type] for f in transaction.inputs}
        for record in ({}, junk):
            response = wire.get(program, name, **record)
            assert response.status_code in (200, 400), (program, name, record, response.text)
            result = response.json()["results"][0]
            if response.status_code == 400:
                assert result["errorMessage"], (program, name)
            if transaction.mandatory and not record:
                assert result["errorField"] in transaction.mandatory, (program, name)
