"""Install from the window: an unreachable index is said before pip starts (with what it costs), a second press
goes on without it, and a long failure wraps instead of widening the window."""

from __future__ import annotations

import shlex
import socket
from typing import Any

from app.core.settings import Settings
from app.ui.context import AppContext
from app.ui.widgets.engine_panel import EnginePanel


def _refusing_index() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/whl/cpu"


def test_unreachable_index_is_said_before_installing_and_a_long_error_wraps(qtbot: Any, qloop: Any) -> None:
    panel = EnginePanel(AppContext(Settings()))
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    index = _refusing_index()
    # --no-index: the second press really runs pip, which then fails at once (no package, no network).
    panel.requirement.setText("xim-no-such-package-zz==1.0 " + "xim-long-name-to-make-pip-say-a-lot-zz " * 4)
    panel.pip_args.setText(shlex.join(["--no-index", "--extra-index-url", index]))
    panel.install_button.click()
    qtbot.waitUntil(lambda: panel.error.isVisible() and panel.install_button.isVisible(), timeout=20_000)
    assert panel.error.text().startswith("127.0.0.1 cannot be reached (")
    assert "HTTPS_PROXY" in panel.error.text()
    assert panel.install_button.text() == "Install without it"
    assert panel.unreachable and panel.unreachable[0].url == index

    width = panel.window().width()
    panel.install_button.click()  # without the index: pip runs, and fails
    qtbot.waitUntil(lambda: panel.phase.text() == "The install failed.", timeout=120_000)
    assert panel.error.isVisible() and "failed (exit 1)" in panel.error.text()
    assert panel.error.wordWrap() and panel.phase.wordWrap()
    assert panel.minimumSizeHint().width() < 900 and panel.window().width() == width
    assert panel.install_button.text() == "Install Xinference"


def test_the_torch_that_landed_is_said(qtbot: Any, qloop: Any) -> None:
    """A CPU-only install that brought the CUDA torch all the same says so; the CPU build is named."""
    from app.core.server import TORCH_CPU_INDEX, TorchBuild

    panel = EnginePanel(AppContext(Settings()))
    qtbot.addWidget(panel)
    panel.show()
    panel._check_torch(TorchBuild("2.5.1+cpu", ""), ["--extra-index-url", TORCH_CPU_INDEX])
    assert panel.phase.text() == "Installed (torch 2.5.1+cpu: the CPU build)." and not panel.error.isVisible()
    panel._check_torch(TorchBuild("2.5.1", "12.4"), ["--extra-index-url", TORCH_CPU_INDEX])
    assert panel.error.isVisible()
    assert panel.error.text() == ("The CPU-only install brought torch 2.5.1, built for CUDA 12.4: pip did not take it "
                                  "from the CPU index.")


def test_an_unreachable_index_is_said_before_install_is_pressed(qtbot: Any, qloop: Any) -> None:
    panel = EnginePanel(AppContext(Settings()))
    qtbot.addWidget(panel)
    panel.pip_args.setText(shlex.join(["--extra-index-url", _refusing_index()]))
    panel.propose()
    qtbot.waitUntil(lambda: panel.error.isVisibleTo(panel), timeout=20_000)
    assert "127.0.0.1 cannot be reached" in panel.error.text()
