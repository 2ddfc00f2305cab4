"""No clipped widget: every page and dialog, at the default window size, at 1400×900 and at the minimum, in English
and in Persian (right to left), shows each button, label, header and placeholder whole.

Seen before: at 1400×900 "Create admin and log in" cut to half its height and the Endpoint's Copy label cut (the
window's minimum was 1238×921, taller than the screen, so the window manager squeezed it), the Catalog's "Typ"
header, the Copy UID column without a header, the register dialog's path field narrower than its placeholder.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.core.settings import Settings
from app.ui import i18n
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.e2e.launch_fixtures import close_ctx, make_ctx
from tests.support.harness import RunningServer
from tests.ui.clipping import clipped

# A 1366×768 laptop less its panel and the title bar: the window's minimum must fit, or the window manager squeezes
# it below its minimum and cuts what is inside.
SMALL_SCREEN = QSize(1024, 680)
SIZES = (QSize(1200, 780), QSize(1400, 900))  # the default, and the screen the clipping was seen on


@pytest.fixture(params=["en", "fa"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    i18n.install(qapp, request.param)
    try:
        yield request.param
    finally:
        i18n.install(qapp, "en")


@pytest.fixture
def nowhere() -> str:
    """An endpoint where nothing listens: the dialogs open as with a server that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def settle(qtbot: Any) -> None:
    qtbot.wait(150)  # layouts, deferred column fits and the first (failing) loads run


def settled_clipping(qtbot: Any, widget: QWidget) -> list[str]:
    """What stays clipped once the layouts have settled: a minimum height that follows the width takes a few
    rounds of layout requests (longer on a loaded machine), so look again for up to two seconds."""
    found = clipped(widget)
    for _ in range(20):
        if not found:
            break
        qtbot.wait(100)
        found = clipped(widget)
    return found


def check_at_sizes(qtbot: Any, widget: QWidget, sizes: tuple[QSize, ...], what: str) -> list[str]:
    found = []
    for size in (*sizes, widget.minimumSizeHint()):
        widget.resize(size)
        settle(qtbot)
        found += [f"{what} at {widget.width()}x{widget.height()}: {p}" for p in settled_clipping(qtbot, widget)]
    return found


def test_the_window_fits_a_small_screen(qtbot: Any, qloop: Any, language: str) -> None:
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    window.show()
    minimum = window.minimumSizeHint()
    assert minimum.width() <= SMALL_SCREEN.width() and minimum.height() <= SMALL_SCREEN.height(), minimum
    window.resize(SIZES[0])
    settle(qtbot)
    assert window.size() == SIZES[0], "the default size is below the window's minimum"
    nav = window._nav.width()
    wide = {key: page.minimumSizeHint().width() for key, page in window.pages.items()
            if page.minimumSizeHint().width() + nav > SMALL_SCREEN.width()}
    assert not wide, f"pages that scroll sideways on a {SMALL_SCREEN.width()} px screen: {wide}"


def test_no_page_is_clipped(qtbot: Any, qloop: Any, language: str) -> None:
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    window.show()
    found: list[str] = []
    for key in window.pages:
        window.show_page(key)
        found += check_at_sizes(qtbot, window, SIZES, key)
    assert not found, "\n".join(found)


def _dialogs(ctx: AppContext) -> dict[str, QDialog]:
    from app.ui.dialogs.about_dialog import AboutDialog
    from app.ui.dialogs.launch_dialog import LaunchDialog
    from app.ui.dialogs.model_sets import ModelSetsDialog
    from app.ui.dialogs.rag_starter import RagStarterDialog
    from app.ui.dialogs.register_dialog import ModelPickerDialog, RegisterDialog
    from app.ui.widgets.dify_location import DifyLocationDialog

    embedding = {"model_name": "bge-small-en-v1.5", "model_type": "embedding",
                 "model_specs": [{"model_format": "pytorch", "quantization": "none"}]}
    chat = {"model_name": "qwen2.5-instruct", "model_type": "LLM",
            "model_specs": [{"model_format": "pytorch", "model_size_in_billions": "0_5", "quantization": "none"}]}
    return {
        "launch (LLM)": LaunchDialog(ctx, chat, chat["model_specs"][0]),
        "launch (embedding)": LaunchDialog(ctx, embedding),
        "register": RegisterDialog(ctx),
        "model picker": ModelPickerDialog(ctx),
        "model sets": ModelSetsDialog(ctx),
        "RAG starter": RagStarterDialog(ctx),
        "about": AboutDialog(ctx),
        "where Dify runs": DifyLocationDialog(),
    }


def test_no_dialog_is_clipped(qtbot: Any, qloop: Any, language: str, nowhere: str, tmp_path: Path) -> None:
    ctx = make_ctx(nowhere)
    found: list[str] = []
    # The register dialog with its "Detected: …" line, which was cut.
    reranker = tmp_path / "BGE Reranker Tiny with a long folder name"
    reranker.mkdir()
    (reranker / "config.json").write_text(json.dumps({"architectures": ["BertForSequenceClassification"],
                                                      "num_labels": 1}))
    try:
        for name, dialog in _dialogs(ctx).items():
            qtbot.addWidget(dialog)
            dialog.open()
            if name == "register":
                dialog.path.setText(str(reranker))  # type: ignore[attr-defined]
                assert dialog.detected_label.text()  # type: ignore[attr-defined]
            settle(qtbot)
            found += check_at_sizes(qtbot, dialog, (dialog.sizeHint(),), name)
            dialog.close()
    finally:
        close_ctx(ctx, qtbot)
    assert not found, "\n".join(found)


