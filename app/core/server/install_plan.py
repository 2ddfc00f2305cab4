"""Which Xinference to install on this machine: the extras its hardware can run, and roughly what they cost.

``xinference[all]`` is the project's README answer, but on a CPU-only machine it resolves to hundreds of packages
(vLLM, flashinfer, triton, the CUDA compiler) for engines that cannot run there, and on Windows it does not resolve at
all (xorbitsai/inference #1053, #2828: people install ``xinference[transformers]``). The proposal is a default: the
user can still type any requirement.

Download sizes are rough orders of magnitude (wheels of torch and the engine packages as pip fetches them), there to
set expectations, not promises.
"""

from __future__ import annotations

import asyncio
import platform as _platform
import sys
from dataclasses import dataclass

# pip's CPU-only torch index: without it, pip on Linux fetches the CUDA build of torch (several GB) even where no
# NVIDIA GPU exists. Windows and macOS wheels on PyPI are CPU builds already.
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


@dataclass(frozen=True)
class InstallProposal:
    requirement: str  # what pip installs, e.g. "xinference[transformers,llama-cpp]"
    pip_args: tuple[str, ...]
    engines: tuple[str, ...]  # the engines this gives, as the catalog names them
    download_gb: float  # rough size of what pip downloads
    reason: str  # one sentence: why these extras for this machine

    def summary(self) -> str:
        engines = ", ".join(self.engines)
        return f"{self.requirement} — {engines}; about {self.download_gb:g} GB to download. {self.reason}"


def propose_install(
    *, nvidia_gpus: int, apple_silicon: bool | None = None, os_name: str | None = None, arch: str | None = None
) -> InstallProposal:
    """The extras this machine can use. ``os_name`` is ``sys.platform``-style (linux, win32, darwin)."""
    os_name = os_name or sys.platform
    arch = (arch or _platform.machine()).lower()
    if apple_silicon is None:
        apple_silicon = os_name == "darwin" and arch in ("arm64", "aarch64")
    if os_name == "darwin":
        if apple_silicon:
            return InstallProposal(
                "xinference[transformers,llama-cpp,mlx,embedding,rerank]", (),
                ("MLX", "llama.cpp", "Transformers"), 2.0,
                "Apple silicon: MLX and llama.cpp use its GPU; Transformers runs the rest.",
            )
        return InstallProposal(
            "xinference[transformers,llama-cpp,embedding,rerank]", (), ("llama.cpp", "Transformers"), 1.5,
            "An Intel Mac has no GPU these engines can use: llama.cpp and Transformers run on the CPU.",
        )
    if os_name == "win32":
        # vLLM and SGLang do not run on Windows, and xinference[all] does not resolve there.
        if nvidia_gpus:
            return InstallProposal(
                "xinference[transformers,llama-cpp,embedding,rerank]", (), ("Transformers", "llama.cpp"), 3.5,
                "Windows: vLLM and SGLang do not run here, and xinference[all] does not install; Transformers "
                "and llama.cpp do.",
            )
        return InstallProposal(
            "xinference[transformers,llama-cpp,embedding,rerank]", (), ("Transformers", "llama.cpp"), 1.5,
            "Windows without an NVIDIA GPU: Transformers and llama.cpp run on the CPU.",
        )
    if nvidia_gpus:
        return InstallProposal(
            "xinference[all]", (), ("vLLM", "SGLang", "Transformers", "llama.cpp"), 10.0,
            f"{nvidia_gpus} NVIDIA GPU(s): every engine, vLLM included, can use them.",
        )
    return InstallProposal(
        "xinference[transformers,llama-cpp,embedding,rerank]", ("--extra-index-url", TORCH_CPU_INDEX),
        ("Transformers", "llama.cpp"), 1.5,
        "No NVIDIA GPU: vLLM and SGLang cannot run, so the CPU builds of Transformers (torch) and llama.cpp are "
        "enough; xinference[all] would fetch several GB of CUDA packages for nothing.",
    )


async def propose_for_this_machine() -> InstallProposal:
    """The proposal for the hardware found here (GPU probing runs off the event loop: nvidia-smi can be slow)."""
    from app.core.catalog import probe_local  # the catalog owns hardware probing

    hardware = await asyncio.to_thread(probe_local)
    nvidia = sum(1 for gpu in hardware.gpus if gpu.vendor == "nvidia")
    return propose_install(nvidia_gpus=nvidia, apple_silicon=hardware.apple_silicon)
