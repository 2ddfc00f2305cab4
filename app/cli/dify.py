"""``xinference-manager dify-check``: would Dify accept this model? Exit 0 yes, 1 no, 2 bad arguments."""

from __future__ import annotations

import argparse
import os
import sys

from app.cli.common import CliContext, print_json
from app.core.dify import DIFY_TYPES, LOCATIONS, MARK, DifyCheckRequest, Step, run_check


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("dify-check", help="test a model the way Dify's Xinference provider validates it",
                       description="Run Dify's own validation of an Xinference model, from where Dify runs, and "
                                   "explain each failure. Exit code 0: Dify would accept it; 1: it would not.")
    p.add_argument("--url", required=True, help="the server URL as typed into Dify")
    p.add_argument("--uid", required=True, help="the model UID as typed into Dify")
    p.add_argument("--model-type", choices=DIFY_TYPES, default="llm", help="the model type chosen in Dify")
    p.add_argument("--api-key", dest="dify_api_key", help="the API key typed into Dify (or the global --api-key)")
    p.add_argument("--dify-location", choices=LOCATIONS, default="same-host", help="where Dify runs")
    p.add_argument("--host-address",
                   help="this machine's address as Dify's container sees it (default: docker0's, else the first "
                        "non-loopback IPv4)")
    p.add_argument("--model-name", default="", help="the Model Name typed into Dify (only quoted in messages)")
    p.add_argument("--no-docker-probe", action="store_true", help="do not ask Dify's container via docker exec")
    p.add_argument("--json", action="store_true", help="print every step as JSON")
    p.set_defaults(handler=handle)


async def handle(args: argparse.Namespace, ctx: CliContext) -> int:
    # The global --api-key (or XINFERENCE_API_KEY) is the key typed into Dify's form.
    api_key = args.dify_api_key or ctx.api_key or os.environ.get("XINFERENCE_API_KEY") or None
    req = DifyCheckRequest(server_url=args.url, model_uid=args.uid, model_type=args.model_type, api_key=api_key,
                           location=args.dify_location, host_address=args.host_address, model_name=args.model_name,
                           docker_probe=not args.no_docker_probe)
    report = await run_check(req, on_step=None if args.json else _print_step)
    if args.json:
        print_json(report.to_json())
    else:
        print(f"\n{report.verdict}")
        if not report.accepted and report.suggested_url and report.suggested_url != args.url.rstrip("/"):
            print(f"Server URL to use from there: {report.suggested_url}")
    return 0 if report.accepted else 1


def _print_step(step: Step) -> None:
    line = f"{MARK[step.status]} {step.title} ({step.seconds:.2f} s)"
    if step.detail:
        line += f": {step.detail}"
    print(line)
    for label, text in (("cause", step.cause), ("fix", step.fix)):
        if text:
            print(f"    {label}: {text}")
    sys.stdout.flush()
