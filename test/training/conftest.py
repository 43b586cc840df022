"""pytest for test/training: offline, quiet, and a clear error when the exports are missing."""

import os

# Set before transformers / datasets are imported by any test module.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import stack  # noqa: E402


def pytest_configure(config):
    # Stops the session with the reason (instead of one error per test) when the driver did
    # not run first.
    try:
        stack.index()
    except RuntimeError as err:
        import pytest

        pytest.exit(str(err), returncode=4)
