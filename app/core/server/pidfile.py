"""PID files for servers the app started: how a later app run finds them again (pid + create time).

One JSON file per port in the state dir. A record whose process is gone (or whose pid now belongs to another
process) is stale; its remembered tree may still hold orphans to clean up.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from app.core import paths
from app.core.atomic import write_atomic
from app.core.proc import ProcRef
from app.core.settings import ServerOptions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerRecord:
    pid: int
    create_time: float
    host: str
    port: int
    home: str
    endpoint: str
    started_at: float
    engine: list[str] = field(default_factory=list)
    tree: list[ProcRef] = field(default_factory=list)
    # The options it was started with (``ServerOptions`` as a dict), so that a restart from another process starts
    # it the same way; empty in records written before they were kept.
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def top(self) -> ProcRef:
        return ProcRef(self.pid, self.create_time)

    def is_alive(self) -> bool:
        return self.top.alive()

    def start_options(self, fallback: ServerOptions) -> ServerOptions:
        """The options it was started with; what an older record lacks comes from ``fallback`` (the profile)."""
        known = {f.name for f in fields(ServerOptions)}
        kept = {k: v for k, v in self.options.items() if k in known}
        return replace(fallback, **{"host": self.host, "port": self.port, "home": self.home, **kept})

    def orphans(self) -> list[ProcRef]:
        """Processes of the recorded tree that still live although the top process is gone."""
        return [r for r in self.tree if r.pid != self.pid and r.alive()]


def _record_path(port: int) -> Path:
    return paths.state_dir() / f"server-{port}.json"


def write_record(record: ServerRecord) -> None:
    data = asdict(record)
    data["tree"] = [[r.pid, r.create_time] for r in record.tree]
    write_atomic(_record_path(record.port), json.dumps(data, indent=1))


def remove_record(port: int) -> None:
    _record_path(port).unlink(missing_ok=True)


def read_records() -> list[ServerRecord]:
    records = []
    for path in sorted(paths.state_dir().glob("server-*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            data["tree"] = [ProcRef(int(p), float(t)) for p, t in data.get("tree", [])]
            records.append(ServerRecord(**data))
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("ignoring unreadable PID file %s: %s", path, exc)
            path.unlink(missing_ok=True)
    return records
