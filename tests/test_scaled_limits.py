"""Connection limits kept in Redis, shared by every worker (collected with REDIS_URL set)."""

from __future__ import annotations

import os
from typing import Any

import pytest
import redis

from backend.connections.models import Connection
from backend.durability.limits import ConnectionGate
from backend.durability.models import ConnectionLimit

pytestmark = [pytest.mark.scaled, pytest.mark.django_db]


def test_it_shares_calls_in_flight_and_the_rate_between_gates(settings: Any) -> None:
    settings.REDIS_URL = os.environ["REDIS_URL"]
    connection = Connection.objects.create(name="Infor", credential_type="infor.ionapi")
    ConnectionLimit.objects.create(connection=connection, max_in_flight=1, calls_per_second=2)
    cid = str(connection.pk)
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(f"ferry:slots:{cid}", f"ferry:bucket:{cid}")
    one, other = ConnectionGate(), ConnectionGate()  # two workers

    assert one.enter(cid) is None
    assert other.enter(cid) == 0.5  # the only slot is taken
    one.leave(cid)
    assert other.enter(cid) is None  # the second token of the burst
    other.leave(cid)
    wait = one.enter(cid)
    assert wait is not None
    assert 0 < wait <= 0.5
