"""Issue 14, items 10 and 11: a model registered from disk is sized from its files, a figure made mostly of the
prompt's logits says so, a builtin that needs a download needs room on the server's disk, and the CLI, the Catalog
page and the RAG starter get their verdicts from the one ``judge_catalog``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from app.core.catalog import (
    CatalogEnvironment,
    DownloadRoom,
    download_room,
    estimate_all,
    judge_all,
    judge_catalog,
)
from app.core.catalog.families import parse_catalog
from app.core.catalog.hardware import GIB, HardwareProfile
from app.core.catalog.local_files import with_local_weights
from app.core.models.custom import build_family

# The offline test chat model (tests/support/make_models.py): a 2-layer Qwen2 with a 391-token vocabulary, float32.
TINY_CHAT_CONFIG = {"architectures": ["Qwen2ForCausalLM"], "dtype": "float32", "vocab_size": 391, "hidden_size": 64,
                    "intermediate_size": 128, "num_attention_heads": 4, "num_key_value_heads": 2,
                    "num_hidden_layers": 2, "max_position_embeddings": 2048}
TINY_RERANK_CONFIG = {"architectures": ["BertForSequenceClassification"], "dtype": "float32", "vocab_size": 30522,
                      "hidden_size": 32, "intermediate_size": 64, "num_attention_heads": 2, "num_hidden_layers": 2}


def model_folder(root: Path, name: str, config: dict[str, Any], weights: int) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with open(folder / "model.safetensors", "wb") as f:
        f.truncate(weights)  # sparse: only the size matters
    return folder


def cpu(ram_free_gib: float = 20) -> HardwareProfile:
    return HardwareProfile("this machine", 2, int(24 * GIB), int(ram_free_gib * GIB))


def registered_catalog(tmp_path: Path) -> Any:
    chat = model_folder(tmp_path, "tiny-chat", TINY_CHAT_CONFIG, 399_976)
    rerank = model_folder(tmp_path, "tiny-rerank", TINY_RERANK_CONFIG, 4_050_036)
    chat_family = {**build_family("LLM", "tiny-chat", chat, model_family="qwen2.5-instruct"), "is_builtin": False}
    rerank_family = {**build_family("rerank", "tiny-rerank", rerank), "is_builtin": False}
    return parse_catalog({"LLM": [chat_family], "rerank": [rerank_family]})


def test_a_model_registered_from_disk_is_sized_from_its_files(tmp_path: Path) -> None:
    catalog = registered_catalog(tmp_path)
    guessed = estimate_all(catalog.families, device="cpu")
    # What the RAG starter showed before: a 404 KB chat folder "about 1.9 GiB", a 4.6 MB reranker "about 2.9 GiB".
    assert guessed[0].total_mib > 1500 and guessed[1].total_mib > 2500
    chat, rerank = estimate_all(with_local_weights(catalog).families, device="cpu")
    # A Python process with torch (600 MiB measured) plus what the files and the config say: well under a GiB.
    assert 600 <= chat.total_mib < 700 and chat.confidence == "high"
    assert "its files on disk (0.4 MiB) and its config.json" in chat.basis
    assert 600 <= rerank.total_mib < 700 and "from its files on disk (3.9 MiB)" in rerank.basis
    assert chat.files_mib == 1 and rerank.files_mib == 4


def test_a_folder_that_is_not_on_this_machine_keeps_the_guess(tmp_path: Path) -> None:
    catalog = registered_catalog(tmp_path)
    for folder in tmp_path.iterdir():
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    assert with_local_weights(catalog) is catalog


def test_a_figure_made_of_the_prompts_logits_says_so() -> None:
    qwen05 = {"vocab_size": 151936, "num_attention_heads": 14, "num_key_value_heads": 2, "hidden_size": 896,
              "intermediate_size": 4864, "num_hidden_layers": 24, "weights_bytes": 988_097_536}
    small_vocab = {**qwen05, "vocab_size": 32000}
    catalog = parse_catalog({"LLM": [{"model_name": "m", "model_ability": ["chat"], "model_specs": [
        {"model_format": "pytorch", "model_size_in_billions": "0_5", "quantization": "none", "model_id": "a/m",
         "model_metadata": meta} for meta in (qwen05, small_vocab)]}]})
    big_logits, small = estimate_all(catalog.families, 8192, "cpu")
    assert big_logits.mostly_logits and big_logits.logits_mib == 8192 * 151936 * 4 // 2**20
    assert "mostly the logits of a 8,192-token prompt" in big_logits.basis
    assert not small.mostly_logits and "mostly the logits" not in small.basis
    gpu = estimate_all(catalog.families, 8192, "gpu")[0]
    assert not gpu.mostly_logits  # a GPU engine does not keep the whole prompt's logits


def builtin_catalog(cached: bool) -> Any:
    return parse_catalog({"embedding": [{"model_name": "bge-small-en-v1.5", "dimensions": 384, "model_specs": [
        {"model_format": "pytorch", "model_id": "BAAI/bge-small-en-v1.5", "quantization": "none",
         "cache_status": cached}]}]})


def test_a_builtin_that_needs_a_download_needs_room_for_it() -> None:
    catalog = builtin_catalog(cached=False)
    estimates = estimate_all(catalog.families, device="cpu")
    full = judge_all(catalog.families, estimates, cpu(), room=DownloadRoom("/srv/xinf", 10 * 2**20))
    assert full[0].kind == "no_disk" and not full[0].fits
    assert full[0].reason.startswith("no room to download it: about ") and "free in /srv/xinf" in full[0].reason
    roomy = judge_all(catalog.families, estimates, cpu(), room=DownloadRoom("/srv/xinf", 50 * GIB))
    assert roomy[0].fits and "; downloads about 0.1 GiB to /srv/xinf (50.0 GiB free)" in roomy[0].reason
    unknown = judge_all(catalog.families, estimates, cpu())
    assert unknown[0].fits and unknown[0].reason.endswith("; downloads about 0.1 GiB first")
    # Files the server has already: no download, nothing to say about the disk.
    cached = builtin_catalog(cached=True)
    done = judge_all(cached.families, estimate_all(cached.families, device="cpu"), cpu(),
                     room=DownloadRoom("/srv/xinf", 0))
    assert done[0].fits and "download" not in done[0].reason


def test_download_room_is_the_disk_of_the_servers_home(tmp_path: Path, monkeypatch: Any) -> None:
    home = tmp_path / "not-created-yet" / "xinf"
    room = download_room("http://127.0.0.1:9997", str(home))
    assert room is not None and room.path == str(home) and room.free_bytes > 0
    monkeypatch.setenv("XINFERENCE_HOME", str(tmp_path / "from-env"))
    default = download_room("http://127.0.0.1:9997", "")
    assert default is not None and default.path == str(tmp_path / "from-env")
    assert download_room("http://10.1.2.3:9997", "") is None  # another machine's disk cannot be seen
    assert download_room("http://127.0.0.1:9997", None) is None


def test_judge_catalog_reads_files_uses_the_environment_and_the_room(tmp_path: Path) -> None:
    catalog = registered_catalog(tmp_path)
    env = CatalogEnvironment(cpu(), None, None, 0.0)
    judged = asyncio.run(judge_catalog(catalog, "http://127.0.0.1:1", environment=env, home=str(tmp_path)))
    assert judged.hardware is env.hardware and not judged.hardware_of_this_machine
    assert [v.estimate.total_mib < 700 for v in judged.verdicts] == [True, True]
    assert all(v.fits and "download" not in v.reason for v in judged.verdicts)
    assert judged.room is not None and judged.room.path == str(tmp_path)
    # Nothing learnt about the server and nothing cached: this machine's hardware, said so.
    bare = asyncio.run(judge_catalog(catalog, "http://127.0.0.1:1"))
    assert bare.environment is None and bare.hardware_of_this_machine and bare.hardware.source == "this machine"


def test_the_three_front_ends_judge_through_judge_catalog() -> None:
    root = Path(__file__).resolve().parents[2] / "app"
    for path in ("cli/catalog.py", "core/models/rag_starter.py", "ui/pages/catalog.py"):
        source = (root / path).read_text(encoding="utf-8")
        assert "judge_catalog(" in source, path
        assert "judge_all(" not in source and "estimates_for(" not in source, path


def test_parameters_are_counted_from_the_safetensors_header(tmp_path: Path) -> None:
    """An older checkpoint's config.json does not say its dtype (all-MiniLM-L6-v2: 86.7 MiB of float32): the
    safetensors header names every tensor's shape, so the count is exact, not the file size over two bytes."""
    folder = tmp_path / "minilm"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"architectures": ["BertModel"], "hidden_size": 384}))
    header = json.dumps({"__metadata__": {"format": "pt"},
                         "embeddings.weight": {"dtype": "F32", "shape": [30522, 384], "data_offsets": [0, 1]},
                         "pooler.weight": {"dtype": "F32", "shape": [384, 384], "data_offsets": [1, 2]}}).encode()
    params = 30522 * 384 + 384 * 384
    with open(folder / "model.safetensors", "wb") as f:
        f.write(len(header).to_bytes(8, "little") + header)
        f.truncate(8 + len(header) + params * 4)
    family = {**build_family("embedding", "minilm", folder), "is_builtin": False}
    catalog = with_local_weights(parse_catalog({"embedding": [family]}))
    local = catalog.specs[0].local
    assert local is not None and local.param_count == params
    cpu_estimate = estimate_all(catalog.families, device="cpu")[0]
    assert cpu_estimate.weights_mib == round(params * 4 / 2**20 + 0.5)  # float32 on a CPU: the file's own size
