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


def test_install_row_shows_only_while_no_engine_is_found(qtbot: Any, qloop: Any) -> None:
    """Issue 14 item 11: with an engine found, "Install" and "about 1.5 GB to download" are not the next step."""
    from app.core.server import Engine

    panel = EnginePanel(AppContext(Settings()))
    qtbot.addWidget(panel)
    panel.show()
    panel._set_engine(None)
    qtbot.waitUntil(lambda: panel.proposal is not None, timeout=20_000)
    assert panel.install_button.isVisible() and panel.proposal_label.isVisible()
    assert not panel.reinstall_button.isVisible()
    panel._set_engine(Engine("PATH", ("/usr/bin/xinference-local",), None, "4.1.0"))
    assert not panel.install_button.isVisible() and not panel.requirement.isVisible()
    assert not panel.proposal_label.isVisible(), panel.proposal_label.text()
    panel.reinstall_button.click()  # an upgrade is still one click away
    assert panel.install_button.isVisible() and panel.proposal_label.isVisible()
