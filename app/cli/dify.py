"""``xinference-manager dify-check`` (would Dify accept this model? exit 0 yes, 1 no, 2 bad arguments) and
``dify-settings`` (what to type into Dify's form for the running models)."""

from __future__ import annotations

import argparse
import os
import sys

from app.cli.common import CliContext, print_json
from app.core.dify import (
    DIFY_TYPES,
    LOCATIONS,
    MARK,
    DifyCheckRequest,
    Step,
    dify_settings_block,
    known_location,
    run_check,
)
from app.core.models import running_rows

KEY_HINT = "an API key of this server (`xinference-manager server api-key`)"
UID_HINT = "`xinference-manager ps` lists the running UIDs"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("dify-check", help="test a model the way Dify's Xinference provider validates it",
                       description="Run Dify's own validation of an Xinference model, from where Dify runs, and "
                                   "explain each failure. Exit code 0: Dify would accept it; 1: it would not.")
    p.add_argument("--url", required=True, help="the server URL as typed into Dify")
    p.add_argument("--uid", required=True, help="the model UID as typed into Dify")
    p.add_argument("--model-type", choices=DIFY_TYPES, default="llm", help="the model type chosen in Dify")
    p.add_argument("--api-key", dest="dify_api_key", help="the API key typed into Dify (or the global --api-key)")
    _location_args(p)
    p.add_argument("--model-name", default="", help="the Model Name typed into Dify (only quoted in messages)")
    p.add_argument("--no-docker-probe", action="store_true", help="do not ask Dify's container via docker exec")
    p.add_argument("--json", action="store_true", help="print every step as JSON")
    p.set_defaults(handler=handle)

    s = sub.add_parser("dify-settings", help="print what to type into Dify's form for the running models",
                       description="Print Dify's 'Add Model' settings for each running model (or the given UIDs), "
                                   "with the server URL as Dify reaches it from where it runs.")
    s.add_argument("uids", nargs="*", help="only these UIDs (default: every running model)")
    _location_args(s, default=None)
    s.set_defaults(handler=settings_cmd)


def _location_args(p: argparse.ArgumentParser, default: str | None = "same-host") -> None:
    p.add_argument("--dify-location", choices=LOCATIONS, default=default,
                   help="where Dify runs" + (" (default: the profile's answer, else same-host)" if default is None
                                             else ""))
    p.add_argument("--host-address",
                   help="this machine's address as Dify's container sees it (default: docker0's, else the first "
                        "non-loopback IPv4)")


async def handle(args: argparse.Namespace, ctx: CliContext) -> int:
    # A --url that is not a URL at all (port out of range, IPv6 without ']') raises InvalidInput in run_check
    # before anything is sent: main() prints it on one line and exits 2.
    # The global --api-key (or XINFERENCE_API_KEY) is the key typed into Dify's form.
    api_key = args.dify_api_key or ctx.api_key or os.environ.get("XINFERENCE_API_KEY") or None
    req = DifyCheckRequest(server_url=args.url, model_uid=args.uid, model_type=args.model_type, api_key=api_key,
                           location=args.dify_location, host_address=args.host_address, model_name=args.model_name,
                           docker_probe=not args.no_docker_probe, known_endpoint=ctx.endpoint(),
                           key_hint=KEY_HINT, uid_hint=UID_HINT)
    report = await run_check(req, on_step=None if args.json else _print_step)
    if args.json:
        print_json(report.to_json())
    else:
        print(f"\n{report.verdict}")
        if not report.accepted and report.suggested_url and report.suggested_url != args.url.strip().rstrip("/"):
            print(f"Server URL that works from there: {report.suggested_url}")
    return 0 if report.accepted else 1


async def settings_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    client = ctx.client()
    rows = await running_rows(client)
    login_on = (await client.auth_info()).auth
    chosen = [r for r in rows if not args.uids or r.uid in args.uids]
    missing = [u for u in args.uids if u not in {r.uid for r in rows}]
    if missing:
        print(f"error: not running: {', '.join(missing)} ({UID_HINT})", file=sys.stderr)
        return 1
    # The window asks once per profile where Dify runs; the CLI follows that answer unless told otherwise.
    location = args.dify_location or known_location(ctx.settings.profile.dify_location) or "same-host"
    blocks = [dify_settings_block(r.to_model(), ctx.endpoint(), login_on, location, args.host_address,
                                  key_hint=KEY_HINT) for r in chosen]
    print("\n\n".join(blocks) if blocks else "No model is running.")
    return 0


def _print_step(step: Step) -> None:
    line = f"{MARK[step.status]} {step.title} ({step.seconds:.2f} s)"
    if step.detail:
        line += f": {step.detail}"
    print(line)
    for label, text in (("cause", step.cause), ("fix", step.fix)):
        if text:
            print(f"    {label}: {text}")
    sys.stdout.flush()
