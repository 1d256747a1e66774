"""The eval gate: quality floors pinned in tests/floors.json, measured on the dev data."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import POLNEAR, require

from wirecoder import Pipeline
from wirecoder.evaluation.polnear import evaluate

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())


def test_eval_gate_polnear_dev_statements(pipeline: Pipeline) -> None:
    scores = evaluate(require(POLNEAR) / "dev", pipeline).as_dict()
    assert scores["articles"] == 84
    for metric, floor in FLOORS["polnear_dev"].items():
        assert scores[metric] >= floor, f"{metric} {scores[metric]} fell below {floor}"


def test_eval_gate_plover_gsr_events(pipeline: Pipeline) -> None:
    from conftest import PLOVER_GSR

    from wirecoder.evaluation.plover_gsr import evaluate as evaluate_gsr

    scores = evaluate_gsr(require(PLOVER_GSR), pipeline).as_dict()
    assert scores["records"] == 322
    for metric, floor in FLOORS["plover_gsr"].items():
        assert scores[metric] >= floor, f"{metric} {scores[metric]} fell below {floor}"
