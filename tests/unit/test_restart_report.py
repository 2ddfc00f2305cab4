"""What a restart that keeps models says: a model that was loading and did not come back is never counted as back;
a server the app started is restarted with the options it was started with."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import AuthRequired, PortBusy
from app.core.models import (
    FAILED,
    LAUNCHED,
    LaunchRequest,
    ModelSet,
    NotKept,
    RestartReport,
    SetProgress,
    SetReport,
)
from app.core.server import recorded_engine
from app.core.server.pidfile import ServerRecord
from app.core.settings import ServerOptions

CHAT = LaunchRequest("tiny-chat", "LLM", "Transformers", model_uid="chat")
EMBED = LaunchRequest("tiny-embed", "embedding", "sentence_transformers", model_uid="embed")
KEPT = ModelSet("Kept across restart", (CHAT, EMBED))


def _report(*outcomes: SetProgress) -> SetReport:
    return SetReport(KEPT.name, outcomes)


def test_every_model_back_only_when_each_outcome_says_so() -> None:
    back = RestartReport(KEPT, brought_back=_report(SetProgress(0, 2, CHAT, LAUNCHED, seconds=3.0),
                                                    SetProgress(1, 2, EMBED, LAUNCHED, seconds=2.0)))
    assert back.all_back and back.summary() == "Restarted; every model (2) is back with its UID."
    lost = RestartReport(KEPT, (NotKept("loading-1", "it failed while loading: out of memory"),),
                         brought_back=back.brought_back)
    assert not lost.all_back
    assert lost.summary() == "Restarted; 2 of 3 model(s) are back."
    assert lost.lines()[0] == "loading-1: not brought back: it failed while loading: out of memory"
    failed = RestartReport(KEPT, brought_back=_report(SetProgress(0, 2, CHAT, LAUNCHED),
                                                      SetProgress(1, 2, EMBED, FAILED, error=PortBusy("127.0.0.1", 1))))
    assert not failed.all_back and failed.summary() == "Restarted; 1 of 2 model(s) are back."
    login = RestartReport(KEPT, brought_back=_report(SetProgress(0, 2, CHAT, FAILED, error=AuthRequired("x"))))
    assert [o.uid for o in login.needs_login] == ["chat"]
    assert RestartReport(None).summary() == "Restarted; no model was running." and RestartReport(None).all_back
    error = RestartReport(KEPT, error=PortBusy("127.0.0.1", 9997))
    assert not error.all_back and error.summary().startswith("The server was not restarted")


def test_a_restart_uses_the_options_the_server_was_started_with() -> None:
    profile = ServerOptions(port=9997, auth_enabled=True, log_level="INFO")
    started = ServerOptions(host="0.0.0.0", port=9990, home="/h", auth_enabled=False, log_level="DEBUG",
                            extra_env={"A": "1"})
    record = ServerRecord(pid=1, create_time=0.0, host="0.0.0.0", port=9990, home="/h",
                          endpoint=started.endpoint, started_at=0.0, options=vars(started).copy())
    assert record.start_options(profile) == started
    older = ServerRecord(pid=1, create_time=0.0, host="0.0.0.0", port=9990, home="/h", endpoint=started.endpoint,
                         started_at=0.0)  # written before the options were kept
    assert older.start_options(profile) == ServerOptions(host="0.0.0.0", port=9990, home="/h", auth_enabled=True)


def test_a_restart_uses_the_engine_the_server_was_started_with(tmp_path: Path) -> None:
    program = tmp_path / "xinference-local"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    record = ServerRecord(pid=1, create_time=0.0, host="127.0.0.1", port=9990, home="", endpoint="", started_at=0.0,
                          engine=[str(program)])
    engine = recorded_engine(record)
    assert engine is not None and engine.command == (str(program),)
    gone = ServerRecord(pid=1, create_time=0.0, host="127.0.0.1", port=9990, home="", endpoint="", started_at=0.0,
                        engine=[str(tmp_path / "removed-since")])
    assert recorded_engine(gone) is None, "then a restart finds one as a start does"
