"""A dismissible banner at the top of a page: an error (message + hint) or a note, with an optional action."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


def close_icon(colour: str, size: int = 16) -> QIcon:
    """A drawn ×: the "✕" character is missing from many fonts (a fallback dot was all that showed)."""
    pixmap = QPixmap(size * 2, size * 2)  # drawn at twice the size: sharp on high-DPI screens too
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(colour), 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    m = size * 0.25
    painter.drawLine(QPointF(m, m), QPointF(size - m, size - m))
    painter.drawLine(QPointF(m, size - m), QPointF(size - m, m))
    painter.end()
    return QIcon(pixmap)


class Banner(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.action = QPushButton()
        self.action.hide()
        # A drawn icon with no padding, not the glyph "✕": the window's stylesheet pads push buttons by
        # 12 px a side (a 28 px one kept 4 px for its text), and fonts without the glyph drew a dot.
        self.close_button = QPushButton()
        self.close_button.setObjectName("banner-close")
        self.close_button.setFlat(True)
        self.close_button.setIconSize(QSize(16, 16))
        self.close_button.setToolTip(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setFixedSize(QSize(28, 28))
        self.close_button.clicked.connect(self.clear)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.detail)
        layout = QHBoxLayout(self)
        layout.addLayout(text, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.close_button)
        self._callback: Callable[[], object] | None = None
        self.action.clicked.connect(self._run_action)
        self.hide()

    def show_error(self, message: str, hint: str = "", action: tuple[str, Callable[[], object]] | None = None) -> None:
        self._show(message, hint, "#fdecea", "#922b21", action)

    def show_warning(
        self, message: str, hint: str = "", action: tuple[str, Callable[[], object]] | None = None
    ) -> None:
        """Something went wrong but nothing is down (a model failed; the server runs on)."""
        self._show(message, hint, "#fef5e7", "#9a5b00", action)

    def show_info(self, message: str, hint: str = "", action: tuple[str, Callable[[], object]] | None = None) -> None:
        self._show(message, hint, "#eaf2f8", "#1b4f72", action)

    def _show(
        self, message: str, hint: str, bg: str, fg: str, action: tuple[str, Callable[[], object]] | None
    ) -> None:
        self.setStyleSheet(f"#banner {{ background: {bg}; border: 1px solid {fg}; border-radius: 4px; }}"
                           f" QLabel {{ color: {fg}; }}"
                           # The window's "QPushButton { padding: 5px 12px }" left this one 4 px: none here.
                           " QPushButton#banner-close { padding: 0px; }")
        self.close_button.setIcon(close_icon(fg))
        self.title.setText(f"<b>{message}</b>")
        self.detail.setText(hint)
        self.detail.setVisible(bool(hint))
        self._callback = action[1] if action else None
        self.action.setText(action[0] if action else "")
        self.action.setVisible(action is not None)
        self.show()

    def _run_action(self) -> None:
        if self._callback is not None:
            self._callback()
        self.clear()

    def clear(self) -> None:
        self.hide()
        self.title.clear()
        self.detail.clear()
        self._callback = None

    def text(self) -> str:
        return f"{self.title.text()} {self.detail.text()}".strip()
