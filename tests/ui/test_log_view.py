"""The live log stays bounded, colours by level, filters as you type, and hides secrets."""

from typing import Any

from PySide6.QtCore import Qt

from app.ui.widgets.log_view import COLOURS, LogModel, LogView


def test_ring_buffer_keeps_memory_bounded(qtmodeltester: Any) -> None:
    model = LogModel(max_lines=100)
    for i in range(1000):
        model.append("stdout", f"line {i}")
        if i % 37 == 0:
            model.flush()
    model.flush()
    assert model.rowCount() == 100
    assert model.data(model.index(0)) == "line 900"
    assert model.data(model.index(99)) == "line 999"
    qtmodeltester.check(model)


def test_levels_colour_and_secrets_are_hidden() -> None:
    model = LogModel()
    model.append("stderr", "2026-11-26 07:00:00 ERROR something broke")
    model.append("stderr", "2026-11-26 07:00:00 WARNING careful")
    model.append("stdout", "  Setup token: 6i3DOQ52yJ1JQphoVw_vnDUb0PgVQ41iMnOEexodggI")
    model.append("app", "$ xinference-local -H 127.0.0.1")
    model.flush()
    assert model.data(model.index(0), Qt.ItemDataRole.ForegroundRole) == COLOURS["ERROR"]
    assert model.data(model.index(1), Qt.ItemDataRole.UserRole) == "WARNING"
    assert "6i3DOQ52" not in model.text()
    assert model.data(model.index(3), Qt.ItemDataRole.UserRole) == "app"


def test_search_filters_and_follow(qtbot: Any) -> None:
    view = LogView()
    qtbot.addWidget(view)
    for i in range(50):
        view.append("stdout", f"INFO worker {i} ready" if i % 10 else f"ERROR model {i} failed")
    qtbot.waitUntil(lambda: view.model.rowCount() == 50, timeout=2000)
    view.search.setText("failed")
    assert view.proxy.rowCount() == 5
    view.search.clear()
    assert view.proxy.rowCount() == 50



def test_the_noise_of_a_requested_stop_is_dimmed_not_red() -> None:
    from app.core.server import STOP_NOISE_STREAM

    model = LogModel()
    model.append(STOP_NOISE_STREAM, "2026-12-05T21:07:59.557Z ERROR xinference.api.routers.admin Remote server "
                                    "127.0.0.1:27281 closed: 0 bytes read on a total of 11 expected bytes")
    model.append(STOP_NOISE_STREAM, "xoscar.errors.ServerClosed: Remote server 127.0.0.1:27281 closed")
    model.append("stderr", "xoscar.errors.ServerClosed: Remote server 127.0.0.1:27281 closed")  # not during a stop
    model.flush()
    for row in (0, 1):
        assert model.data(model.index(row), Qt.ItemDataRole.UserRole) == "stop"
        assert model.data(model.index(row), Qt.ItemDataRole.ForegroundRole) == COLOURS["stop"] != COLOURS["ERROR"]
    assert model.data(model.index(2), Qt.ItemDataRole.ForegroundRole) == COLOURS["ERROR"]
