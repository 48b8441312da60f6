"""Conditional GETs: a remembered answer is asked for with ``Local-Content-Sha1`` and reused
when the shop says it is unchanged (304 on 8+, an empty 200 on 1.7)."""

from __future__ import annotations

import httpx

from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.sandbox.seed_generated import DEMO_KEY
from connectors.prestashop.sandbox.server import RunningSandbox


class Recorder:
    """Wraps a real client and keeps each exchange's request header and status."""

    def __init__(self) -> None:
        self.seen: list[tuple[str | None, int]] = []
        self.sizes: list[int] = []
        self.http = httpx.Client(timeout=10.0, event_hooks={"response": [self.record]})

    def record(self, response: httpx.Response) -> None:
        sent = response.request.headers.get("Local-Content-Sha1")
        self.seen.append((sent, response.status_code))
        self.sizes.append(len(response.read()))


def test_it_reuses_an_unchanged_answer_after_a_304(fresh_shop: RunningSandbox) -> None:
    recorder = Recorder()
    client = PrestaShopClient(fresh_shop.url, DEMO_KEY, http=recorder.http, remembered_answers=8)

    first = client.get("products", 1)
    again = client.get("products", 1)

    assert again == first
    [(none, fresh), (checksum, status)] = recorder.seen
    assert (none, fresh, status) == (None, 200, 304)
    assert checksum is not None
    assert len(checksum) == 40


def test_it_reads_the_new_body_once_the_record_changed(fresh_shop: RunningSandbox) -> None:
    client = PrestaShopClient(fresh_shop.url, DEMO_KEY, remembered_answers=8)
    client.get("stock_availables", 1)

    client.update("stock_availables", 1, {"quantity": 31})

    assert client.get("stock_availables", 1)["quantity"] == 31


def test_it_takes_the_empty_200_of_a_1_7_shop_as_unchanged(
    legacy_sandbox: RunningSandbox,
) -> None:
    recorder = Recorder()
    client = PrestaShopClient(
        legacy_sandbox.url, DEMO_KEY, http=recorder.http, remembered_answers=8
    )

    first = client.get("orders", 2)
    again = client.get("orders", 2)

    assert again == first
    assert again["id"] in (2, "2")
    assert [status for _, status in recorder.seen] == [200, 200]
    assert recorder.sizes[0] > 0
    assert recorder.sizes[1] == 0
    assert recorder.seen[1][0] is not None


def test_it_sends_no_checksum_when_it_remembers_nothing(fresh_shop: RunningSandbox) -> None:
    recorder = Recorder()
    client = PrestaShopClient(fresh_shop.url, DEMO_KEY, http=recorder.http)

    client.get("products", 2)
    client.get("products", 2)

    assert recorder.seen == [(None, 200), (None, 200)]
