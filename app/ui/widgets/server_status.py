"""The Server page's status box and its polling: uptime and resources every 2 s while a server runs.

One poll at a time (a slow server must not pile up requests tick after tick), the version asked once per server
start or adoption (and again after a login, when it was hidden behind one), credentials from the context's client
(no secret-store reads per tick).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.core.api import ServerStatus
from app.core.errors import AuthRequired, ManagerError
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.widgets.login_panel import LoginPanel

POLL_MS = 2000


def _gib(n: int | None) -> str:
    return "?" if n is None else f"{n / 2**30:.1f} GiB"


def _uptime(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = int(seconds)
    if s >= 3600:
        text = QCoreApplication.translate("ServerStatusBox", "{h}h {m}m {s}s")
        return text.format(h=s // 3600, m=s % 3600 // 60, s=s % 60)
    return QCoreApplication.translate("ServerStatusBox", "{m}m {s}s").format(m=s // 60, s=s % 60)


def describe_resources(status: ServerStatus) -> str:
    worker = QCoreApplication.translate("ServerStatusBox",
                                        "{address}: CPU {cpu:.0f}% of {cores} cores, RAM {used} used of {total}")
    return "; ".join(
        worker.format(address=w.address, cpu=w.cpu_percent or 0, cores=w.cpu_count or "?",
                      used=_gib(w.memory_used), total=_gib(w.memory_total))
        for w in status.workers
    ) or "—"


class ServerStatusBox(QGroupBox):
    copy_requested = Signal()

    def __init__(self, ctx: AppContext, login_panel: LoginPanel, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Status"), parent)
        self.ctx = ctx
        self.login_panel = login_panel
        self.state_label = QLabel()
        self.state_label.setObjectName("serverState")
        self.endpoint_label = QLabel("—")
        self.endpoint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_endpoint = QPushButton(self.tr("Copy"))
        self.copy_endpoint.clicked.connect(self.copy_requested)
        self.version_label = QLabel("—")
        self.uptime_label = QLabel("—")
        self.resources_label = QLabel("—")
        self.resources_label.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("State"), self.state_label)
        endpoint_row = QHBoxLayout()
        endpoint_row.addWidget(self.endpoint_label, 1)
        endpoint_row.addWidget(self.copy_endpoint)
        form.addRow(self.tr("Endpoint"), endpoint_row)
        form.addRow(self.tr("Version"), self.version_label)
        form.addRow(self.tr("Uptime"), self.uptime_label)
        form.addRow(self.tr("Resources"), self.resources_label)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.polling = False  # a poll is in flight: the next tick is skipped
        self.polls = 0  # polls really made (tests check that ticks are skipped while one is in flight)
        self._version_due = False
        self._login_due = False
        self._endpoint = ""
        ctx.credentials_changed.connect(self._credentials_changed)

    def start(self, endpoint: str) -> None:
        """A server started or was adopted at ``endpoint``: poll it, and ask its version (once) and its login
        state. Called again for the same running server, it changes nothing."""
        if self.timer.isActive() and endpoint == self._endpoint:
            return
        self._endpoint = endpoint
        self.ctx.reload_credentials()  # the CLI may have logged in to this server since we last looked
        self._version_due = True
        self._login_due = True
        self.timer.start()
        self.poll()

    def stop(self) -> None:
        self.timer.stop()
        self._endpoint = ""
        self._version_due = False
        for label in (self.version_label, self.uptime_label, self.resources_label):
            label.setText("—")

    def _credentials_changed(self) -> None:
        if self.timer.isActive():
            self._version_due = self._version_due or not self._version_known()
            self._login_due = True

    def _version_known(self) -> bool:
        return self.version_label.text() not in ("—", self.tr("log in to see the version"))

    def show_error(self, message: str, hint: str = "") -> None:
        self.resources_label.setText(f"{message} ({hint})" if hint else message)

    @guarded_slot()
    async def poll(self) -> None:
        if self.polling:
            return
        self.polling = True
        self.polls += 1
        try:
            await self._poll_once()
        finally:
            self.polling = False

    async def _poll_once(self) -> None:
        client = self.ctx.client()
        try:
            status = await client.status()  # needs no login
        except ManagerError as exc:
            self.resources_label.setText(exc.one_line())
            return
        if not self.timer.isActive():
            return  # stopped while the answer was on its way
        self.uptime_label.setText(_uptime(status.uptime))
        self.resources_label.setText(describe_resources(status))
        if self._login_due or self.login_panel.state is None:
            self._login_due = False
            await self.login_panel.refresh()
        if self._version_due:
            self._version_due = False
            try:
                self.version_label.setText((await client.version()).version)
            except AuthRequired:
                self.version_label.setText(self.tr("log in to see the version"))
            except ManagerError as exc:
                self.version_label.setText(exc.one_line())
