"""The CLI against a real xinference-local: start (login on, Xinference's default), status, a second start on the
same port, first-run login and an API key, busy port, stop with nothing left behind."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil

from app.core.proc import alive
from app.core.server.pidfile import read_records
from tests.support.harness import REPO, RunningServer, free_port


def cli(*args: str, stdin: str | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=REPO,
                          input=stdin, timeout=timeout, env=os.environ.copy())


def test_cli_server_lifecycle_with_login(engine_venv: Path, tmp_path: Path) -> None:
    port = free_port()
    started = time.monotonic()
    r = cli("server", "start", "--port", str(port), "--home", str(tmp_path / "home"), "--engine", str(engine_venv),
            "--wait")
    assert r.returncode == 0, r.stderr
    print(f"start-to-ready via CLI: {time.monotonic() - started:.1f} s")
    assert r.stdout.strip() == f"http://127.0.0.1:{port}"
    record = next(rec for rec in read_records() if rec.port == port)
    try:
        status = cli("server", "status", "--port", str(port), "--json")
        assert status.returncode == 0, status.stderr
        info = json.loads(status.stdout)
        # Login is on: the version needs the admin's login, but the server is recognised as Xinference.
        assert info["running"] is True and info["auth"] is True and info["version"].startswith("unknown")
        assert info["pid"] == record.pid and info["workers"][0]["memory_total"] > 0

        again = cli("server", "start", "--port", str(port), "--engine", str(engine_venv))
        assert again.returncode == 1
        assert "already answers" in again.stderr and str(port) in again.stderr

        login = cli("server", "login", "--port", str(port), "--password-stdin", stdin="a-long-password\n")
        assert login.returncode == 0, login.stderr
        assert "created the admin account" in login.stdout
        from app.core.secrets import SecretStore

        endpoint = f"http://127.0.0.1:{port}"
        password_key = SecretStore.key(endpoint, "password:admin")
        assert SecretStore().get(password_key) is None, "the password is not kept unless asked"
        saved = cli("server", "login", "--port", str(port), "--password-stdin", "--save-password",
                    stdin="a-long-password\n")
        assert saved.returncode == 0, saved.stderr
        assert "stored in a file only you can read" in saved.stdout  # no keyring in the tests: said so
        assert SecretStore().get(password_key) == "a-long-password"
        key = cli("server", "api-key", "dify", "--port", str(port))
        assert key.returncode == 0, key.stderr
        assert key.stdout.strip().startswith("xf-")
        # Logged in now: the saved session shows the real version.
        assert json.loads(cli("server", "status", "--port", str(port), "--json").stdout)["version"] == "4.1.0"
        # The key works against the real server, and never landed in the settings file.
        import httpx

        models = httpx.get(f"http://127.0.0.1:{port}/v1/models",
                           headers={"Authorization": f"Bearer {key.stdout.strip()}"}, timeout=30)
        assert models.status_code == 200
        settings_dir = Path(os.environ["XINFERENCE_MANAGER_HOME"]) / "config"
        assert key.stdout.strip() not in (settings_dir / "settings.json").read_text() if (
            settings_dir / "settings.json").exists() else True
    finally:
        tree = [*record.tree]
        t0 = time.monotonic()
        stop = cli("server", "stop", "--port", str(port))
        stop_s = time.monotonic() - t0
    assert stop.returncode == 0, stop.stderr
    print(f"stop via CLI: {stop_s:.1f} s")
    assert alive(tree) == []
    assert not any(c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN
                   for c in psutil.net_connections("inet"))
    assert cli("server", "status", "--port", str(port)).returncode == 1
    assert cli("server", "stop", "--port", str(port)).returncode == 1


def test_cli_busy_port_names_the_port(engine_venv: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = cli("server", "start", "--port", str(port), "--engine", str(engine_venv), "--no-auth")
    assert r.returncode != 0
    assert f"Port {port} is already in use" in r.stderr


def test_cli_bad_inputs(engine_venv: Path, tmp_path: Path) -> None:
    r = cli("server", "start", "--port", "70000", "--engine", str(engine_venv))
    assert r.returncode == 2 and "out of range" in r.stderr
    r = cli("server", "start", "--host", "192.0.2.7", "--engine", str(engine_venv))
    assert r.returncode == 2 and "not an address of this machine" in r.stderr
    blocker = tmp_path / "f"
    blocker.write_text("")
    r = cli("server", "start", "--home", str(blocker / "x"), "--engine", str(engine_venv))
    assert r.returncode == 2 and "not writable" in r.stderr
    r = cli("server", "start", "--engine", str(tmp_path / "missing"))
    assert r.returncode == 1 and "does not exist" in r.stderr
    r = cli("server", "bogus")
    assert r.returncode == 2


def test_engine_find_reports_version(engine_venv: Path) -> None:
    r = cli("engine", "find", "--engine", str(engine_venv), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["version"] == "4.1.0"


def test_cli_stops_a_server_it_did_not_start(engine_venv: Path, tmp_path: Path) -> None:
    """No PID file names it: the tree is found from the process listening on the port."""
    from tests.support.harness import start_server

    server = start_server(engine_venv, tmp_path, auth=False)
    tree = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
    r = cli("server", "stop", "--port", str(server.port))
    assert r.returncode == 0, r.stderr
    assert f"pid {server.pid}" in r.stderr
    _gone, alive_procs = psutil.wait_procs(tree, timeout=10)
    assert alive_procs == []


# -- the command line's arguments (issue 8): defaults, login without a terminal, keys from stdin ----------------------

def _profile_port_free() -> int:
    """Point the profile at a port nothing uses, so that 'the profile's server is not running' holds here whatever
    else runs on 9997 on this machine."""
    from app.core.settings import Settings

    settings = Settings.load()
    settings.profile.server.port = free_port()
    settings.save()
    return settings.profile.server.port


def test_cli_defaults_to_the_server_it_started_and_logs_in_without_a_terminal(
        engine_venv: Path, test_models: dict[str, Path], tmp_path: Path) -> None:
    profile_port = _profile_port_free()
    port = free_port()
    r = cli("server", "start", "--port", str(port), "--home", str(tmp_path / "home"), "--engine", str(engine_venv),
            "--wait")
    assert r.returncode == 0, r.stderr
    try:
        # No --port: the server this app started is the default while nothing runs on the profile's port.
        status = cli("server", "status", "--json")
        assert status.returncode == 0, status.stderr
        assert json.loads(status.stdout)["endpoint"] == f"http://127.0.0.1:{port}"
        ps = cli("-v", "ps")
        assert f"using the server this app started on port {port}" in ps.stderr
        assert f"the profile's port {profile_port}" in ps.stderr
        # Login is on and nobody is logged in: one line with the CLI's own way out, not the window's.
        assert ps.returncode == 1
        error = [line for line in ps.stderr.splitlines() if line.startswith("error:")]
        assert len(error) == 1 and "xinference-manager server login" in error[0] and "page" not in error[0]

        # stdin is not a terminal and no --password-stdin: a clear line, no EOFError, nothing asked.
        login = cli("server", "login", stdin="")
        assert login.returncode == 2
        assert "stdin is not a terminal" in login.stderr and "--password-stdin" in login.stderr
        assert "Traceback" not in login.stderr and "EOFError" not in login.stderr
        assert cli("server", "login", "--password-stdin", stdin="\n").returncode == 2  # an empty password

        login = cli("server", "login", "--password-stdin", stdin="a-long-password\n")
        assert login.returncode == 0, login.stderr
        key = cli("server", "api-key", "cli-args")
        assert key.returncode == 0, key.stderr
        api_key = key.stdout.strip()
        # The key from stdin reaches the server (an API key may list models); it is not on the command line.
        env_free = {k: v for k, v in os.environ.items() if k != "XINFERENCE_API_KEY"}
        listed = subprocess.run([sys.executable, "-m", "app", "--endpoint", f"http://127.0.0.1:{port}",
                                 "--api-key-stdin", "ps", "--json"], input=api_key + "\n", capture_output=True,
                                text=True, cwd=REPO, timeout=120, env={**env_free, "XINFERENCE_MANAGER_NO_KEYRING": "1",
                                                                      "XINFERENCE_MANAGER_HOME": str(tmp_path / "x")})
        assert listed.returncode == 0, listed.stderr
        assert json.loads(listed.stdout) == []
        wrong_place = cli("ps", "--api-key-stdin")
        assert wrong_place.returncode == 2
        assert "global options go before the command: xinference-manager --api-key-stdin ps" in wrong_place.stderr

        # `server restart` (no --port: the same default) starts it the way it was started (login stays on) and
        # brings the running model back under its UID, saying so per model.
        registered = cli("register", "--type", "embedding", "--name", "tiny-embed", "--path", str(test_models["embed"]),
                         "--persist")
        assert registered.returncode == 0, registered.stderr
        launched = cli("launch", "tiny-embed", "--type", "embedding", "--engine", "sentence_transformers", "--uid",
                       "kept-embed", "--wait")
        assert launched.returncode == 0, launched.stderr
        first_pid = next(rec.pid for rec in read_records() if rec.port == port)
        t0 = time.monotonic()
        restarted = cli("server", "restart", timeout=600)
        print(f"server restart via CLI with 1 model brought back: {time.monotonic() - t0:.1f} s")
        assert restarted.returncode == 0, restarted.stderr
        assert "kept-embed: launched (tiny-embed" in restarted.stdout
        assert "Restarted; every model (1) is back with its UID." in restarted.stderr
        assert next(rec.pid for rec in read_records() if rec.port == port) != first_pid
        info = json.loads(cli("server", "status", "--json").stdout)
        assert info["running"] is True and info["auth"] is True, "started again with login on, as before"
        assert [m["uid"] for m in json.loads(cli("ps", "--json").stdout)] == ["kept-embed"]
    finally:
        stop = cli("server", "stop")  # no --port either: the same default
    assert stop.returncode == 0, stop.stderr
    assert f"port {port}" in stop.stderr
    assert not any(rec.port == port for rec in read_records())


def test_cli_login_on_a_server_without_login_asks_nothing(launch_server: RunningServer) -> None:
    r = cli("--endpoint", launch_server.endpoint, "server", "login", stdin="")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "Login is off on this server."


def test_cli_bad_port_and_url_are_one_line() -> None:
    for argv in (["server", "status", "--port", "99999"], ["--endpoint", "http://[::1:9997", "ps"],
                 ["--endpoint", "http://127.0.0.1:99999", "server", "status"]):
        r = cli(*argv)
        assert r.returncode == 2, (argv, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr, r.stderr

def test_cli_stop_refuses_a_listener_that_is_not_xinference(tmp_path: Path) -> None:
    """`server stop --port P` on a port held by another program names that program and leaves it alone."""
    port = free_port()
    other = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                             cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not any(c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN
                      for c in psutil.net_connections("inet")):
            assert time.monotonic() < deadline, "http.server did not listen"
            time.sleep(0.1)
        r = cli("server", "stop", "--port", str(port))
        assert r.returncode == 1, r.stderr
        line = r.stderr.strip()
        assert len(line.splitlines()) == 1 and "Traceback" not in line, line
        assert f"pid {other.pid}" in line and "http.server" in line and "not an Xinference server" in line, line
        assert "Nothing was stopped" in line
        time.sleep(0.5)
        assert other.poll() is None, "the other program must still run"
    finally:
        other.kill()
        other.wait()
