"""Asking Dify's plugin daemon container itself (``docker exec``) whether it reaches the server, when a Docker CLI
on this machine can see that container. A real answer from there beats any prediction."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from dataclasses import dataclass

from yarl import URL


@dataclass(frozen=True)
class ProbeResult:
    container: str
    reachable: bool
    output: str


_PROBE = (
    "u={url}; "
    "if command -v python3 >/dev/null; then python3 -c \"import sys,urllib.request as r\n"
    "try:\n print(r.urlopen(sys.argv[1], timeout=10).status)\n"
    "except Exception as e:\n print(getattr(e, 'code', None) or e); "
    "sys.exit(getattr(e, 'code', None) is None)\" \"$u\"; "
    "elif command -v curl >/dev/null; then curl -sS -m 10 -o /dev/null -w '%{{http_code}}' \"$u\"; "
    "else wget -q -T 10 -O /dev/null \"$u\" && echo ok; fi"
)


async def _run(*cmd: str, timeout: float) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        await proc.wait()
        return 124, "timed out"
    return proc.returncode or 0, out.decode(errors="replace").strip()


async def find_plugin_daemon() -> str | None:
    """The name of a running Dify plugin daemon container, when a Docker CLI here can see one."""
    if shutil.which("docker") is None:
        return None
    code, out = await _run("docker", "ps", "--format", "{{.Names}}\t{{.Image}}", timeout=10)
    if code != 0:
        return None
    for line in out.splitlines():
        name, _, image = line.partition("\t")
        if "plugin_daemon" in name or "plugin-daemon" in name or "plugin-daemon" in image:
            return name
    return None


async def probe_from_container(server_url: str) -> ProbeResult | None:
    """Open ``/v1/cluster/auth`` of the server from inside the plugin daemon container (any HTTP answer counts)."""
    container = await find_plugin_daemon()
    if container is None:
        return None
    target = str(URL(server_url.strip()).with_path("/v1/cluster/auth"))
    quoted = "'" + target.replace("'", "'\\''") + "'"
    code, out = await _run("docker", "exec", container, "sh", "-c", _PROBE.format(url=quoted), timeout=30)
    answered = code == 0 and out.strip()[:3].isdigit() or out.strip() == "ok"
    return ProbeResult(container, bool(answered), out[-500:])
