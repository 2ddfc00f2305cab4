"""The package indexes an install depends on: reachable before pip starts, and which torch build landed after.

pip treats an unreachable ``--extra-index-url`` as a warning: it retries each package five times (24 minutes behind
a proxy that drops the connection), then takes torch from PyPI, whose Linux wheel is the CUDA build (several GB).
The CPU-only proposal is then defeated without a word. So the indexes are asked first (seconds), the cost of going
on without one is said, and after the install the torch that landed is read back (``torch.version.cuda``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from app.core.proc import run_capture

INDEX_OPTIONS = ("--index-url", "-i", "--extra-index-url")
CHECK_TIMEOUT = 6.0  # seconds: a reachable index answers well within it
# What pip downloads when the CPU index is not used on Linux: the CUDA torch wheel and its nvidia-* packages.
CUDA_TORCH_GB = 7.0
TORCH_SNIPPET = "import torch; print('torch-build', torch.__version__, torch.version.cuda or '-')"


@dataclass(frozen=True)
class IndexProblem:
    """An index that did not answer: ``cause`` in a few words (refused, no answer in 6 s, a proxy's error)."""

    url: str
    cause: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or self.url


def index_urls(pip_args: list[str] | tuple[str, ...]) -> list[str]:
    """The index URLs named in pip's arguments (``--extra-index-url URL``, ``--index-url=URL``, ``-i URL``)."""
    urls: list[str] = []
    args = list(pip_args)
    for position, arg in enumerate(args):
        for option in INDEX_OPTIONS:
            if arg == option and position + 1 < len(args):
                urls.append(args[position + 1])
            elif option.startswith("--") and arg.startswith(option + "="):
                urls.append(arg.split("=", 1)[1])
    return urls


def without_index(pip_args: list[str] | tuple[str, ...], url: str) -> list[str]:
    """``pip_args`` less the option naming ``url`` (so that pip does not spend minutes retrying it)."""
    out: list[str] = []
    args = list(pip_args)
    skip = False
    for position, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg in INDEX_OPTIONS and position + 1 < len(args) and args[position + 1] == url:
            skip = True
            continue
        if any(arg == f"{option}={url}" for option in INDEX_OPTIONS if option.startswith("--")):
            continue
        out.append(arg)
    return out


async def check_index(url: str, timeout: float = CHECK_TIMEOUT) -> IndexProblem | None:
    """None when ``url`` answers over HTTP (any status below 500: an index page or a redirect), else the problem.

    Proxies are taken from the environment, as pip takes them."""
    try:
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=True) as client:
            response = await client.get(url)
    except httpx.TimeoutException:
        return IndexProblem(url, f"no answer in {timeout:g} s")
    except httpx.ConnectError as exc:
        return IndexProblem(url, _cause(exc) or "the connection was refused")
    except httpx.HTTPError as exc:
        return IndexProblem(url, _cause(exc) or type(exc).__name__)
    if response.status_code >= 500:
        return IndexProblem(url, f"it answered HTTP {response.status_code}")
    return None


def _cause(exc: Exception) -> str:
    text = str(exc).strip()
    return text.split("] ", 1)[-1] if text.startswith("[Errno") else text


async def check_indexes(pip_args: list[str] | tuple[str, ...]) -> list[IndexProblem]:
    """Every index named in ``pip_args`` that cannot be reached, asked at the same time."""
    results = await asyncio.gather(*(check_index(url) for url in index_urls(pip_args)))
    return [problem for problem in results if problem is not None]


def failing_host(line: str, pip_args: list[str] | tuple[str, ...]) -> str | None:
    """The host a pip "Retrying … after connection broken" warning is about (pip prints only the path)."""
    low = line.lower()
    if "retrying" not in low or ("connection" not in low and "proxy" not in low and "timed out" not in low):
        return None
    path = line.rsplit(": ", 1)[-1].strip()
    for url in index_urls(pip_args):
        parts = urlsplit(url)
        if parts.path and path.startswith(parts.path.rstrip("/") + "/"):
            return parts.hostname or url
    return "pypi.org" if path.startswith("/simple/") else None


@dataclass(frozen=True)
class TorchBuild:
    version: str  # "2.5.1+cpu"
    cuda: str  # "12.4", or "" for a CPU build

    def describe(self) -> str:
        return f"torch {self.version}: " + (f"built for CUDA {self.cuda}" if self.cuda else "the CPU build")


async def torch_build(python: str) -> TorchBuild | None:
    """The torch that ``python`` imports; None when it has none (an engine without Transformers)."""
    try:
        code, out = await run_capture([python, "-c", TORCH_SNIPPET], timeout=120)
    except TimeoutError:
        return None
    # Importing torch may print warnings first: the answer is the line that starts with its marker.
    answers = [line.split() for line in out.splitlines() if line.startswith("torch-build ")]
    if code != 0 or not answers or len(answers[-1]) != 3:
        return None
    _, version, cuda = answers[-1]
    return TorchBuild(version, "" if cuda == "-" else cuda)


def what_it_costs(problem: IndexProblem, cpu_torch_index: str) -> str:
    """One sentence: what the install becomes without the index (the CUDA torch for the CPU-only index)."""
    if problem.url.rstrip("/") == cpu_torch_index.rstrip("/"):
        return (f"{problem.host} cannot be reached ({problem.cause}): pip would retry it for minutes, then take "
                f"torch from PyPI, which on Linux is the CUDA build (about {CUDA_TORCH_GB:g} GB to download in all, "
                "for a GPU this machine does not have).")
    return (f"{problem.host} cannot be reached ({problem.cause}): pip would retry it for minutes, then take the "
            "packages meant to come from it from PyPI, if PyPI has them.")
