"""Hardware probing with and without GPUs: nvidia-smi's CSV, a server's cluster info, this machine."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.core.catalog import hardware
from app.core.catalog.hardware import (
    from_cluster_info,
    is_local_endpoint,
    merge_engine_answers,
    parse_nvidia_smi_csv,
    probe_local,
)

SMI_OUTPUT = ("0, NVIDIA GeForce RTX 4090, 24564, 23012\n1, NVIDIA A100-SXM4-80GB, 81920, 80000\n"
              "2, Broken, [N/A], [N/A]\n")


def test_parse_nvidia_smi_csv() -> None:
    gpus = parse_nvidia_smi_csv(SMI_OUTPUT)
    assert [(g.index, g.name) for g in gpus] == [(0, "NVIDIA GeForce RTX 4090"), (1, "NVIDIA A100-SXM4-80GB")]
    assert gpus[0].total_bytes == 24564 * 1024**2 and gpus[0].free_bytes == 23012 * 1024**2


def test_nvidia_smi_on_path_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An executable named nvidia-smi that answers the query the way the real one does.
    exe = tmp_path / "nvidia-smi"
    exe.write_text("#!/bin/sh\ncase \"$*\" in *--query-gpu=index,name,memory.total,memory.free*) "
                   f"printf '{SMI_OUTPUT.splitlines()[0]}\\n';; *) exit 9;; esac\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    hw = probe_local(use_nvml=False)
    assert hw.gpu_probe == "nvidia-smi" and len(hw.gpus) == 1 and hw.gpus[0].name == "NVIDIA GeForce RTX 4090"


def test_failing_nvidia_smi_means_no_gpu_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = tmp_path / "nvidia-smi"
    exe.write_text("#!/bin/sh\necho 'NVIDIA-SMI has failed because it could not communicate with the driver' >&2\n"
                   "exit 9\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    hw = probe_local(use_nvml=False)
    assert hw.gpus == () and hw.gpu_probe == "none" and "could not communicate" in hw.notes[0]


def test_this_machine() -> None:
    hw = probe_local()
    assert hw.cpu_count == os.cpu_count()
    assert hw.ram_total and hw.ram_free and 0 < hw.ram_free <= hw.ram_total
    assert hw.arch and hw.os_name and hw.source == "this machine"
    if hardware.shutil.which("nvidia-smi") is None:
        assert hw.apple_silicon or hw.gpus == ()


# The shape of a 4.1 server's /v1/cluster/info?detailed=true (recorded from the real server; the e2e test checks
# the live one), with a GPU worker added to exercise the pooled GPU figures.
CLUSTER_INFO = [
    {"node_type": "Supervisor", "ip_address": "10.0.0.1:5000", "gpu_count": 0, "gpu_vram_total": 0,
     "cpu_count": 2, "mem_total": 25276510208, "mem_available": 19288637440},
    {"node_type": "Worker", "ip_address": "10.0.0.2:5001", "gpu_count": 2, "gpu_vram_total": 2 * 24 * 1024**3,
     "gpu_vram_available": 2 * 20 * 1024**3, "cpu_count": 32, "mem_total": 128 * 1024**3,
     "mem_available": 100 * 1024**3, "software_version": "4.1.0"},
    {"node_type": "Worker", "ip_address": "10.0.0.3:5001", "gpu_count": 0, "gpu_vram_total": 0,
     "cpu_count": 8, "mem_total": 32 * 1024**3, "mem_available": 30 * 1024**3},
]


def test_from_cluster_info_takes_the_largest_worker() -> None:
    hw = from_cluster_info(CLUSTER_INFO, "http://10.0.0.1:9997")
    assert hw.cpu_count == 32 and hw.ram_total == 128 * 1024**3 and hw.source == "http://10.0.0.1:9997"
    assert [(g.total_bytes, g.free_bytes) for g in hw.gpus] == [(24 * 1024**3, 20 * 1024**3)] * 2
    assert hw.apple_silicon is None and hw.gpu_probe == "server" and "2 workers" in hw.notes[0]


def test_local_endpoints() -> None:
    assert is_local_endpoint("http://127.0.0.1:9997") and is_local_endpoint("http://localhost:1")
    assert not is_local_endpoint("http://192.168.1.5:9997")


def test_engine_answers_merge() -> None:
    merged = merge_engine_answers([
        {"Transformers": [{"model_format": "pytorch"}], "vLLM": "Failed to import vLLM"},
        {"vLLM": "Failed again", "llama.cpp": [{"model_format": "ggufv2"}]},
        None,
    ])
    assert merged.installed == ("llama.cpp", "Transformers")
    assert merged.is_installed("VLLM") is False and merged.is_installed("MLX") is None


def test_an_engine_refusing_one_family_is_not_missing() -> None:
    # The 4.1 server's answers here: Transformers usable for LLMs, "transformers" refusing the embedding probe
    # for a version reason. The panel listed it as both installed and not installed.
    merged = merge_engine_answers([
        {"Transformers": [{}], "vLLM": "Failed to import vLLM: No module named 'vllm'"},
        {"sentence_transformers": [{}], "transformers": "EmbeddingGemma 2 requires transformers>=5.19.0"},
    ], ["LLM", "embedding"])
    assert "Transformers" in merged.installed and "transformers" not in merged.missing
    assert merged.missing == ("vLLM",)
    assert merged.is_installed("transformers", "embedding") is None  # refused one family: unknown, not absent
    assert merged.is_installed("Transformers", "LLM") is True


def test_a_garbled_gpu_count_is_refused_not_built() -> None:
    """A worker claiming 10**12 GPUs (found by the parser fuzzing: one GpuInfo each exhausted the memory) is a
    malformed answer."""
    from app.core.catalog.hardware import from_cluster_info
    from app.core.errors import MalformedResponse

    node = {"node_type": "worker", "gpu_count": 10**12, "gpu_vram_total": 10**13, "mem_total": 1}
    with pytest.raises(MalformedResponse, match="10{12}|1000000000000 GPUs"):
        from_cluster_info([node], "http://h:9997")
