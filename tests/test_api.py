"""The public API surface is pinned."""

from __future__ import annotations

import wirecoder


def test_api_all_is_pinned() -> None:
    assert sorted(wirecoder.__all__) == sorted([
        "SCHEMA_VERSION", "Article", "Config", "ConfigError", "InputError", "ModelError",
        "Pipeline", "Store", "StoreError", "WirecoderError", "__version__", "code_article",
        "open_store", "read_inputs", "reset_default_pipeline"])
    for name in wirecoder.__all__:
        assert hasattr(wirecoder, name)


def test_api_code_article_uses_given_pipeline(pipeline: wirecoder.Pipeline) -> None:
    record = wirecoder.code_article("Iran's foreign minister said on Monday talks had failed.",
                                    published="2023-10-30", id="a1", pipeline=pipeline)
    assert record["id"] == "a1"
    assert record["times"][0]["value"] == "2023-10-30"


def test_api_schema_copy_matches_contract() -> None:
    import json
    from importlib import resources

    from conftest import SHARED

    ours = json.loads(resources.files("wirecoder").joinpath("schema").joinpath(
        "article-record.schema.json").read_text())
    contract = SHARED / "contract" / "article-record.schema.json"
    if contract.exists():
        assert ours == json.loads(contract.read_text())
