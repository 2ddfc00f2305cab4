"""The engine panel proposes the Xinference this machine can run (CPU only here: no vLLM, no xinference[all]),
and leaves a requirement the user chose alone."""

from __future__ import annotations

from typing import Any

from app.core.server import TORCH_CPU_INDEX
from app.core.settings import Settings
from app.ui.context import AppContext
from app.ui.widgets.engine_panel import EnginePanel


def test_no_gpu_here_means_cpu_engines(qtbot: Any, qloop: Any) -> None:
    panel = EnginePanel(AppContext(Settings()))
    qtbot.addWidget(panel)
    panel.propose()
    qtbot.waitUntil(lambda: panel.proposal is not None, timeout=20_000)
    requirement = panel.requirement.text()
    assert "[all]" not in requirement and "vllm" not in requirement and "transformers" in requirement
    assert TORCH_CPU_INDEX in panel.pip_args.text()
    assert panel.proposal_label.text().startswith("Proposed for this machine: ")
    assert "GB to download" in panel.proposal_label.text()


def test_a_chosen_requirement_is_kept(qtbot: Any, qloop: Any) -> None:
    settings = Settings()
    settings.install_requirement = "xinference==4.1.0"
    panel = EnginePanel(AppContext(settings))
    qtbot.addWidget(panel)
    panel.propose()
    qtbot.waitUntil(lambda: panel.proposal is not None, timeout=20_000)
    assert panel.requirement.text() == "xinference==4.1.0"
    assert panel.proposal_label.text(), "the proposal is still shown beside the user's choice"
