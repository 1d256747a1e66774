"""Shared fixtures: the pipeline is built once per session; data paths point at ../shared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wirecoder import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "data" / "seed"
PLOVER_GSR = SHARED / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
POLNEAR = SHARED / "data" / "polnear"
EXAMPLE = ROOT / "examples" / "iran-us-forces.jsonl"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found at {path}")
    return path


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def seed_record(pipeline: Pipeline) -> dict[str, Any]:
    from wirecoder.inputs import read_inputs

    return next(pipeline.pipe(read_inputs([str(EXAMPLE)])))


@pytest.fixture(scope="session")
def seed_expected() -> dict[str, Any]:
    path = SEED / "iran-us-forces.expected.json"
    if not path.exists():
        path = ROOT / "tests" / "data" / "iran-us-forces.expected.json"
    return json.loads(require(path).read_text())
