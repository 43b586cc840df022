"""`datasets.load_dataset` reads every export as it is: the JSON files directly (one record per
chunk, so a field whose type changes between records cannot hide behind the first chunk's
type), and the folder through the dataset card's YAML (configs + declared features)."""

import pytest

import stack

ALL = stack.exports()
METADATA_DTYPES = {
    **dict.fromkeys(("paper_id", "review_id", "annotator", "draft_id", "prompt_id", "model_id",
                     "prompt_model_id", "prompt_sha256", "prompt_source", "template", "split"), "string"),
    "has_draft": "bool",
    "trimmed": "bool",
    "edit_distance": "float64",
    "prompt_tokens": "int64",
    "completion_tokens": "int64",
}


def _cache(tmp_path_factory):
    return str(tmp_path_factory.mktemp("hf-datasets"))


@pytest.mark.parametrize("e", ALL, ids=stack.export_id)
def test_json_loader_reads_every_record_one_chunk_at_a_time(e, tmp_path_factory):
    from datasets import load_dataset

    files = {s: str(p) for s, p in stack.split_files(e).items()}
    # chunksize=1: the json builder reads one line per Arrow table, and every table must cast
    # to the first one's schema; the default (10 MB) would read a small export in one piece.
    ds = load_dataset("json", data_files=files, chunksize=1, cache_dir=_cache(tmp_path_factory))
    for split in ("train", "validation"):
        assert ds[split].num_rows == len(stack.records(e, split))
    assert ds["train"].num_rows > 0
    meta = ds["train"].features.get("metadata")
    assert meta is not None, "no metadata column"
    got = {k: getattr(v, "dtype", type(v).__name__) for k, v in meta.items()}
    wrong = {k: (got.get(k), want) for k, want in METADATA_DTYPES.items() if got.get(k) != want}
    assert not wrong, f"metadata columns as datasets typed them (got, want): {wrong}"


@pytest.mark.parametrize("e", ALL, ids=stack.export_id)
def test_folder_loads_through_the_card_yaml(e, tmp_path_factory):
    from datasets import Features, load_dataset

    front = stack.card_front_matter(e)
    assert front, "README.md has no YAML front matter"
    configs = front.get("configs")
    assert configs and configs[0].get("data_files"), f"card YAML has no configs/data_files: {configs!r}"
    declared = (front.get("dataset_info") or {}).get("features")
    assert declared, "card YAML declares no features"
    ds = load_dataset(e["dir"], cache_dir=_cache(tmp_path_factory))
    assert set(ds) == {"train", "validation"}
    for split in ("train", "validation"):
        assert ds[split].num_rows == len(stack.records(e, split))
    assert ds["train"].features == Features._from_yaml_list(declared)
