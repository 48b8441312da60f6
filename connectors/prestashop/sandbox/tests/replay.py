"""Replaying recorded exchanges against a running sandbox and comparing what matters."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

RECORDED = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "recorded-8.0.jsonl"
RECORDED_BASE = "http://127.0.0.1:8080"
KEYS = {
    "all": "RECORDEDDEMOALLPERMISSIONSKEY001",
    "readonly": "RECORDEDDEMOREADONLYKEY000000002",
    "inactive": "RECORDEDDEMOINACTIVEKEY000000003",
    "unknown": "Z" * 32,
    "short": "SHORT",
    "empty": "",
}
PLACEHOLDERS = {
    "KEY_ALL": KEYS["all"],
    "KEY_READONLY": KEYS["readonly"],
    "KEY_INACTIVE": KEYS["inactive"],
}
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
OPENS = r"(?:><!\[CDATA\[|\":\")"
CLOSES = r"(?=\]\]>|\")"
SECURE_KEY = re.compile(rf"(secure_key{OPENS})[0-9a-f]{{32}}{CLOSES}")
"""A new customer's ``secure_key``: random in a real shop, so only its format can match."""
BCRYPT = re.compile(rf"(passwd{OPENS})\$2y\$10\$(?:[./A-Za-z0-9]|\\/){{53}}{CLOSES}")
"""A new customer's password hash: bcrypt with a random salt, so only its format can match
(``\\/`` is PHP's JSON escape of a slash)."""
ORDER_REFERENCE = re.compile(rf"(reference{OPENS})([A-Z]{{9}}){CLOSES}")
"""A new order's ``reference``: 9 random capitals in a real shop, so only its format can match.
The demo orders' own references (README) are still compared by value."""
DEMO_REFERENCES = frozenset({"XKBKNABJK", "OHSATSERP", "UOYEVOLI", "FFATNOMMJ", "KHWLILZLL"})
HEADERS_THAT_MATTER = ("content-type", "psws-version", "www-authenticate")


def exchanges() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in RECORDED.read_text("utf-8").splitlines()]
    return sorted(rows, key=lambda e: e["seq"])


def send(client: httpx.Client, base: str, exchange: dict[str, Any]) -> httpx.Response:
    request = exchange["request"]
    path = request["path_and_query"]
    for placeholder, key in PLACEHOLDERS.items():
        path = path.replace(f"ws_key={placeholder}", f"ws_key={key}")
    # The shop names itself after the Host it is asked for, as PHP does behind a proxy.
    headers = {**request["headers"], "Host": RECORDED_BASE.removeprefix("http://")}
    kind, _, role = request["auth"].partition(":")
    if kind == "basic":
        token = base64.b64encode(f"{KEYS[role]}:".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    body = request["body"]
    return client.request(
        request["method"], base + path, headers=headers, content=body.encode() if body else None
    )


def normalise(body: str) -> str:
    body = SECURE_KEY.sub(r"\1<32 hex digits>", body)
    body = BCRYPT.sub(r"\1<bcrypt hash>", body)
    body = ORDER_REFERENCE.sub(_new_reference, body)
    return DATETIME.sub("<datetime>", body)


def _new_reference(match: re.Match[str]) -> str:
    if match.group(2) in DEMO_REFERENCES:
        return match.group(0)
    return match.group(1) + "<9 capital letters>"


@dataclass
class Difference:
    seq: int
    what: str

    def __str__(self) -> str:
        return f"seq {self.seq}: {self.what}"


def compare(
    exchange: dict[str, Any], response: httpx.Response, *, body: bool = True
) -> list[Difference]:
    seq = exchange["seq"]
    recorded = exchange["response"]
    out = []
    if response.status_code != recorded["status"]:
        out.append(Difference(seq, f"status {response.status_code} != {recorded['status']}"))
    wanted = {k.lower(): v for k, v in recorded["headers"]}
    for name in HEADERS_THAT_MATTER:
        if wanted.get(name) != response.headers.get(name):
            out.append(
                Difference(seq, f"{name} {response.headers.get(name)!r} != {wanted.get(name)!r}")
            )
    if ("content-sha1" in wanted) != ("content-sha1" in response.headers):
        out.append(Difference(seq, "Content-Sha1 presence differs"))
    if response.content and "content-sha1" in response.headers:
        if response.headers["content-sha1"] != hashlib.sha1(response.content).hexdigest():
            out.append(Difference(seq, "Content-Sha1 is not the body's"))
    elif not recorded["body"] and "content-sha1" in wanted and body:
        # HEAD and 304 carry the checksum of the body they leave out: it must be the same one.
        if response.headers.get("content-sha1") != wanted["content-sha1"]:
            out.append(Difference(seq, "Content-Sha1 of the omitted body differs"))
    if body and normalise(response.text) != normalise(recorded["body"]):
        out.append(Difference(seq, "body differs"))
    return out
