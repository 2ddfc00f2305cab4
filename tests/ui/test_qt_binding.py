"""Guard against the Qt binding's refcount bug (PySide6 6.12.0): each Python slot call dropped a reference to
the slot's return value, so None's refcount fell by one per call and a long-running window aborted."""

import sys
from typing import Any

from PySide6.QtWidgets import QPushButton


def test_slot_calls_keep_none_refcount(qtbot: Any) -> None:
    button = QPushButton()
    qtbot.addWidget(button)
    calls: list[int] = []
    button.clicked.connect(lambda: calls.append(1))
    before = sys.getrefcount(None)
    for _ in range(2000):
        button.click()
    after = sys.getrefcount(None)
    assert len(calls) == 2000
    assert before - after < 100, f"None lost {before - after} references over 2000 slot calls"
