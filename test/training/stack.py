"""Shared helpers for the training-stack tests: the index the vitest driver wrote, the export
files, and tokenizers / models read from the GGUF files the app drafted with."""

import functools
import json
import os
import re
from pathlib import Path

INDEX_ENV = "PRS_TRAINING_INDEX"


@functools.cache
def index() -> dict:
    path = os.environ.get(INDEX_ENV)
    if not path:
        raise RuntimeError(
            f"{INDEX_ENV} is not set: these tests check exports that test/training/training-stack.test.ts "
            "builds first; run `npx vitest run test/training` (PRS_TRAINING_KEEP=1 keeps the exports)."
        )
    return json.loads(Path(path).read_text())


def exports(formats=None) -> list[dict]:
    """The exports that were written (a failed one is reported once, by test_records)."""
    return [e for e in index()["exports"] if not e["error"] and (formats is None or e["format"] in formats)]


def export_id(e: dict) -> str:
    return e["name"]


def split_files(e: dict) -> dict[str, Path]:
    return {s: Path(e["dir"]) / f"{s}.jsonl" for s in ("train", "validation")}


@functools.cache
def _records(dir_: str, split: str) -> tuple:
    text = (Path(dir_) / f"{split}.jsonl").read_text(encoding="utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line)


def records(e: dict, split: str | None = None) -> list[dict]:
    splits = [split] if split else ["train", "validation"]
    return [r for s in splits for r in _records(e["dir"], s)]


def manifest(e: dict) -> dict:
    return json.loads((Path(e["dir"]) / "manifest.json").read_text())


def card(e: dict) -> str:
    return (Path(e["dir"]) / "README.md").read_text(encoding="utf-8")


def card_front_matter(e: dict) -> dict | None:
    import yaml

    m = re.match(r"^---\n(.*?)\n---\n", card(e), re.S)
    return yaml.safe_load(m.group(1)) if m else None


def recommended_max_length(e: dict) -> int | None:
    """The max_length the export recommends: the manifest's number, else the card's sentence."""
    n = manifest(e).get("recommendedMaxLength")
    if isinstance(n, int):
        return n
    m = re.search(r"max_length\D{0,80}?(\d[\d,_ ]*\d|\d)", card(e))
    return int(re.sub(r"\D", "", m.group(1))) if m else None


def prompt_turns(e: dict, r: dict) -> list[dict]:
    """The turns the model is prompted with, as TRL takes them from each format."""
    if e["format"] == "messages":
        return r["messages"][:-1]
    return r["prompt"]


def gguf_for(model_id: str) -> Path:
    models = index()["models"]
    if model_id not in models:
        raise KeyError(f"model id {model_id!r} is not one of the registered test models {sorted(models)}")
    return Path(models[model_id]["gguf"])


@functools.cache
def tokenizer(gguf: Path):
    """transformers' own tokenizer for a GGUF (vocabulary, special tokens, chat template).

    AutoTokenizer first reads the model config from the file, and transformers 5.18's GGUF
    config reader knows gemma2/3/4 but not the first Gemma architecture, so for tiny-gemma
    it raises before the tokenizer is built. The tokenizer part of transformers' GGUF support
    (convert_gguf_tokenizer, which has a Gemma builder) does not need that config: the
    backend class builds it straight from the same file, with the same chat template.
    """
    from transformers import AutoTokenizer, PreTrainedTokenizerFast

    try:
        return AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    except ValueError as err:
        if "is not supported yet" not in str(err):
            raise
        return PreTrainedTokenizerFast.from_pretrained(str(gguf.parent), gguf_file=gguf.name)


def template_rejects_system(tok) -> bool:
    """Whether the model's own chat template raises on a system turn (Mistral v0.2, Gemma)."""
    from jinja2.exceptions import TemplateError

    try:
        tok.apply_chat_template(
            [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}],
            tokenize=False,
            add_generation_prompt=True,
        )
    except TemplateError:
        return True
    return False


def causal_lm(gguf: Path, vocab_size: int, max_positions: int):
    """A tiny random-weight model for the tokenizer: the GGUF's own weights when transformers
    can load that architecture (llama/mistral), else (Gemma, see tokenizer()) a LlamaConfig
    model of the same tiny shape sized to the tokenizer's vocabulary."""
    import torch
    from transformers import AutoModelForCausalLM, LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    try:
        loaded = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
        # A GGUF-loaded model carries a GGUF "quantizer" that Trainer refuses to fine-tune
        # (it wants PEFT adapters); the weights are plain f32 here, so move them to a plain model.
        config = loaded.config
        if hasattr(config, "quantization_config"):
            del config.quantization_config
        model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
        model.load_state_dict(loaded.state_dict())
    except ValueError as err:
        if "is not supported yet" not in str(err):
            raise
        cfg = LlamaConfig(
            vocab_size=vocab_size,
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            max_position_embeddings=max_positions,
        )
        model = LlamaForCausalLM(cfg)
    if model.config.max_position_embeddings < max_positions:
        model.config.max_position_embeddings = max_positions
    return model
