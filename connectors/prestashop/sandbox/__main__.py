"""``python -m connectors.prestashop.sandbox --port 8081 [--seed ...] [--profile ...]``."""

from __future__ import annotations

import argparse

import uvicorn

from connectors.prestashop.sandbox.seed_generated import DEMO_KEY
from connectors.prestashop.sandbox.seed_recorded import KEY_ALL
from connectors.prestashop.sandbox.server import SEEDS, make_sandbox
from connectors.prestashop.sandbox.shop import PROFILES


def main() -> None:
    parser = argparse.ArgumentParser(description="PrestaShop Webservice sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--seed", choices=SEEDS, default="generated")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="8.1")
    parser.add_argument("--seed-number", type=int, default=1)
    args = parser.parse_args()
    sandbox = make_sandbox(args.seed, args.profile, args.seed_number)
    key = KEY_ALL if args.seed == "recorded-demo" else DEMO_KEY
    print(
        f"PrestaShop sandbox {sandbox.shop.profile.version} on http://{args.host}:{args.port}/api/"
    )
    print(f"API key with every permission: {key}")
    uvicorn.run(sandbox, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
