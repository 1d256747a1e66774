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


def test_eval_gate_event_sense_dev(pipeline: Pipeline) -> None:
    from wirecoder.evaluation.sense import evaluate as evaluate_sense

    scores = evaluate_sense("dev", pipeline)
    for metric, bound in FLOORS["event_sense_dev"].items():
        if metric.endswith("_max"):
            value = scores[metric.removesuffix("_max")]
            assert value <= bound, f"{metric} {value} rose above {bound}"
        else:
            assert scores[metric] >= bound, f"{metric} {scores[metric]} fell below {bound}"


def test_polnear_gold_keeps_the_second_part_of_a_split_quote(tmp_path: Path) -> None:
    from wirecoder.evaluation.polnear import read_ann

    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tContent 0 10\t\"A, B, C,\"\n"
        "T2\tCue 15 19\tsaid\n"
        "T3\tContent 21 30\t\"D and E\"\n"
        "T4\tAttribution 15 19\tsaid\n"
        "E1\tAttribution:T4 Cue:T2 Content:T1 Content2:T3\n",
        encoding="utf-8",
    )
    (gold,) = read_ann(ann)
    assert gold.content == [(0, 10), (21, 30)]
    assert gold.cue == [(15, 19)]
