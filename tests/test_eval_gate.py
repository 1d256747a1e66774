"""The eval gate: quality floors pinned in tests/floors.json, measured on the dev data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
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


# The written files the dev split was drawn from before the data grew: their dev sentences
# keep the ceiling on hard negatives pinned then, on the same sentences.
FIRST_WRITTEN = (
    "battles_explosions", "boilerplate", "civilians_riots_strategic", "cooperation_a",
    "cooperation_b", "crime_contrast", "idioms", "more_agree_concede",
    "more_aid_retreat_cooperate", "more_negatives", "more_request_accuse",
    "more_sanction_coerce", "more_support_mobilize_protest",
    "negatives_disasters_crime_science", "negatives_politics_metaphor",
    "negatives_sport_business", "politics_verbal", "protests_arrests_agreements",
    "sanction_mobilize_coerce", "verbal_conflict")


def test_eval_gate_event_sense_first_dev(pipeline: Pipeline, tmp_path: Path) -> None:
    from wirecoder.evaluation.sense import DATA_DIR
    from wirecoder.evaluation.sense import evaluate as evaluate_sense

    (tmp_path / "written").mkdir()
    for name in FIRST_WRITTEN:
        (tmp_path / "written" / f"{name}.jsonl").symlink_to(
            DATA_DIR / "written" / f"{name}.jsonl")
    scores = evaluate_sense("dev", pipeline, tmp_path)
    assert scores["sentences"] == 1822
    _check(scores, FLOORS["event_sense_first_dev"])


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_eval_gate_event_sense(pipeline: Pipeline, split: str) -> None:
    # The held-out set is never tuned on; pinning its figures only stops them sliding.
    from wirecoder.evaluation.sense import evaluate as evaluate_sense

    _check(evaluate_sense(split, pipeline), FLOORS[f"event_sense_{split}"])


def _check(scores: dict[str, Any], floors: dict[str, float]) -> None:
    for metric, bound in floors.items():
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


@pytest.mark.parametrize("name", ["places", "actors"])
def test_eval_gate_places_and_actors(pipeline: Pipeline, name: str) -> None:
    # Labelled sentences of tests/data: the dev sets, where errors are looked into; the
    # held-out sets, written apart and never looked into, are pinned only to stop slides.
    from wirecoder.evaluation.kb import read_rows, score_actors, score_places

    data = Path(__file__).parent / "data"
    scorer = score_places if name == "places" else score_actors
    for split in ("dev", "dev2", "dev3", "heldout", "heldout2", "heldout3", "heldout4",
                  "heldout5"):
        path = data / f"{name}_{split}.jsonl"
        if path.exists():
            scores = scorer(read_rows(path), pipeline)
            scores.pop("errors")
            _check(scores, FLOORS[f"{name}_{split}"])
