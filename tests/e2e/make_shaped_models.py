"""Run by the engine's own Python: models with real architectures and random weights, for the memory harness.

A model "shaped like" a catalog entry has exactly that entry's config (vocabulary, layers, heads, hidden and MLP
widths), so it loads and runs with the memory the real checkpoint would take, while its weights are noise. The
tokenizer is the small trained one of the tiny chat model (the vocabulary of the *model* is what sizes the
logits); the prompt is built from its tokens so that its length in tokens is known.

Usage: python make_shaped_models.py OUT_DIR NAME [NAME ...]   (names: see SHAPES)
Prints {name: folder} as JSON. A folder with ``.done`` is reused.
"""

import json
import shutil
import sys
from pathlib import Path

# Configs copied from the models' own config.json (what the catalog's model_metadata also reports).
SHAPES = {
    # Qwen/Qwen2.5-0.5B-Instruct
    "qwen2.5-0.5b-shape": dict(vocab_size=151936, hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
                               num_attention_heads=14, num_key_value_heads=2, max_position_embeddings=32768,
                               tie_word_embeddings=True, rope_theta=1000000.0),
}


def make(out: Path, name: str, tokenizer_dir: Path) -> None:
    import torch
    from transformers import AutoTokenizer, Qwen2Config, Qwen2ForCausalLM

    tok = AutoTokenizer.from_pretrained(tokenizer_dir)
    config = Qwen2Config(**SHAPES[name], eos_token_id=tok.convert_tokens_to_ids("<|im_end|>"),
                         pad_token_id=tok.convert_tokens_to_ids("<|endoftext|>"), torch_dtype="bfloat16")
    torch.manual_seed(0)
    # Built in bfloat16 as the real checkpoint is stored (half the RAM and disk of float32 here).
    torch.set_default_dtype(torch.bfloat16)
    model = Qwen2ForCausalLM(config)
    model.generation_config.eos_token_id = config.eos_token_id
    model.save_pretrained(out, safe_serialization=True)
    tok.save_pretrained(out)


def main() -> None:
    out = Path(sys.argv[1])
    tokenizer_dir = Path(sys.argv[2])
    found = {}
    for name in sys.argv[3:]:
        target = out / name
        if not (target / ".done").exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            make(target, name, tokenizer_dir)
            (target / ".done").write_text("ok")
        found[name] = str(target)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
