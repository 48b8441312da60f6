"""``ferry dlq`` (list, show, retry, discard dead letters) and ``ferry replay``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cli.client import ApiError, FerryApi

BASE = "/api/v1/dead-letters/"


def say(text: str) -> None:
    """One line of output (the CLI's stdout is its interface)."""
    sys.stdout.write(f"{text}\n")


def _api(args: argparse.Namespace) -> FerryApi:
    return FerryApi(args.url, args.token)


def _filters(api: FerryApi, args: argparse.Namespace) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if args.workflow:
        workflow = api.find_workflow(args.workflow)
        if workflow is None:
            raise ApiError(f"no workflow named {args.workflow!r}")
        params["workflow"] = workflow["id"]
    for name, key in (("error_class", "errorClass"), ("code", "code"), ("node", "nodeId")):
        if getattr(args, name, None):
            params[key] = getattr(args, name)
    if getattr(args, "search", None):
        params["search"] = args.search
    return params


def cmd_list(args: argparse.Namespace) -> int:
    api = _api(args)
    params = {**_filters(api, args), "limit": args.limit}
    if args.status:
        params["status"] = args.status
    page = api.request("GET", BASE, **params)
    for letter in page["results"]:
        key = letter.get("businessKey") or "-"
        say(
            f"{letter['id']:>6}  {letter['status']:<9}  {letter['errorClass']:<10}  "
            f"{letter['workflowName']}  {key}  {letter['nodeId'] or '-'}  {letter['reason']}"
        )
    sys.stderr.write(f"{page['count']} dead letter(s)\n")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    letter = _api(args).request("GET", f"{BASE}{args.id}/")
    say(f"Dead letter {letter['id']} ({letter['status']}) of run {letter['runId']}")
    say(f"  workflow: {letter['workflowName']}   key: {letter['businessKey'] or '-'}")
    say(f"  class:    {letter['errorClass']}   code: {letter['code']}")
    say(f"  step:     {letter['nodeId'] or '-'} after {letter['attempts']} attempt(s)")
    say(f"  reason:   {letter['reason']}")
    say("  input:")
    say(json.dumps(letter["input"], indent=2, ensure_ascii=False))
    say("  history:")
    for entry in letter["audit"]:
        why = f" - {entry['reason']}" if entry["reason"] else ""
        say(f"    {entry['at']}  {entry['action']:<9} by {entry['actor']}{why}")
    return 0


def cmd_retry(args: argparse.Namespace) -> int:
    api = _api(args)
    if args.all:
        body = {**_filters(api, args), "reason": args.reason}
        result = api.request("POST", f"{BASE}retry", body)
        say(f"Retried {result['count']} run(s)")
        return 0
    if args.id is None:
        raise ApiError("give a dead letter id, or --all with filters")
    body = {"reason": args.reason}
    if args.input:
        text = sys.stdin.read() if args.input == "-" else Path(args.input).read_text("utf-8")
        try:
            body["input"] = json.loads(text)
        except ValueError as exc:
            raise ApiError(f"the edited input is not JSON: {exc}") from None
    letter = api.request("POST", f"{BASE}{args.id}/retry", body)
    say(f"Retried run {letter['runId']}")
    return 0


def cmd_discard(args: argparse.Namespace) -> int:
    body = {"reason": args.reason}
    letter = _api(args).request("POST", f"{BASE}{args.id}/discard", body)
    say(f"Discarded dead letter {letter['id']} of run {letter['runId']}")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    body = {
        "fromNode": args.from_node or "",
        "version": "active" if args.active else "original",
        "dryRun": args.dry_run,
        "forceNewEffects": args.force_effects,
        "reason": args.reason,
    }
    result = _api(args).request("POST", f"/api/v1/runs/{args.run_id}/replay", body)
    say(f"Replay run {result['runId']} on version {result['versionNumber']}")
    if args.dry_run:
        say(json.dumps(result["output"], indent=2, ensure_ascii=False))
    return 0


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workflow", help="name or id")
    parser.add_argument("--class", dest="error_class", help="connection, auth, validation, ...")
    parser.add_argument("--code", help="error code, e.g. http.status_422")
    parser.add_argument("--node", help="the failing node's id")
    parser.add_argument("--search", help="business key or run id")


def add_commands(commands: Any) -> None:
    """Register ``dlq`` and ``replay`` on the ``ferry`` parser's subcommands."""
    dlq = commands.add_parser("dlq", help="the dead-letter queue").add_subparsers(
        dest="dlq_command", required=True
    )
    listing = dlq.add_parser("list", help="list dead letters (open ones by default)")
    _add_filters(listing)
    listing.add_argument("--status", help="open, retried, discarded (comma separated)")
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(func=cmd_list)

    show = dlq.add_parser("show", help="a dead letter with its input and history")
    show.add_argument("id", type=int)
    show.set_defaults(func=cmd_show)

    retry = dlq.add_parser("retry", help="retry one (optionally with an edited input) or many")
    retry.add_argument("id", type=int, nargs="?")
    retry.add_argument("--input", help="JSON file with the edited input ('-' for stdin)")
    retry.add_argument("--reason", default="")
    retry.add_argument("--all", action="store_true", help="every open letter the filters match")
    _add_filters(retry)
    retry.set_defaults(func=cmd_retry)

    discard = dlq.add_parser("discard", help="never run it again, saying why")
    discard.add_argument("id", type=int)
    discard.add_argument("--reason", required=True)
    discard.set_defaults(func=cmd_discard)

    replay = commands.add_parser("replay", help="run a past run again")
    replay.add_argument("run_id")
    replay.add_argument("--from", dest="from_node", help="node id to start at (default trigger)")
    replay.add_argument("--active", action="store_true", help="on the deployed version")
    replay.add_argument("--dry-run", action="store_true", help="stop before the first effect")
    replay.add_argument("--force-effects", action="store_true", help="repeat effects done")
    replay.add_argument("--reason", default="")
    replay.set_defaults(func=cmd_replay)
