"""Order to cash under load: shop webhook in, Infor order created, its number written back.

Both sandboxes run as their own processes on this machine; N orders are placed in the shop
first, then their ``order.created`` events are posted to the installed order-to-cash template
by 16 senders. Measured: orders per second from the first event accepted to the last run
finished (the last step moves the shop order to processing, after the Infor order number was
written back as an order message), latency per order from its event accepted to its run
finished (p50, p99), and exactly once: one M3 order per shop reference and one message per
shop order.

    .venv/bin/python bench/o2c.py --mode embedded --orders 400
    .venv/bin/python bench/o2c.py --mode scaled --workers 2 --orders 400
    .venv/bin/python bench/o2c.py --orders 200 --rate 4     # latency at a sustained rate

``--m3-calls-per-minute`` raises Ferry's Infor request budget and the sandbox's API quota
together (default 60,000); 0 keeps the product defaults (Ferry 2,400 a minute, which bounds
order to cash at about 4 orders/s since an order takes 8 to 9 M3 calls).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from bench import cpu
from bench.harness import ROOT, Ferry, free_port, fresh_postgres, wait_until

REDIS = "redis://127.0.0.1:6379/7"
DEMO_KEY = "FERRYSANDBOXDEMOKEY0000000000001"

INSTALL = """
import json, sys
from backend.connections.services import save_connection
from backend.designer.templates import install_template
given = json.loads(sys.stdin.read())
shop = save_connection(None, name="Shop", credential_type_id="prestashop.shop",
                       fields={"baseUrl": given["shop"], "apiKey": given["key"]})
infor = save_connection(None, name="M3", credential_type_id="infor.ionapi",
                        fields={"ionapi": given["ionapi"]})
installed = install_template("order_to_cash", connections={"shop": str(shop.pk),
                             "infor": str(infor.pk)}, settings={}, deploy=True)
print(installed.workflow.hook_token)
"""

# Ferry's processes, with the Infor request budget raised before they start working.
LAUNCH = """
import os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup()
from django.conf import settings
from connectors.infor.budget import SharedMinuteBudget, TokenBucket
from connectors.infor.runtime import use_request_budget
per_minute = int(os.environ.get("BENCH_M3_PER_MINUTE", "0"))
if per_minute and settings.REDIS_URL:
    import redis
    store = redis.Redis.from_url(settings.REDIS_URL)
    use_request_budget(SharedMinuteBudget(store, per_minute, prefix="ferry:infor:budget:"))
