"""The shop module's PHP: it parses, and it signs and shapes events exactly as Ferry expects."""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
from pathlib import Path

import pytest

from connectors.prestashop.sandbox.webhooks import payload, sign

MODULE = Path(__file__).resolve().parents[1] / "module" / "ferry"


def php(*args: str) -> str:
    done = subprocess.run(["php", *args], capture_output=True, text=True, check=False, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("source", sorted(MODULE.rglob("*.php")), ids=lambda p: p.name)
def test_it_ships_php_that_parses(source: Path) -> None:
    assert "No syntax errors" in php("-l", str(source))


def test_it_signs_like_ferry_verifies(tmp_path: Path) -> None:
    body = json.dumps({"id": "e-1", "event": "order.created", "note": 'é & "quotes"'}).encode()
    (tmp_path / "body.json").write_bytes(body)
    header = php(
        str(MODULE / "tests" / "SignerTest.php"),
        "s3cret",
        "1712345678",
        str(tmp_path / "body.json"),
    )
    digest = hmac.new(b"s3cret", b"1712345678." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1712345678,v1={digest}"
    assert header == sign("s3cret", 1712345678, body)


def test_it_builds_the_same_event_shape_as_the_sandbox() -> None:
    script = (
        f"require '{MODULE / 'classes' / 'FerryEvent.php'}';"
        "echo FerryEvent::encode(FerryEvent::build('order.created', 'order', 5,"
        " array('reference' => 'ABC/1'), array('id' => 1)));"
    )
    event = json.loads(php("-r", script))
    expected = payload("order.created", "order", 5, {"reference": "ABC/1"}, {"id": 1})
    assert list(event) == list(expected)
    assert event["entity"] == {"type": "order", "id": 5}
    assert len(event["id"]) == 36
    assert event["occurredAt"].endswith("Z")
