"""Languages: the window in Persian lays out right to left and speaks Persian, in Chinese it speaks Chinese, the
language follows the system unless chosen, and Settings → Language remembers the choice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from app.core.settings import Settings
from app.ui import i18n
from app.ui.context import AppContext
from app.ui.main_window import MainWindow


@pytest.fixture
def english_afterwards(qapp: QApplication) -> Iterator[QApplication]:
    """Whatever a test installs, the next test sees the English, left-to-right app."""
    try:
        yield qapp
    finally:
        i18n.install(qapp, "en")


def sidebar(window: MainWindow) -> list[str]:
    """The sidebar as shown (the Cluster page is hidden unless the endpoint is a cluster)."""
    return [window._nav.item(row).text() for row in range(window._nav.count()) if not window._nav.item(row).isHidden()]


def test_persian_window_is_right_to_left_and_translated(qtbot: Any, qloop: Any,
                                                        english_afterwards: QApplication) -> None:
    assert i18n.install(english_afterwards, "fa") == "fa"
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert sidebar(window) == ["سرور", "کاتالوگ", "مدل‌های در حال اجرا", "آزمون اتصال Dify"]
    server = window.server_page
    assert server.start_button.text() == "شروع"
    assert server.state_label.text().endswith(">متوقف</b>")  # the core's state name, shown translated
    running = window.pages["running"]
    headers = [running.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]  # type: ignore[attr-defined]
    assert headers == ["UID", "مدل", "نوع"]  # a module-level column table, translated when shown
    assert window.menuBar().actions()[0].text() == "&پرونده"


def test_chinese_window_is_translated_left_to_right(qtbot: Any, qloop: Any,
                                                    english_afterwards: QApplication) -> None:
    assert i18n.install(english_afterwards, "zh_CN") == "zh_CN"
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert sidebar(window)[0] == "服务器"
    catalog = window.pages["catalog"]
    assert catalog.model.headerData(0, Qt.Orientation.Horizontal) == "最佳匹配"  # type: ignore[attr-defined]
    assert catalog.filters.combos["model_type"].itemText(0) == "任意"  # type: ignore[attr-defined]
    dify = window.pages["dify"]
    assert dify.location.itemText(0) == "本机（不在 Docker 中）"  # type: ignore[attr-defined]


def test_back_to_english(qtbot: Any, qloop: Any, english_afterwards: QApplication) -> None:
    i18n.install(english_afterwards, "fa")
    assert i18n.install(english_afterwards, "en") == "en"
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert sidebar(window) == ["Server", "Catalog", "Running models", "Dify connection test"]


def test_plural_forms_in_persian(qtbot: Any, english_afterwards: QApplication) -> None:
    from app.ui.widgets.log_view import LogView

    i18n.install(english_afterwards, "fa")
    view = LogView()
    qtbot.addWidget(view)
    view.append("app", "one")
    view.append("app", "two")
    view._flush()
    assert view.count.text() == "2 خط"


def test_plural_forms_in_english(qtbot: Any, english_afterwards: QApplication) -> None:
    """English is the source text, but counts still read right: "1 line", "2 lines" (not "2 line(s)")."""
    from app.ui.widgets.log_view import LogView

    i18n.install(english_afterwards, "en")
    view = LogView()
    qtbot.addWidget(view)
    view.append("app", "one")
    view._flush()
    assert view.count.text() == "1 line"
    view.append("app", "two")
    view._flush()
    assert view.count.text() == "2 lines"


def test_language_follows_the_system() -> None:
    assert i18n.system_language(QLocale("fa_IR")) == "fa"
    assert i18n.system_language(QLocale("zh_CN")) == "zh_CN"
    assert i18n.system_language(QLocale("zh_SG")) == "zh_CN"
    assert i18n.system_language(QLocale("de_DE")) == "en"
    assert i18n.resolve("fa") == "fa"
    assert i18n.resolve("xx") in i18n.LANGUAGES  # an unknown setting falls back to the system's language


def test_settings_language_menu_remembers_the_choice(qtbot: Any, qloop: Any,
                                                     english_afterwards: QApplication) -> None:
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    persian = next(a for a in window.language_menu.actions() if a.data() == "fa")
    persian.trigger()
    assert Settings.load().ui["language"] == "fa"
    assert english_afterwards.layoutDirection() == Qt.LayoutDirection.RightToLeft
    follow = next(a for a in window.language_menu.actions() if a.data() == "")
    follow.trigger()
    assert Settings.load().ui["language"] == ""


def test_persian_log_stays_left_to_right(qtbot: Any, english_afterwards: QApplication) -> None:
    """The server's log is English and JSON: in a right-to-left window it still reads left to right."""
    from app.ui.widgets.log_view import LogView

    i18n.install(english_afterwards, "fa")
    view = LogView()
    qtbot.addWidget(view)
    assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert view.list.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_where_dify_runs_speaks_the_language(qtbot: Any, english_afterwards: QApplication) -> None:
    """The core's place words (in "from {0} it cannot reach …" and the restart offer) are all listed for lupdate
    and shown translated; so is the "Where does Dify run?" panel."""
    from app.core.dify import PLACE
    from app.ui.widgets.dify_location import DifyLocationPanel
    from app.ui.widgets.dify_reach import PLACE_NAMES, place_name

    assert set(PLACE_NAMES) == set(PLACE.values())
    i18n.install(english_afterwards, "zh_CN")
    assert place_name("docker-desktop") == "Dify 的插件守护进程容器（Docker Desktop）"
    i18n.install(english_afterwards, "fa")
    assert place_name("remote") == "دستگاهی که Dify روی آن اجرا می‌شود"
    panel = DifyLocationPanel()
    qtbot.addWidget(panel)
    assert panel.skip.text() == "از Dify استفاده نمی‌کنم"
    i18n.install(english_afterwards, "en")
    assert place_name("same-host") == "this machine"
