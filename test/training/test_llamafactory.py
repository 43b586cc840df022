"""dataset_info.json read the way LLaMA-Factory reads it (it is not on pip here).

Semantics from LLaMA-Factory's data/README.md and src/llamafactory/data/{parser,converter}.py:
an entry names `file_name` (relative to dataset_dir), `formatting` (alpaca, the default, or
sharegpt), `ranking`, `columns` and, for sharegpt, `tags` (defaults: messages=conversations,
role_tag=from, content_tag=value, user_tag=human, assistant_tag=gpt). The sharegpt converter
takes a leading system_tag turn as the system prompt, then wants user/assistant turns
alternating; a plain example has an even count (last = response), a ranking one an odd count
(the prompt) with chosen/rejected as single message objects whose role is the assistant tag —
anything else is logged and the example dropped ("Skipping this abnormal example"), or, for a
ranking example whose chosen is not an object, silently read as a plain one.
"""

from pathlib import Path

import pytest

import stack

ENTRY_KEYS = {"file_name", "formatting", "ranking", "columns", "tags", "split", "num_samples",
              "subset", "folder", "load_from", "hf_hub_url", "ms_hub_url", "om_hub_url", "script_url"}
COLUMN_NAMES = {"prompt", "query", "response", "history", "messages", "system", "tools", "images",
                "videos", "audios", "chosen", "rejected", "kto_tag"}
TAG_NAMES = {"role_tag", "content_tag", "user_tag", "assistant_tag", "observation_tag", "function_tag", "system_tag"}
ALPACA_DEFAULTS = {"prompt": "instruction", "query": "input", "response": "output"}
SHAREGPT_DEFAULTS = {"messages": "conversations"}
TAG_DEFAULTS = {"role_tag": "from", "content_tag": "value", "user_tag": "human", "assistant_tag": "gpt",
                "observation_tag": "observation", "function_tag": "function_call", "system_tag": None}

ALL = stack.exports()


def _info(e):
    import json

    return json.loads((Path(e["dir"]) / "dataset_info.json").read_text())


def _sharegpt(rec, cols, tags, ranking):
    """LLaMA-Factory's SharegptDatasetConverter; returns (problem or None, prompt, response)."""
    role, content = tags["role_tag"], tags["content_tag"]
    odd = (tags["user_tag"], tags["observation_tag"])
    even = (tags["assistant_tag"], tags["function_tag"])
    msgs = rec[cols["messages"]]
    if not isinstance(msgs, list):
        return f"column {cols['messages']!r} is not a list", None, None
    if tags["system_tag"] and msgs and msgs[0].get(role) == tags["system_tag"]:
        msgs = msgs[1:]
    for i, m in enumerate(msgs):
        if m.get(role) not in (odd, even)[i % 2]:
            return f"invalid role tag {m.get(role)!r} at turn {i}", None, None
        if not isinstance(m.get(content), str):
            return f"turn {i} has no string {content!r}", None, None
    if (not ranking and len(msgs) % 2) or (ranking and len(msgs) % 2 == 0):
        return f"invalid message count {len(msgs)}", None, None
    if ranking:
        ch, rj = rec.get(cols.get("chosen")), rec.get(cols.get("rejected"))
        if not (isinstance(ch, dict) and isinstance(rj, dict)):
            return "ranking: chosen/rejected are not message objects (read as a plain example)", None, None
        if ch.get(role) not in even or rj.get(role) not in even:
            return f"ranking: chosen/rejected roles {ch.get(role)!r}/{rj.get(role)!r}", None, None
        return None, msgs, [ch[content], rj[content]]
    return None, msgs[:-1], [msgs[-1][content]]


@pytest.mark.parametrize("e", ALL, ids=stack.export_id)
def test_dataset_info_entries_read_as_llamafactory_does(e):
    info = _info(e)
    if e["format"] == "prompt-completion":
        # No LLaMA-Factory reading of this shape exists; the card points to `messages`.
        assert info == {}, f"prompt-completion has entries LLaMA-Factory would misread: {list(info)}"
        return
    assert info, "dataset_info.json is empty"
    named = {entry.get("file_name") for entry in info.values()}
    assert named == {"train.jsonl", "validation.jsonl"}, f"entries name {named}"
    for name, entry in info.items():
        unknown = set(entry) - ENTRY_KEYS
        assert not unknown, f"{name}: keys LLaMA-Factory does not read: {unknown}"
        path = Path(e["dir"]) / entry["file_name"]
        assert path.is_file(), f"{name}: {path} does not exist"
        formatting = entry.get("formatting", "alpaca")
        assert formatting in ("alpaca", "sharegpt"), f"{name}: formatting {formatting!r}"
        ranking = bool(entry.get("ranking", False))
        assert ranking == (e["format"] == "dpo"), f"{name}: ranking={ranking} for {e['format']}"
        cols_given = entry.get("columns") or {}
        assert set(cols_given) <= COLUMN_NAMES, f"{name}: unknown columns {set(cols_given) - COLUMN_NAMES}"
        tags_given = entry.get("tags") or {}
        assert set(tags_given) <= TAG_NAMES, f"{name}: unknown tags {set(tags_given) - TAG_NAMES}"
        split = "train" if entry["file_name"].startswith("train") else "validation"
        recs = stack.records(e, split)
        problems = []
        if formatting == "alpaca":
            cols = {**ALPACA_DEFAULTS, **cols_given}
            used = [c for k, c in cols.items() if k in ("prompt", "query", "response", "chosen", "rejected")]
            for n, r in enumerate(recs, 1):
                for c in used:
                    if not isinstance(r.get(c), str):
                        problems.append(f"line {n}: column {c!r} is {type(r.get(c)).__name__}, not a string")
                # None is read as "no system prompt" (the template's default), so null is fine.
                if "system" in cols and not isinstance(r.get(cols["system"]), (str, type(None))):
                    problems.append(f"line {n}: system column {cols['system']!r} is not a string")
                if not (r.get(cols["prompt"]) or r.get(cols["query"])):
                    problems.append(f"line {n}: empty prompt")
        else:
            cols = {**SHAREGPT_DEFAULTS, **cols_given}
            tags = {**TAG_DEFAULTS, **tags_given}
            for n, r in enumerate(recs, 1):
                for c in cols.values():
                    if c not in r:
                        problems.append(f"line {n}: no column {c!r}")
                problem, prompt, response = _sharegpt(r, cols, tags, ranking)
                if problem:
                    problems.append(f"line {n}: {problem}")
                elif not prompt or not all(isinstance(x, str) for x in response):
                    problems.append(f"line {n}: empty prompt or response")
                # None is read as "no system prompt" (the template's default), so null is fine.
                if "system" in cols and not isinstance(r.get(cols["system"]), (str, type(None))):
                    problems.append(f"line {n}: system column {cols['system']!r} is not a string")
        assert not problems, f"{name}: {len(problems)} records LLaMA-Factory would drop or misread:\n" + "\n".join(problems[:8])
