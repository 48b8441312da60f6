"""``ferry`` command: validate, deploy, export and list workflows, list runs.

Reads ``FERRY_URL`` (default http://127.0.0.1:8000) and ``FERRY_TOKEN``; every failure is one
line on stderr and a non-zero exit status, so a CI log says what to fix.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cli.client import ApiError, FerryApi
from cli.dlq import add_commands as add_durability_commands
from cli.workflow_file import WorkflowFile, WorkflowFileError, read_workflow_file


def _api(args: argparse.Namespace) -> FerryApi:
    return FerryApi(args.url, args.token)


def _problem_lines(problems: list[dict[str, Any]]) -> list[str]:
    lines = []
    for problem in problems:
        where = problem.get("nodeId") or "workflow"
        field = f".{problem['field']}" if problem.get("field") else ""
        lines.append(f"  {where}{field}: {problem.get('message')}")
    return lines


def cmd_validate(args: argparse.Namespace) -> int:
    files = [(path, read_workflow_file(Path(path))) for path in args.files]
    # Imported late: listing or deploying needs no engine, only validation does.
    from workflows.graph import validate_document
    from workflows.registry import default_registry

    failed = 0
    for path, workflow in files:
        problems = validate_document(workflow.document, default_registry())
        if problems:
            failed += 1
            print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
            for line in _problem_lines([p.to_json() for p in problems]):
                print(line, file=sys.stderr)
        else:
            print(f"{path}: valid")
    return 1 if failed else 0


def _save_version(api: FerryApi, workflow: dict[str, Any], file: WorkflowFile, msg: str) -> int:
    version = api.request(
        "POST",
        f"/api/v1/workflows/{workflow['id']}/versions/",
        {"document": file.document, "message": msg},
    )
    return int(version["number"])


def cmd_deploy(args: argparse.Namespace) -> int:
    api = _api(args)
    file = read_workflow_file(Path(args.file), args.name)
    workflow = api.find_workflow(args.workflow or file.name)
    if workflow is None:
        workflow = api.request(
            "POST", "/api/v1/workflows/", {"name": file.name, "description": file.description}
        )
    number = _save_version(api, workflow, file, args.message)
    if args.no_activate:
        print(f"Saved {workflow['name']} v{number} (not deployed)")
        return 0
    api.request("POST", f"/api/v1/workflows/{workflow['id']}/deploy", {"version": number})
    print(f"Deployed {workflow['name']} v{number}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    api = _api(args)
    workflow = api.find_workflow(args.workflow)
    if workflow is None:
        raise ApiError(f"no workflow named {args.workflow!r}")
    number = args.version or workflow.get("activeVersion") or workflow.get("latestVersion")
    if not number:
        raise ApiError(f"workflow {workflow['name']!r} has no saved version")
    version = api.request("GET", f"/api/v1/workflows/{workflow['id']}/versions/{number}/")
    file = WorkflowFile(workflow["name"], workflow.get("description", ""), version["document"])
    text = json.dumps(file.to_json(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_workflows(args: argparse.Namespace) -> int:
    for workflow in _api(args).workflows():
        active = workflow.get("activeVersion")
        print(
            f"{workflow['id']}  {workflow['name']}  deployed=v{active}"
            if active
            else f"{workflow['id']}  {workflow['name']}  not deployed"
        )
    return 0


def cmd_runs(args: argparse.Namespace) -> int:
    api = _api(args)
    params: dict[str, Any] = {"limit": args.limit}
    if args.workflow:
        workflow = api.find_workflow(args.workflow)
        if workflow is None:
            raise ApiError(f"no workflow named {args.workflow!r}")
        params["workflow"] = workflow["id"]
    if args.status:
        params["status"] = args.status
    if args.search:
        params["search"] = args.search
    page = api.request("GET", "/api/v1/runs/", **params)
    for run in page["results"]:
        key = run.get("businessKey") or "-"
        print(f"{run['id']}  {run['status']:<10}  {run['workflowName']}  {key}  {run['createdAt']}")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    print(FerryApi(args.url, "").token(args.username, args.password))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ferry", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("FERRY_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=os.environ.get("FERRY_TOKEN", ""))
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check workflow files without a server")
    validate.add_argument("files", nargs="+")
    validate.set_defaults(func=cmd_validate)

    deploy = commands.add_parser("deploy", help="save a workflow file as a new version, deploy it")
    deploy.add_argument("file")
    deploy.add_argument("--workflow", help="name or id of the workflow (default: the file's)")
    deploy.add_argument("--name", help="name for a bare document file")
    deploy.add_argument("--message", default="deployed from the command line")
    deploy.add_argument("--no-activate", action="store_true", help="save without deploying")
    deploy.set_defaults(func=cmd_deploy)

    export = commands.add_parser("export", help="write a workflow version as a file")
    export.add_argument("workflow")
    export.add_argument("--version", type=int)
    export.add_argument("-o", "--output")
    export.set_defaults(func=cmd_export)

    commands.add_parser("workflows", help="list workflows").set_defaults(func=cmd_workflows)

    runs = commands.add_parser("runs", help="list recent runs")
    runs.add_argument("--workflow")
    runs.add_argument("--status")
    runs.add_argument("--search", help="business key, e.g. an order reference")
    runs.add_argument("--limit", type=int, default=20)
    runs.set_defaults(func=cmd_runs)

    token = commands.add_parser("token", help="print an API token for FERRY_TOKEN")
    token.add_argument("username")
    token.add_argument("password")
    token.set_defaults(func=cmd_token)

    add_durability_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (ApiError, WorkflowFileError) as exc:
        print(f"ferry: {exc}", file=sys.stderr)
        for line in _problem_lines(getattr(exc, "problems", [])):
            print(line, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
