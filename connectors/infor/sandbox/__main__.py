"""Run the Infor sandbox: ``python -m connectors.infor.sandbox --port 8082``."""

from __future__ import annotations

import argparse

import uvicorn

from connectors.infor.sandbox.app import create_app
from connectors.infor.sandbox.clock import SandboxClock
from connectors.infor.sandbox.world import World


def main() -> None:
    parser = argparse.ArgumentParser(description="Infor ION API + M3 sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument(
        "--speed",
        type=float,
        default=60.0,
        help="virtual seconds per real second (0 = clock moves only through /admin/clock)",
    )
    parser.add_argument("--bod-url", default="", help="where to POST Sync BODs (none if empty)")
    parser.add_argument("--bod-style", choices=("xml", "ims"), default="xml")
    args = parser.parse_args()
    world = World(clock=SandboxClock(speed=args.speed))
    world.settings.bod_url = args.bod_url
    world.settings.bod_style = args.bod_style
    if args.speed > 1:
        # Tokens live on the sandbox clock; keep them two real hours when that clock runs fast.
        world.settings.token_lifetime = int(world.settings.token_lifetime * args.speed)
    print(f"Infor sandbox: credentials file at http://{args.host}:{args.port}/ionapi")
    uvicorn.run(create_app(world), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
