"""The Cluster page: the supervisor and each worker of a distributed Xinference (figures, models, health, lost
workers), and a local cluster started, watched and stopped from here (one log per process).

Every look at the cluster is an async request on the one event loop: the window never waits for it. The page is
offered in the sidebar only when the endpoint is a cluster (or a local cluster runs)."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.api import XinferenceClient
from app.core.cluster import (
    ClusterView,
    ClusterWatch,
    LocalCluster,
    default_home,
    is_cluster,
    plan_cluster,
    read_cluster_records,
    watch_memory_path,
)
from app.core.errors import ManagerError
from app.core.server import ProcessOutcome, ServerState, find_engine
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.models.cluster_model import ClusterWorkersModel
from app.ui.widgets.banner import Banner
from app.ui.widgets.log_view import LogView

log = logging.getLogger(__name__)
REFRESH_MS = 5000  # well inside the minute in which a lost worker must show


class ClusterPage(QWidget):
    # Whether the page has anything to show (the endpoint is a cluster, or a local cluster runs).
    availability_changed = Signal(bool)
    # A fresh look at the cluster (tests and other pages may follow it).
    view_changed = Signal(object)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = ClusterWorkersModel(self)
        self.view: ClusterView | None = None
        self.available = False
        self.local = LocalCluster(on_log=self._member_log, on_state=self._member_state)
        self._local_client: XinferenceClient | None = None
        self._watch: ClusterWatch | None = None
        self._busy = False
        self.logs: dict[str, LogView] = {}
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()  # also while hidden: a lost worker is noticed (and notified) when it happens
        ctx.server_changed.connect(self.refresh)
        QTimer.singleShot(0, self._adopt_previous)

    def show_error(self, message: str, hint: str = "") -> None:
        """Where ``guarded_slot`` reports a failure of this page's slots (a refresh, a local cluster's start)."""
        self.banner.show_error(message, hint)

    def _build(self) -> None:
        self.summary = QLabel(self.tr("Not a cluster: the endpoint runs a single server."))
        self.summary.setWordWrap(True)
        self.banner = Banner()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        local = QGroupBox(self.tr("Local cluster on this machine"))
        self.workers = QSpinBox()
        self.workers.setRange(1, 8)
        self.workers.setValue(2)
        self.workers.setPrefix(self.tr("Workers: "))
        self.start_button = QPushButton(self.tr("Start cluster"))
        self.start_button.clicked.connect(self.start_local)
        self.stop_button = QPushButton(self.tr("Stop cluster"))
        self.stop_button.clicked.connect(self.stop_local)
        self.stop_button.setEnabled(False)
        self.local_state = QLabel(self.tr("Not running."))
        self.log_stack = QStackedWidget()  # one log view per process, chosen with the combo
        self.process = QComboBox()
        self.process.currentIndexChanged.connect(lambda i: self.log_stack.setCurrentIndex(max(i, 0)))
        row = QHBoxLayout()
        for widget in (self.workers, self.start_button, self.stop_button, self.local_state):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(QLabel(self.tr("Log of")))
        row.addWidget(self.process)
        box = QVBoxLayout(local)
        box.addLayout(row)
        box.addWidget(self.log_stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 2)
        layout.addWidget(local, 1)

    # -- which cluster -------------------------------------------------------------------------------------------

    def _client(self) -> XinferenceClient:
        if self.local.endpoint and self._local_client is not None:
            return self._local_client
        return self.ctx.client()

    def _set_available(self, available: bool) -> None:
        if available != self.available:
            self.available = available
            self.availability_changed.emit(available)

    # -- refresh -------------------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)

    @guarded_slot()
    async def refresh(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        if self._busy:
            return
        self._busy = True
        client = self._client()
        try:
            if self.local.endpoint != client.endpoint and not await is_cluster(client):
                self._set_available(bool(self.local.endpoint))
                self.summary.setText(self.tr("Not a cluster: %s runs a single server.") % client.endpoint)
                self._watch, self.view = None, None
                self.model.set_workers(())
                return
            if self._watch is None or self._watch.endpoint != client.endpoint:
                self._watch = ClusterWatch(client.endpoint, watch_memory_path(client.endpoint))
                if self.local.endpoint == client.endpoint and self.local.plan is not None:
                    self._watch.expect([m.address(self.local.plan.host) for m in self.local.plan.workers])
            before = {w.address for w in self.view.lost} if self.view else set()
            view = await self._watch.refresh(client)
        except ManagerError as exc:
            self.banner.show_error(exc.message, exc.hint)
            return
        finally:
            self._busy = False
        self._set_available(True)
        self._show(view, before)

    def _show(self, view: ClusterView, lost_before: set[str]) -> None:
        self.view = view
        self.model.set_workers(view.workers)
        sup = view.supervisor.address if view.supervisor else "?"
        self.summary.setText(
            self.tr("Cluster at %1 · supervisor %2 · up %3 s · %4 worker(s), %5 lost")
            .replace("%1", view.endpoint).replace("%2", sup).replace("%3", f"{view.uptime:.0f}")
            .replace("%4", str(len(view.live))).replace("%5", str(len(view.lost))))
        if view.admin_note:
            self.banner.show_warning(view.admin_note)
        else:
            self.banner.clear()
        for worker in view.lost:
            if worker.address not in lost_before:
                models = ", ".join(r.replica_uid for r in worker.replicas) or self.tr("no model")
                self.ctx.notification.emit(self.tr("A cluster worker was lost"),
                                           self.tr("%1 stopped answering; it ran: %2")
                                           .replace("%1", worker.address).replace("%2", models), True)
        self.view_changed.emit(view)

    # -- the local cluster ---------------------------------------------------------------------------------------

    def _member_log(self, member: str, stream: str, line: str) -> None:
        view = self.logs.get(member)
        if view is None:
            view = self.logs[member] = LogView()
            self.log_stack.addWidget(view)
            self.process.addItem(member)
        view.append(stream, line)

    def _member_state(self, member: str, state: ServerState, outcome: ProcessOutcome | None) -> None:
        if state is ServerState.CRASHED and outcome is not None:
            self.local_state.setText(self.tr("%1 ended: %2").replace("%1", member).replace("%2", outcome.describe()))
            self.ctx.notification.emit(self.tr("A cluster process ended"), f"{member}: {outcome.describe()}", True)

    def _local_started(self) -> None:
        assert self.local.endpoint is not None
        self._local_client = XinferenceClient(self.local.endpoint)
        self._watch = None
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.local_state.setText(self.tr("Running at %s") % self.local.endpoint)
        self._set_available(True)

    def _adopt_previous(self) -> None:
        for record in read_cluster_records():
            if record.alive():
                adopted = self.local.adopt(record)
                log.info("adopted the local cluster at %s (%s)", record.endpoint, ", ".join(adopted))
                self._local_started()
                self.refresh()
                return

    @guarded_slot()
    async def start_local(self) -> None:
        self.start_button.setEnabled(False)
        self.local_state.setText(self.tr("Starting…"))
        started = time.monotonic()
        try:
            opts = self.ctx.settings.profile.server
            from dataclasses import replace

            options = replace(opts, home=default_home())  # with login on, every process must share one home
            engine = await find_engine(opts.engine_path)
            plan = plan_cluster(self.workers.value())
            await self.local.start(engine, plan, options, wait=True)
        except ManagerError as exc:
            self.banner.show_error(exc.message, exc.hint)
            self.local_state.setText(self.tr("Not running."))
            self.start_button.setEnabled(True)
            return
        self._local_started()
        self.ctx.toast.emit(self.tr("Cluster ready in %s s") % f"{time.monotonic() - started:.0f}")
        await self.reload()

    @guarded_slot()
    async def stop_local(self) -> None:
        self.stop_button.setEnabled(False)
        self.local_state.setText(self.tr("Stopping…"))
        await self.local.stop()
        if self._local_client is not None:
            await self._local_client.aclose()
            self._local_client = None
        self._watch, self.view = None, None
        self.model.set_workers(())
        self.local_state.setText(self.tr("Not running."))
        self.start_button.setEnabled(True)
        await self.reload()

    async def aclose(self) -> None:
        """Quit: the cluster keeps running (its PID file lets the next app run adopt it, or ``cluster stop``)."""
        self._timer.stop()
        self.local.detach()
        await self.local.aclose()
        if self._local_client is not None:
            await self._local_client.aclose()
