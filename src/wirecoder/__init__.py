"""wirecoder: turn news articles into structured, sourced event data.

The public API is :class:`Pipeline`, :func:`code_article`, :class:`Store` and
:func:`open_store` (a DuckDB file or a PostgreSQL URL); the CLI, REST API and UI call
only these.
"""

from wirecoder.errors import (
    ConfigError,
    InputError,
    ModelError,
    StoreError,
    WirecoderError,
)
from wirecoder.inputs import read_inputs
from wirecoder.model import SCHEMA_VERSION, Article
from wirecoder.pipeline import Config, Pipeline, code_article, reset_default_pipeline
from wirecoder.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Config",
    "ConfigError",
    "InputError",
    "ModelError",
    "Pipeline",
    "Store",
    "StoreError",
    "WirecoderError",
    "__version__",
    "code_article",
    "open_store",
    "read_inputs",
    "reset_default_pipeline",
]
