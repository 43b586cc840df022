"""The app's prompt renderer (src/core/engine/chat-prompt.ts) against transformers' own, on the
real Mistral-7B-Instruct-v0.2, gemma-7b-it, Llama-2-chat, Llama-3-Instruct and ChatML templates:
render_jinja_template is what tokenizer.apply_chat_template (and so TRL) calls."""

import pytest
from transformers.utils.chat_template_utils import render_jinja_template

import stack

SAMPLES = stack.index()["templates"]


def _render(sample: dict, turns: list[dict]) -> str:
    rendered, _ = render_jinja_template(
        conversations=[turns],
        chat_template=sample["source"],
        add_generation_prompt=True,
        bos_token=sample["bos_token"],
        eos_token=sample["eos_token"],
    )
    return rendered[0]


def test_all_five_templates_are_checked():
    assert sorted(s["name"] for s in SAMPLES) == sorted(
        ["Mistral-7B-Instruct-v0.2", "gemma-7b-it", "Llama-2-7b-chat", "Meta-Llama-3-8B-Instruct", "ChatML"]
    )


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s["name"])
def test_app_rendering_is_transformers_rendering(sample):
    assert _render(sample, sample["turns"]) == sample["rendered"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s["name"])
def test_system_text_is_folded_exactly_where_the_template_has_no_system_role(sample):
    roles = [t["role"] for t in sample["turns"]]
    system = {"role": "system", "content": "SYSTEM-TEXT"}
    user = {"role": "user", "content": "u"}
    if sample["system_role"] == "folded":
        assert roles == ["user"]
        # transformers refuses (or silently drops) a system turn with these templates.
        try:
            text = _render(sample, [system, user])
        except Exception:  # noqa: BLE001 - the template's raise_exception
            return
        assert "SYSTEM-TEXT" not in text
    else:
        assert roles == ["system", "user"]
        assert "SYSTEM-TEXT" in _render(sample, [system, user])
