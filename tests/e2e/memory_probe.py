"""Measure what a launched model really takes: the peak RSS of its ``Model: <uid>`` process (and children) while a
long prompt runs. Used by the fit harness (test_fit_measured_e2e.py) to hold the catalog's estimates to reality."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx
import psutil

from tests.e2e.launch_fixtures import model_processes


@dataclass
class Measured:
    loaded_mib: float  # RSS once loaded, before the prompt
    peak_mib: float  # the highest RSS seen while the prompt ran
    prompt_tokens: int
    seconds: float


def tree_rss(procs: list[psutil.Process]) -> int:
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
            total += sum(c.memory_info().rss for c in proc.children(recursive=True))
        except psutil.NoSuchProcess:
            continue
    return total


class PeakSampler:
    """Samples the RSS of a model's processes every 50 ms in a thread; ``peak`` is the highest seen."""

    def __init__(self, uid: str) -> None:
        self.procs = model_processes(uid)
        if not self.procs:
            raise RuntimeError(f"no 'Model: {uid}' process")
        self.peak = tree_rss(self.procs)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.procs))
            time.sleep(0.05)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


def prompt_of(tokens: int) -> str:
    """Words the tiny trained tokenizer keeps as one token each (it learnt them), about ``tokens`` of them."""
    words = ["Hello", "how", "are", "you", "today", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog"]
    return " ".join(words[i % len(words)] for i in range(tokens))


def measure_prompt(endpoint: str, uid: str, tokens: int, headers: dict[str, str] | None = None,
                   timeout: float = 900.0) -> Measured:
    sampler = PeakSampler(uid)
    time.sleep(1.0)
    loaded = tree_rss(sampler.procs)
    started = time.monotonic()
    with sampler:
        # /v1/completions of a chat model fails on 4.1 ("'str' object has no attribute 'get'"); chat works.
        r = httpx.post(f"{endpoint}/v1/chat/completions", headers=headers or {}, timeout=timeout,
                       json={"model": uid, "max_tokens": 1,
                             "messages": [{"role": "user", "content": prompt_of(tokens)}]})
    r.raise_for_status()
    usage: dict[str, Any] = r.json().get("usage") or {}
    return Measured(loaded / 2**20, sampler.peak / 2**20, int(usage.get("prompt_tokens") or 0),
                    time.monotonic() - started)
