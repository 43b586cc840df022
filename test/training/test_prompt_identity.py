"""The prompt TRL renders from a record is byte for byte the prompt the app fed (or would feed)
the model: transformers' apply_chat_template with the chat template and special tokens read
from the record's model's GGUF, hashed, against metadata.prompt_sha256."""

import hashlib

import pytest

import stack

ALL = stack.exports(("messages", "prompt-completion", "dpo"))


def _first_difference(a: str, b: str) -> str:
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"at char {i}: {a[max(0, i - 40):i + 40]!r}"


@pytest.mark.parametrize("e", ALL, ids=stack.export_id)
def test_rendered_prompt_matches_prompt_sha256(e):
    problems = []
    checked = 0
    for r in stack.records(e):
        m = r.get("metadata") or {}
        where = f"review {m.get('review_id')} ({m.get('prompt_source')})"
        model_id = m.get("prompt_model_id")
        if not model_id:
            problems.append(f"{where}: no metadata.prompt_model_id")
            continue
        tok = stack.tokenizer(stack.gguf_for(model_id))
        turns = stack.prompt_turns(e, r)
        if stack.template_rejects_system(tok) and any(t["role"] == "system" for t in turns):
            problems.append(f"{where}: a system turn for {stack.gguf_for(model_id).name}, whose template rejects it")
            continue
        text = tok.apply_chat_template(turns, tokenize=False, add_generation_prompt=True)
        checked += 1
        got = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if got != m.get("prompt_sha256"):
            problems.append(f"{where}: sha256 {got[:12]} != metadata {str(m.get('prompt_sha256'))[:12]}; rendered starts {text[:80]!r}")
    assert checked or problems, "no records"
    assert not problems, f"{len(problems)} of {len(stack.records(e))} prompts differ, e.g.:\n" + "\n".join(problems[:8])


@pytest.mark.parametrize("e", [x for x in ALL if x["for_model"]], ids=stack.export_id)
def test_prompts_fit_the_target_context(e):
    """The export fitted every rendered prompt to the target's context minus the reserved
    output, counting with that model's tokenizer; transformers' count of the same text must
    agree. A prompt kept from a draft was fitted when drafting (reserving that draft's
    max tokens), so it only has to fit the context."""
    man = stack.manifest(e)
    tm = man["target_model"]
    tok = stack.tokenizer(stack.gguf_for(e["for_model"]))
    context = tm["context_size"]
    reserved = int(tm.get("reservedOutputTokens") or 0)
    over = []
    for r in stack.records(e):
        m = r["metadata"]
        budget = context if m.get("prompt_source") == "draft" else context - reserved
        text = tok.apply_chat_template(stack.prompt_turns(e, r), tokenize=False, add_generation_prompt=True)
        n = len(tok(text, add_special_tokens=False)["input_ids"])
        if n > budget:
            over.append(f"review {m['review_id']} ({m.get('prompt_source')}): {n} tokens > {budget} (metadata.prompt_tokens {m.get('prompt_tokens')})")
    assert not over, f"{len(over)} prompts do not fit {tm['context_size']} tokens, e.g.:\n" + "\n".join(over[:8])
