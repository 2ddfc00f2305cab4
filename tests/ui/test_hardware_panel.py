"""Issue 14 item 11: the hardware panel's engines read as two lists, never as "Transformers not installed"."""

from __future__ import annotations

from typing import Any

from app.core.catalog.hardware import merge_engine_answers
from app.ui.widgets.hardware_panel import HardwarePanel

# As a 4.1 server with sentence-transformers and transformers (no diffusers, no vLLM) answers /v1/engines.
ANSWERS = [{"Transformers": [{}], "vLLM": "Failed to import vLLM: No module named 'vllm'"},
           {"sentence_transformers": [{}]},
           {"diffusers": "Failed to import diffusers: No module named 'diffusers'"}]


def test_installed_and_missing_engines_are_separate_rows(qtbot: Any) -> None:
    panel = HardwarePanel()
    qtbot.addWidget(panel)
    panel.set_engines(merge_engine_answers(ANSWERS, ["LLM", "embedding", "image"]))
    assert panel.labels["engines"].text() == "sentence_transformers, Transformers"
    assert panel.labels["engines_missing"].text() == "diffusers, vLLM"
    assert "not installed" not in panel.labels["engines"].text()
    panel.set_engines(merge_engine_answers([{"Transformers": [{}]}], ["LLM"]))
    assert panel.labels["engines_missing"].text() == "none"
