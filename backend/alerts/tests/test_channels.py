"""Delivering alerts: SMTP email, signed webhooks, Slack and Teams incoming webhooks."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from backend.alerts.channels import DeliveryError, deliver
from backend.alerts.channels.chat import slack_payload, teams_payload
from backend.alerts.messages import AlertMessage
from backend.alerts.models import AlertChannel
from backend.alerts.tests.conftest import Receiver, RecordingHandler, free_port
from backend.ingress.signature import verify

MESSAGE = AlertMessage(
    state="firing",
    rule="Orders failing",
    summary="40.0% of the runs of workflow 'Orders' failed in the last 15 minutes.",
    url="http://ferry.example/runs?status=failed",
    at=datetime(2026, 3, 2, 10, 30, tzinfo=UTC),
    incident_id="5b0c",
)


def channel(kind: str, **settings: object) -> AlertChannel:
    made = AlertChannel(name=kind, kind=kind)
    plain = {k: v for k, v in settings.items() if k not in ("password", "secret", "url")}
    made.config = plain
    secret = {k: v for k, v in settings.items() if k in ("password", "secret", "url")}
    made.set_secrets(secret)
    return made


def test_it_emails_through_an_smtp_server(smtp: tuple[RecordingHandler, int]) -> None:
    handler, port = smtp
    mail = channel(
        "email",
        host="127.0.0.1",
        port=port,
        security="none",
        **{"from": "ferry@shop.example", "to": ["ops@shop.example", "it@shop.example"]},
    )

    deliver(mail, MESSAGE)

    [sent] = handler.messages
    assert sent["Subject"] == "[Ferry] Alert: Orders failing"
    assert sent["X-Ferry-Alert"] == "firing"
    body = sent.get_payload()
    assert "40.0% of the runs" in body
    assert "http://ferry.example/runs?status=failed" in body
    assert handler.envelopes == [("ferry@shop.example", ["ops@shop.example", "it@shop.example"])]


def test_it_says_why_a_mail_server_was_not_reached() -> None:
    mail = channel(
        "email",
        host="127.0.0.1",
        port=free_port(),
        security="none",
        **{"from": "ferry@shop.example", "to": ["ops@shop.example"]},
    )

    with pytest.raises(DeliveryError, match="The mail server refused the alert"):
        deliver(mail, MESSAGE)


def test_it_signs_webhook_posts_like_the_ingress(receiver: Receiver) -> None:
    hook = channel("webhook", url="http://ops.example/alerts", secret="s3cret")

    deliver(hook, MESSAGE, receiver.client)

    [request] = receiver.requests
    header = request.headers["X-Ferry-Signature"]
    verify("s3cret", header, request.content, tolerance=60, now=time.time())
    body = receiver.bodies()[0]
    assert body["state"] == "firing"
    assert body["title"] == "[Ferry] Alert: Orders failing"
    assert body["url"] == MESSAGE.url
    assert body["incidentId"] == "5b0c"


def test_it_reports_a_receiver_that_refuses(receiver: Receiver) -> None:
    receiver.status = 404
    hook = channel("slack", url="https://hooks.slack.example/T1/B2/x")

    with pytest.raises(DeliveryError, match="answered 404: no such hook"):
        deliver(hook, MESSAGE, receiver.client)


def test_it_posts_slack_text_with_blocks_and_a_link(receiver: Receiver) -> None:
    deliver(channel("slack", url="https://hooks.slack.example/x"), MESSAGE, receiver.client)

    [body] = receiver.bodies()
    assert body == slack_payload(MESSAGE)
    assert MESSAGE.url in body["text"]
    assert body["blocks"][2]["elements"][0]["url"] == MESSAGE.url


def test_it_posts_teams_message_cards(receiver: Receiver) -> None:
    deliver(channel("teams", url="https://teams.example/webhook"), MESSAGE, receiver.client)

    [body] = receiver.bodies()
    assert body == teams_payload(MESSAGE)
    assert body["@type"] == "MessageCard"
    assert body["potentialAction"][0]["targets"] == [{"os": "default", "uri": MESSAGE.url}]
    assert body["themeColor"] == "D93F0B"
