"""What a model registered from disk really is: the size of its weight files and the shapes in its config.json.

A custom registration carries no ``model_metadata`` and a size the register dialog rounded up to "0_1" (Xinference
treats 0 as unknown), so the estimate would otherwise guess a typical 7B-shaped model: a 404 KB chat folder came out
at "about 1.9 GiB". When the registration's ``model_uri`` is a folder (or a ``.gguf`` file) on this machine, its
files say how much there is to load. A remote server's folders cannot be read from here; those keep the guess.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core.catalog.families import Catalog, LocalWeights, ModelShape

log = logging.getLogger(__name__)

# config.json's dtype (transformers 5 writes "dtype", 4.x "torch_dtype") -> bytes per stored parameter.
_DTYPE_BYTES = {"float32": 4, "float16": 2, "bfloat16": 2, "float64": 8}
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth")
_MAX_HEADER = 100 * 2**20  # safetensors caps its header at 100 MB


def read_local_weights(model_uri: str, file_name: str = "") -> LocalWeights | None:
    """The weight files under ``model_uri`` (a folder, or the folder of a ``.gguf`` file), or None when the path
    is not on this machine or holds no weights."""
    try:
        folder = Path(model_uri).expanduser()
        if folder.is_file():
            files = [folder]
            folder = folder.parent
        elif folder.is_dir():
            named = folder / file_name if file_name else None
            if named is not None and named.is_file():
                files = [named]
            else:
                files = _weight_files(folder)
        else:
            return None
        total = sum(f.stat().st_size for f in files)
    except OSError as exc:
        log.info("cannot read the model files under %s: %s", model_uri, exc)
        return None
    if total <= 0:
        return None
    config = _config(folder)
    dtype = str(config.get("dtype") or config.get("torch_dtype") or "")
    return LocalWeights(str(folder), total, _DTYPE_BYTES.get(dtype, 2), ModelShape.from_json(config),
                        _safetensors_params(files))


def _safetensors_params(files: list[Path]) -> int | None:
    """The parameters the files hold, from each safetensors header (8 bytes of length, then JSON naming every
    tensor's shape): exact where config.json does not say its dtype (older checkpoints were float32 unsaid)."""
    total = 0
    for path in files:
        if path.suffix != ".safetensors":
            return None
        try:
            with path.open("rb") as f:
                size = int.from_bytes(f.read(8), "little")
                if not 0 < size <= _MAX_HEADER:
                    return None
                header = json.loads(f.read(size))
        except (OSError, ValueError):
            return None
        if not isinstance(header, dict):
            return None
        for name, tensor in header.items():
            if name == "__metadata__" or not isinstance(tensor, dict):
                continue
            count = 1
            for dim in tensor.get("shape") or []:
                count *= int(dim)
            total += count
    return total or None


def _weight_files(folder: Path) -> list[Path]:
    # Both .safetensors and .bin of one checkpoint are often present: count one kind, the first found.
    for suffix in _WEIGHT_SUFFIXES:
        found = [f for f in folder.glob(f"*{suffix}") if f.is_file()]
        if found:
            return found
    gguf = [f for f in folder.glob("*.gguf") if f.is_file()]
    return gguf[:1]


def _config(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def with_local_weights(catalog: Catalog) -> Catalog:
    """The catalog with each spec that names a readable ``model_uri`` carrying its ``LocalWeights`` (file I/O: call
    it off the GUI thread). Builtin specs have no ``model_uri`` and are returned as they are."""
    specs = list(catalog.specs)
    changed = False
    for i, spec in enumerate(specs):
        uri = spec.raw.get("model_uri")
        if not isinstance(uri, str) or not uri or spec.local is not None:
            continue
        local = read_local_weights(uri, str(spec.raw.get("model_file_name_template") or ""))
        if local is not None:
            specs[i] = replace(spec, local=local)
            changed = True
    if not changed:
        return catalog
    families = tuple(replace(f, specs=tuple(specs[s.index] for s in f.specs)) for f in catalog.families)
    return Catalog(families, tuple(specs))
