"""Alerts to chat incoming webhooks: Slack (text + blocks) and Microsoft Teams (MessageCard)."""

from __future__ import annotations

from typing import Any

import httpx

from backend.alerts.channels.webhook import post
from backend.alerts.messages import AlertMessage

COLOURS = {"firing": "D93F0B", "resolved": "2EA44F", "test": "0366D6"}


def slack_payload(message: AlertMessage) -> dict[str, Any]:
    return {
        "text": f"{message.title}: {message.summary} {message.url}",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": message.title}},
            {"type": "section", "text": {"type": "mrkdwn", "text": message.summary}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Open in Ferry"},
                        "url": message.url,
                    }
                ],
            },
        ],
    }


def teams_payload(message: AlertMessage) -> dict[str, Any]:
    return {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": message.title,
        "themeColor": COLOURS[message.state],
        "title": message.title,
        "text": message.summary,
        "potentialAction": [
            {
                "@type": "OpenUri",
                "name": "Open in Ferry",
                "targets": [{"os": "default", "uri": message.url}],
            }
        ],
    }


def send_slack(settings: dict[str, Any], message: AlertMessage, http: httpx.Client) -> None:
    post(http, settings["url"], json=slack_payload(message))


def send_teams(settings: dict[str, Any], message: AlertMessage, http: httpx.Client) -> None:
    post(http, settings["url"], json=teams_payload(message))
