"""TRL trains on the exports as they are: SFTTrainer on `messages` and `prompt-completion`,
DPOTrainer on `dpo`, two steps each on CPU, with the tokenizer (and chat template) of the
model the records were rendered for and a tiny random-weight model, at the max_length the
export recommends."""

import copy
import math
from collections import Counter

import pytest

import stack

SFT = stack.exports(("messages", "prompt-completion"))
DPO = stack.exports(("dpo",))


def _rows(e):
    """The train split for one model's template: a forModel export is all one model; an
    export without forModel may mix drafting models, and each is trained with its own."""
    recs = stack.records(e, "train")
    assert recs, "no train records"
    model_id = e["for_model"] or Counter(r["metadata"]["prompt_model_id"] for r in recs).most_common(1)[0][0]
    rows = [r for r in recs if r["metadata"]["prompt_model_id"] == model_id]
    # Everything but metadata, as a training script that loads the file would pass it on
    # (reading the metadata column is test_datasets_load's job).
    return model_id, [{k: v for k, v in r.items() if k != "metadata"} for r in rows]


def _setup(e):
    from datasets import Dataset

    model_id, rows = _rows(e)
    gguf = stack.gguf_for(model_id)
    tok = stack.tokenizer(gguf)
    max_length = stack.recommended_max_length(e)
    assert max_length, "neither the manifest nor the card recommends a max_length"
    model = stack.causal_lm(gguf, len(tok), max_length)
    return Dataset.from_list(rows), tok, model, max_length


def _common(tmp_path, max_length):
    return dict(
        output_dir=str(tmp_path / "out"),
        max_steps=2,
        per_device_train_batch_size=1,
        gradient_accumulation_steps=1,
        learning_rate=1e-4,
        logging_steps=1,
        save_strategy="no",
        report_to="none",
        use_cpu=True,
        bf16=False,
        fp16=False,
        seed=0,
        dataloader_num_workers=0,
        disable_tqdm=True,
        max_length=max_length,
    )


def _assert_trained(trainer, out, rows):
    assert rows > 0
    assert trainer.state.global_step == 2, f"ran {trainer.state.global_step} steps"
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    assert losses and all(math.isfinite(x) for x in losses), f"losses {losses}"
    assert math.isfinite(out.training_loss)


@pytest.mark.parametrize("e", SFT, ids=stack.export_id)
def test_sft_trainer_trains_two_steps(e, tmp_path):
    from trl import SFTConfig, SFTTrainer

    ds, tok, model, max_length = _setup(e)
    trainer = SFTTrainer(model=model, args=SFTConfig(**_common(tmp_path, max_length)), train_dataset=ds, processing_class=tok)
    assert len(trainer.train_dataset) == ds.num_rows, "SFTTrainer dropped records while preparing them"
    _assert_trained(trainer, trainer.train(), ds.num_rows)


@pytest.mark.parametrize("e", DPO, ids=stack.export_id)
def test_dpo_trainer_trains_two_steps(e, tmp_path):
    from trl import DPOConfig, DPOTrainer

    ds, tok, model, max_length = _setup(e)
    # The reference model is given: TRL would reload it by the policy's hub name, which an
    # in-memory model does not have.
    ref = copy.deepcopy(model).eval()
    trainer = DPOTrainer(
        model=model, ref_model=ref, args=DPOConfig(**_common(tmp_path, max_length)), train_dataset=ds, processing_class=tok
    )
    assert len(trainer.train_dataset) == ds.num_rows, "DPOTrainer dropped records while preparing them"
    _assert_trained(trainer, trainer.train(), ds.num_rows)
