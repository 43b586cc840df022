"""Every record and manifest, as a training team's scripts read them: clean text, one type per
metadata field, and a manifest that says which model the records are for and what was left out."""

import hashlib
import re
import unicodedata

import pytest

import stack

STRING_FIELDS = (
    "paper_id", "review_id", "annotator", "draft_id", "prompt_id", "model_id",
    "prompt_model_id", "prompt_sha256", "prompt_source", "template", "split",
)
BOOL_FIELDS = ("has_draft", "trimmed")
INT_FIELDS = ("prompt_tokens", "completion_tokens")
FLOAT_FIELDS = ("edit_distance",)
ALL = stack.exports()


def test_every_export_was_written():
    failed = {e["name"]: e["error"] for e in stack.index()["exports"] if e["error"]}
    assert not failed, f"exports that failed: {failed}"


def _strings(value, path="$"):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield f"{path}.{k}[key]", k
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


def _bad_char(s: str):
    for i, ch in enumerate(s):
        if ch not in "\n\t" and unicodedata.category(ch) == "Cc":
            return i, ch
    return None


@pytest.mark.parametrize("e", ALL, ids=stack.export_id)
def test_no_control_characters(e):
    bad = []
    for split in ("train", "validation"):
        for n, r in enumerate(stack.records(e, split), 1):
            for path, s in _strings(r):
                hit = _bad_char(s)
                if hit:
                    i, ch = hit
                    bad.append(f"{split}.jsonl line {n} {path}: U+{ord(ch):04X} at {i}: {s[max(0, i - 30):i + 10]!r}")
    assert not bad, f"{len(bad)} strings with control characters, e.g.:\n" + "\n".join(bad[:10])


def _kind(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    return type(v).__name__


@pytest.mark.parametrize("e", ALL, ids=stack.export_id)
def test_metadata_has_one_type_per_field(e):
    want = {**dict.fromkeys(STRING_FIELDS, "str"), **dict.fromkeys(BOOL_FIELDS, "bool"),
            **dict.fromkeys(INT_FIELDS, "int"), **dict.fromkeys(FLOAT_FIELDS, "float")}
    seen: dict[str, set] = {}
    problems = []
    for split in ("train", "validation"):
        for n, r in enumerate(stack.records(e, split), 1):
            m = r.get("metadata")
            if not isinstance(m, dict):
                problems.append(f"{split}.jsonl line {n}: no metadata object")
                continue
            for k, v in m.items():
                seen.setdefault(k, set()).add(_kind(v))
            missing = [k for k in want if k not in m]
            if missing:
                problems.append(f"{split}.jsonl line {n}: metadata lacks {missing}")
            for k, kind in want.items():
                v = m.get(k)
                # JSON has one number type: JavaScript writes the float -1.0 as -1.
                ok = isinstance(v, (int, float)) and not isinstance(v, bool) if kind == "float" else _kind(v) == kind
                if k in m and not ok:
                    problems.append(f"{split}.jsonl line {n}: metadata.{k} = {v!r} is not {kind}")
            if m.get("split") != split:
                problems.append(f"{split}.jsonl line {n}: metadata.split = {m.get('split')!r}")
    mixed = {k: sorted(v) for k, v in seen.items() if len(v - ({"int", "float"} if k in FLOAT_FIELDS else set())) > 1 or "NoneType" in v}
    assert not mixed, f"metadata fields with more than one JSON type (or null) across records: {mixed}"
    assert not problems, f"{len(problems)} metadata problems, e.g.:\n" + "\n".join(problems[:12])


@pytest.mark.parametrize("e", ALL, ids=stack.export_id)
def test_metadata_is_consistent(e):
    man = stack.manifest(e)
    problems = []
    for r in stack.records(e):
        m = r.get("metadata") or {}
        where = f"review {m.get('review_id')}"
        has = m.get("has_draft")
        if has is not (m.get("draft_id") != ""):
            problems.append(f"{where}: has_draft={has!r} but draft_id={m.get('draft_id')!r}")
        if (m.get("model_id") == "") is bool(has):
            problems.append(f"{where}: model_id={m.get('model_id')!r} with has_draft={has!r}")
        ed = m.get("edit_distance")
        if has and not (isinstance(ed, (int, float)) and 0 <= ed <= 1):
            problems.append(f"{where}: edit_distance={ed!r} for a record with a draft")
        if not has and ed != -1:
            problems.append(f"{where}: edit_distance={ed!r} for a record without a draft (want -1.0)")
        if m.get("prompt_source") not in ("draft", "rendered"):
            problems.append(f"{where}: prompt_source={m.get('prompt_source')!r}")
        if not re.fullmatch(r"[0-9a-f]{64}", str(m.get("prompt_sha256"))):
            problems.append(f"{where}: prompt_sha256={m.get('prompt_sha256')!r} is not a sha256")
        if e["for_model"] and m.get("prompt_model_id") != e["for_model"]:
            problems.append(f"{where}: prompt_model_id={m.get('prompt_model_id')!r}, export is for {e['for_model']}")
        if e["format"] == "dpo":
            if not has:
                problems.append(f"{where}: a dpo pair without a draft")
            elif isinstance(ed, (int, float)) and ed < man.get("threshold", 0.05):
                problems.append(f"{where}: dpo pair with edit_distance {ed} below the threshold")
    assert not problems, f"{len(problems)} inconsistent records, e.g.:\n" + "\n".join(problems[:12])


@pytest.mark.parametrize("e", ALL, ids=stack.export_id)
def test_manifest_names_the_target_model_and_what_was_left_out(e):
    man = stack.manifest(e)
    assert "target_model" in man, "manifest.json has no target_model"
    tm = man["target_model"]
    if e["for_model"] is None and tm is not None:
        # Without forModel the records are fitted for the library's default model; a manifest
        # may name it, as long as it does not claim it was asked for.
        assert tm.get("named") in (None, False), f"target_model of an export without forModel: {tm!r}"
    if e["for_model"] is not None or tm is not None:
        assert isinstance(tm, dict), f"target_model is {tm!r}"
        if e["for_model"] is not None:
            assert tm.get("id") == e["for_model"]
        gguf = stack.gguf_for(tm.get("id"))
        assert tm.get("path") == str(gguf)
        assert tm.get("sha256") == hashlib.sha256(gguf.read_bytes()).hexdigest()
        assert tm.get("context_size") == 4096, "the tiny models' trained context is 4096"
        want_role = "folded" if stack.template_rejects_system(stack.tokenizer(gguf)) else "native"
        assert tm.get("system_role") == want_role, f"the chat template of {gguf.name} means system_role {want_role!r}"

    assert isinstance(man.get("excluded"), list), "manifest.json has no excluded list"
    for x in man["excluded"]:
        assert set(x) >= {"review_id", "paper_id", "reason"}, f"excluded entry {x!r}"
        assert all(isinstance(x[k], str) and x[k] for k in ("review_id", "paper_id", "reason")), x
    written = {(r.get("metadata") or {}).get("review_id") for r in stack.records(e)}
    both = written & {x["review_id"] for x in man["excluded"]}
    assert not both, f"reviews both written and listed as excluded: {sorted(both)[:5]}"

    if e["format"] == "dpo":
        unchanged = [d for d in stack.index()["drafts"] if d["approved"] == "unchanged"]
        for d in unchanged:
            reasons = [x["reason"] for x in man["excluded"] if x["paper_id"] == d["paper_id"]]
            assert any("unchanged" in r.lower() for r in reasons), (
                f"the draft approved unchanged on paper {d['paper_id'][:12]} is not listed as excluded "
                f"(reasons for that paper: {reasons})"
            )
