"""Schedule trigger: cron plus time zone, and the next fire time the backend's scheduler uses."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from workflows.sdk import ConfigIssue, Item, Node, NodeContext, NodeResult, NodeSpec
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import MAIN_OUT


class ScheduleTrigger(Node):
    spec = NodeSpec(
        type_id="core.trigger.schedule",
        version=1,
        display_name="Schedule",
        description="Starts a run at the times a cron expression names, in a chosen time zone.",
        category="Triggers",
        icon="clock",
        kind="trigger",
        config_schema={
            "type": "object",
            "properties": {
                "cron": {
                    "type": "string",
                    "title": "Cron expression",
                    "description": "Five fields: minute hour day-of-month month day-of-week.",
                    "minLength": 1,
                    "default": "0 * * * *",
                },
                "timezone": {
                    "type": "string",
                    "title": "Time zone",
                    "description": "IANA name, e.g. Europe/Paris.",
                    "default": "UTC",
                },
            },
            "required": ["cron"],
            "additionalProperties": False,
        },
        ui={
            "cron": {"widget": "text", "placeholder": "*/15 * * * *"},
            "timezone": {"widget": "text", "placeholder": "Europe/Paris"},
        },
        inputs=(),
        outputs=(MAIN_OUT,),
        retry=NO_RETRY,
        timeout_s=5.0,
        side_effects="none",
        trigger="schedule",
    )

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> list[ConfigIssue]:
        issues = super().validate_config(config)
        cron = config.get("cron")
        if isinstance(cron, str) and not croniter.is_valid(cron):
            issues.append(ConfigIssue("cron", f"'{cron}' is not a valid cron expression."))
        timezone = config.get("timezone", "UTC")
        if isinstance(timezone, str) and _zone(timezone) is None:
            issues.append(ConfigIssue("timezone", f"'{timezone}' is not a known time zone."))
        return issues

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        return NodeResult.on("main", [Item(item.json) for item in inputs.get("main", [])])


def next_fire_time(config: dict[str, Any], after: datetime) -> datetime:
    """The first time strictly after ``after`` that the schedule fires, in UTC.

    Cron fields are read in the config's time zone, so ``0 9 * * *`` in Europe/Paris fires at
    09:00 Paris time across daylight-saving changes. A naive ``after`` is taken as UTC. Raises
    ``ValueError`` for an invalid cron expression or time zone.
    """
    zone = _zone(str(config.get("timezone") or "UTC"))
    if zone is None:
        raise ValueError(f"Unknown time zone '{config.get('timezone')}'.")
    cron = str(config.get("cron", ""))
    if not croniter.is_valid(cron):
        raise ValueError(f"'{cron}' is not a valid cron expression.")
    start = after if after.tzinfo else after.replace(tzinfo=UTC)
    fire: datetime = croniter(cron, start.astimezone(zone)).get_next(datetime)
    return fire.astimezone(UTC)


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
