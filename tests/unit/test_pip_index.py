"""The CPU-only install is not silently defeated: the indexes are asked first (seconds, against fake indexes on
loopback that refuse, hang or answer), real pip's retries name the failing host, and the torch that landed is read
back after the install."""

from __future__ import annotations

import asyncio
import socket
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from app.core.errors import EngineInstallFailed
from app.core.server import TORCH_CPU_INDEX
from app.core.server.engine import install_engine
from app.core.server.pip_index import (
    IndexProblem,
    check_index,
    check_indexes,
    failing_host,
    index_urls,
    torch_build,
    what_it_costs,
    without_index,
)


@pytest.fixture
def refusing_url() -> str:
    """A loopback port nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/whl/cpu"


@pytest.fixture
def hanging_url() -> Iterator[str]:
    """A loopback port that accepts connections (the backlog does) and never answers, like a dropping proxy."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/whl/cpu"


@pytest.fixture
async def answering_url() -> AsyncIterator[str]:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/whl/cpu"
    finally:
        server.close()
        await server.wait_closed()


def test_index_urls_and_going_without_one() -> None:
    args = ["--extra-index-url", TORCH_CPU_INDEX, "--index-url=https://mirror.example/simple", "-i", "http://x/s",
            "--no-cache-dir"]
    assert index_urls(args) == [TORCH_CPU_INDEX, "https://mirror.example/simple", "http://x/s"]
    assert without_index(args, TORCH_CPU_INDEX) == ["--index-url=https://mirror.example/simple", "-i", "http://x/s",
                                                    "--no-cache-dir"]
    assert without_index(args, "https://mirror.example/simple") == ["--extra-index-url", TORCH_CPU_INDEX, "-i",
                                                                    "http://x/s", "--no-cache-dir"]


async def test_a_refused_index_is_said_at_once(refusing_url: str) -> None:
    started = time.monotonic()
    problem = await check_index(refusing_url)
    assert problem is not None and problem.host == "127.0.0.1" and problem.cause
    assert time.monotonic() - started < 3


async def test_a_hanging_index_is_said_within_the_timeout(hanging_url: str) -> None:
    started = time.monotonic()
    problem = await check_index(hanging_url, timeout=1.0)
    assert problem == IndexProblem(hanging_url, "no answer in 1 s")
    assert time.monotonic() - started < 4


async def test_an_answering_index_is_fine(answering_url: str, refusing_url: str) -> None:
    assert await check_index(answering_url) is None
    problems = await check_indexes(["--extra-index-url", answering_url, "--extra-index-url", refusing_url])
    assert [p.url for p in problems] == [refusing_url]


def test_the_cost_of_going_without_the_cpu_index_is_said() -> None:
    cost = what_it_costs(IndexProblem(TORCH_CPU_INDEX, "no answer in 6 s"), TORCH_CPU_INDEX)
    assert cost.startswith("download.pytorch.org cannot be reached (no answer in 6 s)")
    assert "CUDA build" in cost and "GB" in cost


def test_pips_retry_warning_names_the_host() -> None:
    line = ("WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection "
            "broken by 'ConnectTimeoutError(<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>, "
            "'Connection to download.pytorch.org timed out. (connect timeout=15)')': /whl/cpu/torch/")
    assert failing_host(line, ["--extra-index-url", TORCH_CPU_INDEX]) == "download.pytorch.org"
    assert failing_host("Collecting torch", ["--extra-index-url", TORCH_CPU_INDEX]) is None


async def test_real_pip_retrying_an_unreachable_index_names_its_host(refusing_url: str, tmp_path: Path) -> None:
    lines: list[str] = []
    index = refusing_url.replace("/whl/cpu", "/simple")
    with pytest.raises(EngineInstallFailed):
        await install_engine("xim-no-such-package-zz", ["--index-url", index, "--retries", "1", "--timeout", "2"],
                             home=tmp_path, on_line=lines.append)
    named = [line for line in lines if line.startswith("[Cannot reach 127.0.0.1, retrying] WARNING: Retrying")]
    assert named, "\n".join(lines)


@pytest.mark.skipif(sys.platform == "win32", reason="the fake Python is a shell script")
async def test_the_torch_that_landed_is_read_back(tmp_path: Path) -> None:
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'UserWarning: something'\necho 'torch-build 2.5.1 12.4'\n")
    fake.chmod(0o755)
    cuda = await torch_build(str(fake))
    assert cuda is not None and cuda.cuda == "12.4" and cuda.describe() == "torch 2.5.1: built for CUDA 12.4"
    fake.write_text("#!/bin/sh\necho 'torch-build 2.5.1+cpu -'\n")
    cpu = await torch_build(str(fake))
    assert cpu is not None and cpu.cuda == "" and cpu.describe() == "torch 2.5.1+cpu: the CPU build"
    assert await torch_build(sys.executable) is None  # the app's own Python has no torch


def test_cli_refuses_an_unreachable_index_unless_told(refusing_url: str, tmp_path: Path) -> None:
    import subprocess

    repo = Path(__file__).resolve().parents[2]
    argv = [sys.executable, "-m", "app", "engine", "install", "--requirement", "xim-no-such-package-zz",
            "--pip-arg=--no-index", f"--pip-arg=--extra-index-url={refusing_url}", "--target", str(tmp_path / "e")]
    started = time.monotonic()
    refused = subprocess.run(argv, cwd=repo, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and time.monotonic() - started < 30
    assert refused.stderr.startswith("error: 127.0.0.1 cannot be reached (")
    assert "--without-unreachable-index" in refused.stderr and not (tmp_path / "e").exists()
    going_on = subprocess.run([*argv, "--without-unreachable-index"], cwd=repo, capture_output=True, text=True,
                              timeout=300)
    assert f"going on without {refusing_url}" in going_on.stderr
    assert "python -m pip failed" in going_on.stderr  # pip ran, without the index (and with no package to find)
