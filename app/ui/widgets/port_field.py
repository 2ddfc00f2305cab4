"""A port entry that never changes what the user typed: 99999 stays 99999 and says why it cannot be used.

A ``QSpinBox`` silently drops the digit that would leave its range (99999 becomes 9999) and puts back the old value
when the text is invalid (0 reverts); here the text stays as typed and the message shows beside the field. The rule
itself is the core's (``check_port``), so the window and the CLI say the same thing.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from app.core.server import OptionInvalid, check_port

ERROR_STYLE = "color: #c0392b;"


class FieldError(QLabel):
    """The message beside a form field: hidden while the field is fine."""

    def __init__(self) -> None:
        super().__init__()
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.show_message("")


class PortField(QWidget):
    """Port entry plus its message. ``value()`` is the port, or raises ``OptionInvalid`` saying what is wrong."""

    changed = Signal()

    def __init__(self, port: int) -> None:
        super().__init__()
        self.edit = QLineEdit(str(port))
        # Digits only, and a few more than a port has, so that an out-of-range number is shown, not cut.
        self.edit.setValidator(QRegularExpressionValidator(r"\d{0,7}", self.edit))
        self.edit.setMaximumWidth(90)
        self.error = FieldError()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.error, 1)
        layout.addStretch()  # with the message hidden, the narrow field sat in the middle, away from its label
        # Never taller than it needs: given a form row's spare height, the field sat a line below its label.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.edit.textChanged.connect(self._check)

    def value(self) -> int:
        return check_port(self.edit.text())

    def setValue(self, port: int) -> None:  # the QSpinBox name, which callers already use
        self.edit.setText(str(port))

    def text(self) -> str:
        return self.edit.text()

    def is_valid(self) -> bool:
        return self._check()

    def show_error(self, message: str) -> None:
        self.error.show_message(message)

    def _check(self) -> bool:
        try:
            self.value()
        except OptionInvalid as exc:
            self.error.show_message(f"{exc.message}. {exc.hint}")
            self.changed.emit()
            return False
        self.error.clear_message()
        self.changed.emit()
        return True