def test_embedding_launch_offers_only_what_it_takes(qtbot: Any, qloop: Any, nowhere: str) -> None:
    """Xinference refuses a context length for an embedding model and runs it on one device: the dialog offered
    "Context length" and GPU counts up to 8."""
    from app.ui.dialogs.launch_dialog import LaunchDialog

    ctx = make_ctx(nowhere)
    try:
        dialog = LaunchDialog(ctx, {"model_name": "bge", "model_type": "embedding", "model_specs": []})
        qtbot.addWidget(dialog)
        dialog.open()
        assert not dialog.context_length.isVisibleTo(dialog)
        assert [dialog.n_gpu.itemText(i) for i in range(dialog.n_gpu.count())] == ["auto", "cpu"]
        chat = LaunchDialog(ctx, {"model_name": "qwen", "model_type": "LLM", "model_specs": []})
        qtbot.addWidget(chat)
        chat.open()
        assert chat.context_length.isVisibleTo(chat) and chat.n_gpu.count() == 6
    finally:
        close_ctx(ctx, qtbot)


def test_a_real_servers_pages_are_not_clipped(qtbot: Any, qloop: Any, language: str, arun: Any,
                                              xinf_server: RunningServer) -> None:
    """With the catalog loaded, a family selected (its variants table), the running models and their Copy UID
    buttons, and the launch dialog of the registered embedding model."""
    from app.core.models.launch import registered_family
    from app.ui.dialogs.launch_dialog import LaunchDialog

    ctx = make_ctx(xinf_server.endpoint)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    found: list[str] = []
    try:
        catalog = window.pages["catalog"]
        window.show_page("catalog")
        qtbot.waitUntil(lambda: catalog.cached is not None and not catalog.loading, timeout=180_000)  # type: ignore[attr-defined]
        catalog.view.selectRow(0)  # type: ignore[attr-defined]
        view = catalog.view  # type: ignore[attr-defined]
        assert view.columnWidth(0) >= view.sizeHintForColumn(0), "the Best fit verdicts are cut"
        found += check_at_sizes(qtbot, window, SIZES, "catalog, a family selected")
        running = window.pages["running"]
        window.show_page("running")
        qtbot.waitUntil(lambda: running.model.rowCount() >= 3, timeout=30_000)  # type: ignore[attr-defined]
        found += check_at_sizes(qtbot, window, SIZES, "running")
        for key in ("server", "dify"):
            window.show_page(key)
            found += check_at_sizes(qtbot, window, SIZES, key)
        dialog = LaunchDialog(ctx, arun(registered_family(ctx.client(), "embedding", "tiny-embed")))
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitUntil(lambda: dialog.engine.count() > 0, timeout=30_000)
        found += check_at_sizes(qtbot, dialog, (dialog.sizeHint(),), "launch tiny-embed")
        dialog.close()
    finally:
        window.pages["running"].hide()
        close_ctx(ctx, qtbot)
    assert not found, "\n".join(found)


def test_the_running_table_says_when_no_model_runs(qtbot: Any, qloop: Any, launch_server: RunningServer) -> None:
    from app.ui.pages.running import RunningPage

    ctx = make_ctx(launch_server.endpoint)
    page = RunningPage(ctx)
    qtbot.addWidget(page)
    page.show()
    try:
        qtbot.waitUntil(lambda: page.empty.isVisible(), timeout=30_000)
        assert page.model.rowCount() == 0 and not page.banner.text()
        assert page.empty.text().startswith("No model is running on this server.")
    finally:
        page.hide()
        close_ctx(ctx, qtbot)


def test_an_unreachable_server_is_not_an_empty_one(qtbot: Any, qloop: Any, nowhere: str) -> None:
    from app.ui.pages.running import RunningPage

    ctx = make_ctx(nowhere)
    page = RunningPage(ctx)
    qtbot.addWidget(page)
    page.show()
    try:
        qtbot.waitUntil(lambda: bool(page.banner.text()), timeout=30_000)
        assert not page.empty.isVisible()
    finally:
        page.hide()
        close_ctx(ctx, qtbot)


def test_the_port_box_sits_by_its_label(qtbot: Any, qloop: Any, language: str) -> None:
    """The port field is narrow: it starts where the other fields of its form start (the right edge in Persian),
    not in the middle of its row."""
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    window.show()
    settle(qtbot)
    server = window.server_page
    host = server.host.mapTo(window, server.host.rect().topLeft()).x()
    port = server.port.edit.mapTo(window, server.port.edit.rect().topLeft()).x()
    if language == "fa":  # right to left: compare the right edges
        host += server.host.width()
        port += server.port.edit.width()
    assert port == host
