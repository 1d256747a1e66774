"""Shared fixtures: the pipeline is built once per session; data paths point at ../shared."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wirecoder import Pipeline

# The browser tests' server and page fixtures (tests/browser.py).
pytest_plugins = ["browser"]

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "data" / "seed"
PLOVER_GSR = SHARED / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
POLNEAR = SHARED / "data" / "polnear"
EXAMPLE = ROOT / "examples" / "iran-us-forces.jsonl"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found at {path}")
    return path


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def rules_pipeline() -> Pipeline:
    """The coder without the event-sense layer: what the rules alone find."""
    return Pipeline(sense=False)


@pytest.fixture(scope="session")
def seed_record(pipeline: Pipeline) -> dict[str, Any]:
    from wirecoder.inputs import read_inputs

    return next(pipeline.pipe(read_inputs([str(EXAMPLE)])))


@pytest.fixture(scope="session")
def seed_expected() -> dict[str, Any]:
    path = SEED / "iran-us-forces.expected.json"
    if not path.exists():
        path = ROOT / "tests" / "data" / "iran-us-forces.expected.json"
    return json.loads(require(path).read_text())


# Three short reports of one happening (two sources and a copy) beside the seed article,
# so incidents, duplicates and conflicting figures have something to show.
KENYA = [
    {"id": "k1", "source": "Nation", "published": "2024-06-26",
     "text": "Police shot dead five protesters in Nairobi on Tuesday, the Kenya Medical "
             "Association said."},
    {"id": "k2", "source": "Standard", "published": "2024-06-26",
     "text": "Kenyan police killed seven demonstrators in Nairobi on Tuesday, police said."},
    {"id": "k3", "source": "Copy", "published": "2024-06-27",
     "text": "Police shot dead five protesters in Nairobi on Tuesday, the Kenya Medical "
             "Association said!"},
]


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    """A DuckDB store with the seed article and the three Kenya reports."""
    from wirecoder import Store, read_inputs
    from wirecoder.batch import code_batch

    folder = tmp_path_factory.mktemp("store")
    extra = folder / "kenya.jsonl"
    extra.write_text("".join(json.dumps(line) + "\n" for line in KENYA))
    path = folder / "example.duckdb"
    with Store(path) as store:
        code_batch(read_inputs([str(EXAMPLE), str(extra)]), pipeline, store=store)
    return path


# Property tests: a bounded run by default; HYPOTHESIS_PROFILE=long for a thorough one.
try:
    import os

    from hypothesis import HealthCheck, settings

    settings.register_profile("default", max_examples=40, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow,
                                                     HealthCheck.function_scoped_fixture])
    settings.register_profile("long", max_examples=2000, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow,
                                                     HealthCheck.function_scoped_fixture])
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    pass


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """The URL of a private PostgreSQL server's ``postgres`` database (tests/pg.py)."""
    import importlib.util
    import os

    from pg import binaries, cluster

    missing = ("PostgreSQL is not installed (scripts/ensure-postgres.sh)" if binaries() is None
               else "psycopg is not installed (pip install -e '.[dev]')"
               if importlib.util.find_spec("psycopg") is None else None)
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    with cluster() as url:
        yield url


@pytest.fixture()
def pg_db(postgres: str, request: pytest.FixtureRequest) -> str:
    """The URL of a new, empty PostgreSQL database for this test."""
    import re

    from pg import new_database

    return new_database(postgres, "t_" + re.sub(r"\W+", "_", request.node.name)[:55].lower())
