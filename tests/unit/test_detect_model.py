"""Registering from disk: type, format, quantization and a usable name detected from the files (folders made in
tmp_path), and the GGUF quantization carried into the registration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import InvalidInput
from app.core.models import build_family, detect_local_model, safe_name, validate_model_name
from app.core.models.detect import gguf_quantization


def folder(tmp_path: Path, name: str, config: dict[str, object] | None, *extra: str) -> Path:
    path = tmp_path / name
    path.mkdir()
    if config is not None:
        (path / "config.json").write_text(json.dumps(config))
    for file in extra:
        (path / file).write_text("{}")
    return path


def test_transformers_folder_is_an_llm_named_after_the_folder(tmp_path: Path) -> None:
    path = folder(tmp_path, "Qwen2.5 Instruct (local)", {"architectures": ["Qwen2ForCausalLM"]})
    found = detect_local_model(path)
    assert (found.model_type, found.model_format, found.quantization) == ("LLM", "pytorch", "none")
    assert found.name == "qwen2.5-instruct-local" and validate_model_name(found.name) == found.name
    assert "Qwen2ForCausalLM" in found.reason
    # config.json chosen as a file means its folder.
    assert detect_local_model(path / "config.json").path == path


def test_sentence_transformers_folder_is_an_embedding_model(tmp_path: Path) -> None:
    path = folder(tmp_path, "all-MiniLM-L6-v2", {"architectures": ["BertModel"]}, "modules.json")
    found = detect_local_model(path)
    assert (found.model_type, found.name) == ("embedding", "all-minilm-l6-v2")


@pytest.mark.parametrize(("config", "expected"), [
    ({"architectures": ["BertForSequenceClassification"], "num_labels": 1}, "rerank"),
    ({"architectures": ["XLMRobertaForSequenceClassification"], "id2label": {"0": "LABEL_0"}}, "rerank"),
    # Two labels: a classifier, not a cross-encoder that scores pairs.
    ({"architectures": ["BertForSequenceClassification"], "id2label": {"0": "neg", "1": "pos"}}, "LLM"),
])
def test_cross_encoder_with_one_label_is_a_reranker(tmp_path: Path, config: dict[str, object],
                                                     expected: str) -> None:
    assert detect_local_model(folder(tmp_path, "bge-reranker", config)).model_type == expected


def test_gguf_file_gives_format_quantization_and_a_name_without_it(tmp_path: Path) -> None:
    file = tmp_path / "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"
    file.write_bytes(b"GGUF")
    found = detect_local_model(file)
    assert (found.model_type, found.model_format, found.quantization) == ("LLM", "ggufv2", "Q4_K_M")
    assert found.name == "qwen2.5-0.5b-instruct"
    family = build_family("LLM", found.name, file, model_family="qwen2.5-instruct", quantization=found.quantization)
    spec = family["model_specs"][0]
    assert (spec["model_format"], spec["quantization"], spec["model_file_name_template"]) == (
        "ggufv2", "Q4_K_M", file.name)
    # A folder holding exactly one GGUF file means that file.
    assert detect_local_model(tmp_path).path == file


@pytest.mark.parametrize(("name", "quant"), [("m-q8_0.gguf", "Q8_0"), ("m.IQ4_XS.gguf", "IQ4_XS"),
                                             ("m-f16.gguf", "F16"), ("m-BF16.gguf", "BF16"), ("model.gguf", "")])
def test_gguf_quantization_from_the_file_name(name: str, quant: str) -> None:
    assert gguf_quantization(name) == quant


def test_gguf_without_quantization_in_its_name_is_default(tmp_path: Path) -> None:
    file = tmp_path / "model.gguf"
    file.write_bytes(b"GGUF")
    assert detect_local_model(file).quantization == "default"


@pytest.mark.parametrize("text", ["", "   ", "---", "()", "ü"])
def test_a_suggested_name_is_never_empty(text: str) -> None:
    name = safe_name(text)
    assert name and validate_model_name(name) == name


def test_what_is_not_a_model_says_why(tmp_path: Path) -> None:
    empty = folder(tmp_path, "empty", None)
    with pytest.raises(InvalidInput, match="no config.json and no .gguf"):
        detect_local_model(empty)
    (empty / "a.gguf").write_bytes(b"")
    (empty / "b.gguf").write_bytes(b"")
    with pytest.raises(InvalidInput, match="2 GGUF files"):
        detect_local_model(empty)
    text = tmp_path / "notes.txt"
    text.write_text("x")
    with pytest.raises(InvalidInput, match="not a model file"):
        detect_local_model(text)
    with pytest.raises(InvalidInput, match="does not exist"):
        detect_local_model(tmp_path / "missing")
    with pytest.raises(InvalidInput, match="No folder"):
        detect_local_model("")
