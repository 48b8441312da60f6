"""Delta feeds with a cursor kept in the node's state, so each run reads only what changed."""

from __future__ import annotations

from collections.abc import Iterator

from connectors.infor.m3 import M3Client, M3Options
from workflows.sdk import KeyValueStore

ALL = M3Options(max_records=0)


def server_timestamp(client: M3Client) -> str:
    """M3's current LMTS (GetServerTime is answered by every program)."""
    return client.execute("MNS150MI", "GetServerTime").first().get("LMTS", "0")


def changed_since(
    client: M3Client,
    state: KeyValueStore,
    program: str,
    transaction: str,
    record: dict[str, str],
    *,
    start: str = "0",
) -> Iterator[dict[str, str]]:
    """Records changed since the stored LMTS; the cursor moves when the list is exhausted.

    The new cursor is the highest LMTS seen, or, when the tenant does not return LMTS, the
    server's time read before the list, so a change made while listing comes again next time
    rather than never.
    """
    cursor = str(state.get("lmts") or start)
    before = server_timestamp(client)
    highest = 0
    for row in client.records(program, transaction, {**record, "LMTS": cursor}, ALL):
        stamp = row.get("LMTS", "")
        if stamp.isdigit():
            highest = max(highest, int(stamp))
        yield row
    state.set("lmts", str(highest) if highest else max(before, cursor, key=int))