elif per_minute:
    use_request_budget(TokenBucket(per_minute=per_minute, burst=max(50, per_minute // 60)))
if sys.argv[1] == "serve":
    from django.core.management import call_command
    call_command("serve", port=int(sys.argv[2]))
else:
    from backend.celery import app
    app.worker_main(sys.argv[2:])
"""


def start_sandbox(module: str, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", str(port), *extra],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    if not wait_until(lambda: _answers(f"{url}/admin/state"), 30):
        raise RuntimeError(f"{module} did not start")
    return process, url


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def place_orders(shop: str, count: int) -> list[dict[str, Any]]:
    """``count`` orders through the Webservice, each from a different customer (1..500)."""
    from connectors.prestashop.credentials import client_for

    client = client_for({"baseUrl": shop, "apiKey": DEMO_KEY}, httpx.Client(timeout=30))
    addresses = {
        int(a["id_customer"]): int(a["id"])
        for a in client.iterate("addresses", display="[id,id_customer]", page_size=1000)
    }
    placed = []
    for number in range(count):
        customer = 1 + number % 500
        head = {"id_currency": 1, "id_lang": 1, "id_customer": customer}
        rows = [{"id_product": 1 + number % 24, "id_product_attribute": 0, "quantity": 1}]
        cart = client.create("carts", {**head, "associations": {"cart_rows": rows}})
        address = addresses[customer]
        client.create(
            "orders",
            {
                **head,
                "id_cart": cart["id"],
                "id_address_delivery": address,
                "id_address_invoice": address,
                "id_carrier": 2,
                "module": "ps_checkpayment",
                "payment": "Check",
                "conversion_rate": 1,
                "total_paid": 0,
                "total_paid_real": 0,
                "total_products": 0,
                "total_products_wt": 0,
            },
        )
        found = client.find_one("orders", {"id_cart": f"[{cart['id']}]"})
        assert found is not None
        placed.append({"id": int(found["id"]), "customer": customer})
    return placed


def post_events(
    url: str, token: str, orders: list[dict[str, Any]], senders: int, rate: float
) -> float:
    """Post every order's ``order.created`` event, as fast as possible or ``rate`` a second;
    returns when the first was accepted."""
    queue = list(enumerate(orders))
    lock = threading.Lock()
    first: list[float] = []
    begin = time.time()

    def send() -> None:
        with httpx.Client(timeout=30) as client:
            while True:
                with lock:
                    if not queue:
                        return
                    number, order = queue.pop(0)
                if rate:
                    time.sleep(max(0.0, begin + number / rate - time.time()))
                event = {
                    "id": str(uuid.uuid4()),
                    "event": "order.created",
                    "entity": {"type": "order", "id": order["id"]},
                    "data": {"id_customer": order["customer"]},
                }
                answer = client.post(f"{url}/hooks/{token}", json=event)
                answer.raise_for_status()
                with lock:
                    first.append(time.time())

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return min(first)


def _epoch(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime.fromisoformat(str(value).replace(" ", "T")).timestamp()


def report(ferry: Ferry, shop: str, infor: str, orders: int, started: float) -> None:
    # Only the orders' webhook runs: the template's polling backstop fires on its schedule too.
    rows = ferry.query(
        "SELECT status, created_at, finished_at FROM runs_run WHERE mode = 'webhook'"
    )
    statuses = Counter(str(status) for status, _, _ in rows)
    done = [(_epoch(c), _epoch(f)) for s, c, f in rows if s == "succeeded" and f is not None]
    latencies = sorted(finished - created for created, finished in done)
    last = max(finished for _, finished in done) if done else time.time()
    print(f"runs: {dict(statuses)}; dead letters: {len(ferry.dead_letters())}")
    print(f"throughput {len(done) / (last - started):.1f} orders/s (webhook in → number back)")
    if latencies:
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"latency p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
    state = httpx.get(f"{infor}/admin/state").json()
    messages = httpx.get(
        f"{shop}/api/messages",
        params={"display": "[id,id_order]", "output_format": "JSON", "limit": "100000"},
        auth=(DEMO_KEY, ""),
    ).json()
    per_order = Counter(m["id_order"] for m in (messages or {}).get("messages", []))
    print(f"M3 state: {json.dumps(state.get('counts', state))[:300]}")
    once = len(per_order) == orders and set(per_order.values()) == {1}
    print(f"messages written back: {len(per_order)} orders, exactly once: {once}")


def launch(ferry: Ferry, role: str, *args: str, per_minute: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, role, *args],
        env={**ferry.env, "BENCH_M3_PER_MINUTE": str(per_minute)},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    ferry.processes.append(process)
    return process


def run(args: argparse.Namespace) -> None:
    sandboxes = []
    try:
        shop_process, shop = start_sandbox("connectors.prestashop.sandbox")
        infor_process, infor = start_sandbox("connectors.infor.sandbox", "--speed", "0")
        sandboxes = [shop_process, infor_process]
        if args.m3_calls_per_minute:
            quota = {"api_calls_per_minute": args.m3_calls_per_minute}
            httpx.put(f"{infor}/admin/settings", json=quota).raise_for_status()
        orders = place_orders(shop, args.orders)
        env: dict[str, str] = {"FERRY_EMBEDDED_WORKERS": str(args.threads)}
        if args.mode == "scaled":
            import redis

            redis.Redis.from_url(REDIS).flushdb()
            env.update(DATABASE_URL=fresh_postgres("ferry_o2c"), REDIS_URL=REDIS)
        with tempfile.TemporaryDirectory() as data:
            ferry = Ferry(Path(data) / "ferry", env)
            ferry.manage("migrate", "--noinput")
            ionapi = json.dumps(httpx.get(f"{infor}/ionapi").json())
            given = json.dumps({"shop": shop, "key": DEMO_KEY, "ionapi": ionapi})
            token = ferry.manage("shell", "-c", INSTALL, stdin=given).strip().splitlines()[-1]
            try:
                per_minute = args.m3_calls_per_minute
                launch(ferry, "serve", str(ferry.port), per_minute=per_minute)
                if not wait_until(lambda: _answers(f"{ferry.url}/healthz"), 30):
                    raise RuntimeError("Ferry did not start")
                if args.mode == "scaled":
                    for number in range(args.workers):
                        worker = ["worker", "-n", f"o2c{number}@%h", "--concurrency"]
                        worker += [str(args.threads), "--pool", "threads", "-l", "WARNING"]
                        launch(ferry, "worker", *worker, per_minute=per_minute)
                    ferry.beat()  # the sweep re-rings a run whose doorbell was lost
                    time.sleep(3)  # workers connect to the broker
                names = ["serve"] + [f"worker{n}" for n in range(args.workers)]
                processes = {n: p.pid for n, p in zip(names, ferry.processes, strict=False)}
                processes.update(shop=shop_process.pid, infor=infor_process.pid)
                before = cpu.snapshot(processes, ("postgres", "redis-server"))
                started = post_events(ferry.url, token, orders, args.senders, args.rate)
                finished = (
                    "SELECT COUNT(*) FROM runs_run "
                    "WHERE mode = 'webhook' AND status IN ('succeeded', 'failed')"
                )
                wait_until(lambda: ferry.query(finished)[0][0] >= len(orders), 600)
                after = cpu.snapshot(processes, ("postgres", "redis-server"))
                report(ferry, shop, infor, len(orders), started)
                print(cpu.per_unit(before, after, len(orders), "order"))
            finally:
                ferry.stop()
    finally:
        for process in sandboxes:
            process.terminate()
            process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["embedded", "scaled"], default="embedded")
    parser.add_argument("--orders", type=int, default=400)
    parser.add_argument("--senders", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="Celery processes (scaled)")
    parser.add_argument("--threads", type=int, default=8, help="threads per process")
    parser.add_argument("--m3-calls-per-minute", type=int, default=60_000)
    parser.add_argument(
        "--rate", type=float, default=0, help="orders a second to send (0: all at once)"
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
