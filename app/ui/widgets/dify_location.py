""""Where does Dify run?": four big choices, one click each, asked first (a panel at the top of the window until
answered) and again from Settings → "Where Dify runs…" (the same panel in a dialog)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.dify import LOCATIONS
from app.ui.widgets.sizing import keep_wrapped_text_whole

MIN_CHOICE_WIDTH = 330  # px: two choices side by side fit a 1024 px screen; the description wraps once at most


class DifyLocationPanel(QFrame):
    """Emits ``chosen`` with a key of ``LOCATIONS``, or "" for "I don't use Dify"."""

    chosen = Signal(str)

    def __init__(self, current: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dify-location")
        self.setStyleSheet("#dify-location { background: #eaf2f8; border: 1px solid #1b4f72; border-radius: 6px; }"
                           " QPushButton[choice=\"true\"] { text-align: left; }")
        texts = {
            "same-host": (self.tr("On this machine"), self.tr("Dify runs here, not in Docker: the server stays on "
                                                            "127.0.0.1.")),
            "docker-desktop": (self.tr("Docker Desktop"), self.tr("Mac or Windows: Dify reaches the server at "
                                                                "host.docker.internal; it stays on 127.0.0.1.")),
            "docker-linux": (self.tr("Docker on Linux"), self.tr("The server listens on all addresses, with login "
                                                               "on; Dify uses this machine's address.")),
            "remote": (self.tr("Another machine"), self.tr("The server listens on the network, with login on; "
                                                         "Dify uses this machine's address.")),
        }
        title = QLabel(self.tr("<b>Where does Dify run?</b>"))
        explain = QLabel(self.tr("This decides where the server listens and the URL you paste into Dify. You can "
                                 "change it later in Settings → Where Dify runs…"))
        explain.setWordWrap(True)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(LOCATIONS):
            name, line = texts[key]
            # A command link wraps its description: two plain buttons of "name\nline" made the window 1240 px wide.
            button = QCommandLinkButton(name, line)
            # Tall enough for the description wrapped at the narrowest width: a grid does not give a command link
            # the height its width needs, and at the window's minimum the descriptions were cut to one line.
            button.setMinimumSize(MIN_CHOICE_WIDTH, button.heightForWidth(MIN_CHOICE_WIDTH))
            button.setProperty("choice", True)
            button.setObjectName(f"dify-location-{key}")
            button.setCheckable(True)
            button.setChecked(key == current)
            button.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
            grid.addWidget(button, i // 2, i % 2)
            self.buttons[key] = button
        self.skip = QPushButton(self.tr("I don't use Dify"))
        self.skip.setFlat(True)
        self.skip.clicked.connect(lambda: self.chosen.emit(""))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(grid)
        layout.addWidget(self.skip)


class DifyLocationDialog(QDialog):
    """Settings → "Where Dify runs…": the panel in a dialog that closes on the first click."""

    chosen = Signal(str)

    def __init__(self, current: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Where Dify runs"))
        keep_wrapped_text_whole(self)
        self.panel = DifyLocationPanel(current, self)
        self.panel.chosen.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)

    def _chosen(self, key: str) -> None:
        self.chosen.emit(key)
        self.accept()
