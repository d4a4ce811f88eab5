"""The pipeline is a printable list of registered stages; custom stages plug in by name."""

from __future__ import annotations

import pytest

from eventcoder.errors import ConfigError
from eventcoder.model import Article
from eventcoder.pipeline import DEFAULT_STAGES, Pipeline
from eventcoder.registry import stages


def test_default_pipeline_prints_its_stages():
    assert repr(Pipeline()) == f"Pipeline({DEFAULT_STAGES})"
    assert set(DEFAULT_STAGES) <= set(stages.names())


def test_unknown_stage_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown stage 'nope'"):
        Pipeline(["actors", "nope"])


@pytest.mark.slow
def test_custom_stage_runs_and_is_timed():
    seen: list[int] = []

    @stages.register("test_count_sentences")
    def make(resources, **config):
        return lambda adoc: seen.append(len(adoc.sentences) * config.get("factor", 1))

    pipe = Pipeline(["test_count_sentences"], config={"test_count_sentences": {"factor": 10}})
    pipe.timings = {}
    adocs = list(pipe.pipe([Article(id="a", text="One sentence here. And a second one.")]))
    assert seen == [20] and adocs[0].events == []
    assert set(pipe.timings) == {"test_count_sentences"}
