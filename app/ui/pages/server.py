"""The Server page: engine, start options, Start/Stop/Restart, readiness and resources, login, live log."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.api import find_setup_token, setup_token_from_home
from app.core.errors import ManagerError, StartCancelled
from app.core.paths import default_xinference_home_text
from app.core.server import (
    ModelFailure,
    OptionInvalid,
    PreviousRun,
    ProcessOutcome,
    ServerAlreadyRunning,
    ServerController,
    ServerState,
    ServerStatus,
    cleanup_orphans,
    find_previous_run,
    log_dir,
)
from app.core.settings import LOG_LEVELS, MODEL_SOURCES, ServerOptions
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.log_bridge import install_gui_log_handler
from app.ui.pages.server_restart import RestartKeepingModels
from app.ui.set_restore import SetRestorer
from app.ui.widgets.banner import Banner
from app.ui.widgets.connection_bar import ConnectionBar
from app.ui.widgets.dify_reach import DifyReachRow
from app.ui.widgets.engine_panel import EnginePanel
from app.ui.widgets.log_view import LogView
from app.ui.widgets.login_panel import LoginPanel
from app.ui.widgets.port_field import FieldError, PortField
from app.ui.widgets.server_status import ServerStatusBox
from app.ui.widgets.sizing import keep_wrapped_text_whole

STATE_COLOURS = {
    ServerState.STOPPED: "#7f8c8d",
    ServerState.STARTING: "#b9770e",
    ServerState.RUNNING: "#1e8449",
    ServerState.STOPPING: "#b9770e",
    ServerState.CRASHED: "#c0392b",
}
# The state names the core gives (English), as the page shows them.
STATE_NAMES = {
    ServerState.STOPPED: QT_TRANSLATE_NOOP("ServerPage", "Stopped"),
    ServerState.STARTING: QT_TRANSLATE_NOOP("ServerPage", "Starting"),
    ServerState.RUNNING: QT_TRANSLATE_NOOP("ServerPage", "Running"),
    ServerState.STOPPING: QT_TRANSLATE_NOOP("ServerPage", "Stopping"),
    ServerState.CRASHED: QT_TRANSLATE_NOOP("ServerPage", "Crashed"),
}


class ServerPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.controller = ServerController(
            on_log=self._on_log,
            on_state=lambda state, outcome: self._on_state(state, outcome, self.connected_endpoint),
            # Read when a crash happens, from the one settings owner (the checkbox writes there when it changes).
            auto_restart=lambda: (ctx.settings.auto_restart, ctx.settings.auto_restart_max),
            on_model_failed=self._on_model_failed,
        )
        self.restorer = SetRestorer(ctx, lambda line: self._on_log("app", line), self.show_error)
        self.banner = Banner()
        self.engine_panel = EnginePanel(ctx)
        self.log_view = LogView()
        self.engine_panel.output.connect(self.log_view.append)
        self.engine_panel.engine_changed.connect(self._engine_changed)
        self.log_view.open_folder.clicked.connect(self._open_log_folder)
        self.login_panel = LoginPanel(ctx, self._setup_token)
        self.connection = ConnectionBar(ctx)
        self.status_box = ServerStatusBox(ctx, self.login_panel)
        self.status_box.copy_requested.connect(self._copy_endpoint)
        self.dify_reach = DifyReachRow(ctx)
        self.restarter = RestartKeepingModels(self)
        ctx.dify_location_changed.connect(self.apply_dify_location)
        ctx.server_status_changed.connect(self._update_buttons)
        ctx.settings_changed.connect(self._settings_changed)
        # The status box's labels, under the names the page (and its tests) always used.
        self.state_label = self.status_box.state_label
        self.endpoint_label = self.status_box.endpoint_label
        self.version_label = self.status_box.version_label
        self.uptime_label = self.status_box.uptime_label
        self.resources_label = self.status_box.resources_label
        # Core warnings (settings damaged, a session that ended) show in this log view, redacted; records logged
        # before the window existed are replayed.
        install_gui_log_handler().attach(self._on_core_log)
        self.connection.mode_changed.connect(self._mode_changed)
        self.connection.connect_requested.connect(self._connect_remote)
        self._build_options()
        self._build_layout()
        QShortcut(QKeySequence("Ctrl+R"), self, self._start_or_restart)
        self._on_state(ServerState.STOPPED, None, None)
        self._mode_changed(self.connection.is_remote())
        QTimer.singleShot(0, self._startup)

    # -- building ------------------------------------------------------------------------------------------------

    def _build_options(self) -> None:
        opts = self.ctx.settings.profile.server
        self.host = QComboBox()
        self.host.setEditable(True)
        self.host.addItems(["127.0.0.1", "0.0.0.0"])
        self.host.setCurrentText(opts.host)
        self.host.setToolTip(self.tr("127.0.0.1: this machine only. 0.0.0.0: reachable from Docker and the network."))
        self.host_error = FieldError()
        self.host.currentTextChanged.connect(lambda _t: self.host_error.clear_message())
        self.port = PortField(opts.port)
        self.home = QLineEdit(opts.home)
        # The default Xinference really uses: $XINFERENCE_HOME when this app's environment sets it.
        self.home.setPlaceholderText(self.tr("default: {0}").format(default_xinference_home_text()))
        self.model_source = QComboBox()
        self.model_source.addItems(MODEL_SOURCES)
        self.model_source.setCurrentText(opts.model_source)
        self.log_level = QComboBox()
        self.log_level.addItems(LOG_LEVELS)
        self.log_level.setCurrentText(opts.log_level)
        self.auth = QCheckBox(self.tr("Require login (Xinference's default since 3.0)"))
        self.auth.setChecked(opts.auth_enabled)
        self.extra_env = QPlainTextEdit("\n".join(f"{k}={v}" for k, v in opts.extra_env.items()))
        self.extra_env.setPlaceholderText(self.tr("NAME=value, one per line"))
        self.extra_env.setMaximumHeight(60)
        self.stop_on_quit = QCheckBox(self.tr("Stop the server when the app quits"))
        self.stop_on_quit.setChecked(self.ctx.settings.stop_server_on_quit)
        self.stop_on_quit.toggled.connect(lambda on: self.ctx.save_setting("stop_server_on_quit", on))
        self.auto_restart = QCheckBox(self.tr("Restart automatically after a crash"))
        self.auto_restart.setChecked(self.ctx.settings.auto_restart)
        self.auto_restart.toggled.connect(lambda on: self.ctx.save_setting("auto_restart", on))
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self._stop)
        self.restart_button = QPushButton(self.tr("Restart"))
        self.restart_button.setToolTip(self.tr("Stop and start again; the running models come back with their UIDs."))
        self.restart_button.clicked.connect(self._restart)
        self.connect_button = QPushButton(self.tr("Connect to it instead"))
        self.connect_button.clicked.connect(self._connect_existing)
        self.connect_button.hide()

    def _build_layout(self) -> None:
        form = QFormLayout()
        host_row = QHBoxLayout()
        host_row.addWidget(self.host)
        host_row.addWidget(self.host_error, 1)
        form.addRow(self.tr("Host"), host_row)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("XINFERENCE_HOME"), self.home)
        form.addRow(self.tr("Model source"), self.model_source)
        form.addRow(self.tr("Log level"), self.log_level)
        form.addRow("", self.auth)
        form.addRow(self.tr("Extra environment"), self.extra_env)
        form.addRow("", self.stop_on_quit)
        form.addRow("", self.auto_restart)
        buttons = QHBoxLayout()
        for b in (self.start_button, self.stop_button, self.restart_button, self.connect_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        options = self.options_box = QGroupBox(self.tr("Start options"))
        options_layout = QVBoxLayout(options)
        options_layout.addLayout(form)
        options_layout.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(self.status_box)
        right.addWidget(self.dify_reach)
        right.addWidget(self.login_panel)
        right.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(options, 3)
        top.addLayout(right, 2)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.connection)
        upper_layout.addWidget(self.banner)
        upper_layout.addWidget(self.engine_panel)
        upper_layout.addLayout(top)
        keep_wrapped_text_whole(upper)  # a splitter pane gets no height for its wrapped lines otherwise
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.log_view)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # -- options -------------------------------------------------------------------------------------------------

    def options(self) -> ServerOptions:
        """The form's values as options. A port that is not one raises ``OptionInvalid``; the rest is validated by
        the controller before starting."""
        env: dict[str, str] = {}
        for line in self.extra_env.toPlainText().splitlines():
            if line.strip():
                name, _, value = line.partition("=")
                env[name.strip()] = value.strip()
        return replace(
            self.ctx.settings.profile.server,
            host=self.host.currentText().strip(),
            port=self.port.value(),
            home=self.home.text().strip(),
            model_source=self.model_source.currentText(),
            log_level=self.log_level.currentText(),
            auth_enabled=self.auth.isChecked(),
            extra_env=env,
        )

    def _home_options(self) -> ServerOptions:
        """Enough of the form to find the logs, even while the port field holds something that is not a port."""
        return replace(self.ctx.settings.profile.server, home=self.home.text().strip())

    def _remember(self, options: ServerOptions) -> None:
        profile = self.ctx.settings.profile
        profile.kind = "local"
        profile.server = options
        self.ctx.settings.save()

    def _settings_changed(self) -> None:
        """The settings file changed outside the window: the checkboxes show what is saved now."""
        for box, value in ((self.stop_on_quit, self.ctx.settings.stop_server_on_quit),
                           (self.auto_restart, self.ctx.settings.auto_restart)):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)

    # -- actions -------------------------------------------------------------------------------------------------

    def _show_problem(self, exc: ManagerError) -> None:
        """Beside the field it is about (a bad host or port), else in the banner."""
        fields = {"host": self.host_error, "port": self.port.error}
        if isinstance(exc, OptionInvalid) and exc.field in fields:
            fields[exc.field].show_message(f"{exc.message}. {exc.hint}")
        else:
            self.banner.show_error(exc.message, exc.hint)

    @guarded_slot()
    async def _start(self) -> None:
        self.banner.clear()
        self.connect_button.hide()
        self.host_error.clear_message()
        try:
            options = self.options()
            self._remember(options)
            if self.connected_endpoint:
                self._on_state(self.controller.state, None, None)
            await self.controller.start(options, engine=self.engine_panel.engine)
        except ServerAlreadyRunning as exc:
            self.banner.show_error(exc.message, exc.hint)
            self.connect_button.show()
        except StartCancelled as exc:  # Stop while starting: what was asked, so a line in the log, not an error
            self._on_log("app", exc.message)
        except ManagerError as exc:
            self._show_problem(exc)
        finally:
            self._update_buttons()

    @guarded_slot()
    async def _stop(self) -> None:
        started = time.monotonic()
        if self.connected_endpoint and self.controller.state is not ServerState.RUNNING:
            self._on_state(ServerState.STOPPED, None, None)
            return
        outcome = await self.controller.stop()
        if outcome is not None:
            self._on_log("app", f"stopped in {time.monotonic() - started:.1f} s")

    @guarded_slot()
    async def _restart(self) -> None:
        await self.restarter.run()

    @guarded_slot()
    async def restart_after_crash(self) -> None:
        """The crash banner's Restart: the same restart that keeps models, with the models as last seen."""
        await self.restarter.run()

    @guarded_slot(dict)
    async def restart_with(self, changes: dict[str, Any]) -> None:
        """A restart another page proposed (bind address, login, port), keeping the running models."""
        await self.restarter.run(changes)

    @guarded_slot(object)
    async def bring_back(self, kept: Any) -> None:
        await self.restarter.bring_back(kept)

    def _start_or_restart(self) -> None:
        (self._restart if self.controller.state is ServerState.RUNNING else self._start)()

    @guarded_slot()
    async def _connect_existing(self) -> None:
        """Use the server that already answers at the chosen address instead of starting one."""
        self.connect_button.hide()
        self.banner.clear()
        self._on_state(ServerState.RUNNING, None, self.options().endpoint)

    def prefill(self, payload: dict[str, Any]) -> None:
        """Another page asks for a change, e.g. the Dify test: "listen on 0.0.0.0 so Docker can reach it"
        (``host``, ``auth``, ``port``; ``warn_no_login``). A running server is restarted only on the user's click,
        keeping its models; a stopped one gets the new options in the form."""
        self.restarter.propose({k: payload[k] for k in ("host", "auth", "port") if k in payload},
                               warn_no_login=bool(payload.get("warn_no_login")))

    def apply_dify_location(self, location: str) -> None:
        """The profile's answer to "where does Dify run?" changed: propose the bind and login it needs."""
        self.restarter.follow_location(location)

    def _mode_changed(self, remote: bool) -> None:
        self.engine_panel.setVisible(not remote)
        self.options_box.setVisible(not remote)
        if remote:
            self.banner.show_info(self.tr("Working against a remote server: enter its URL and press Connect."))
        else:
            self.banner.clear()
            self._on_state(self.controller.state, None, None)

    @guarded_slot()
    async def _connect_remote(self) -> None:
        self.banner.clear()
        try:
            endpoint = self.connection.apply()
        except ValueError:
            self.banner.show_error(self.tr("Enter the server's URL"), "http://host:9997")
            return
        from app.core.server import probe_xinference

        if await probe_xinference(endpoint, timeout=10) is None:
            self.banner.show_error(self.tr("No Xinference answers at %s") % endpoint,
                                   self.tr("Check the address, the port and that the server listens there."))
            return
        self._on_state(ServerState.RUNNING, None, endpoint)

    @guarded_slot()
    async def _cleanup(self, previous: PreviousRun) -> None:
        count = await cleanup_orphans(previous)
        self.banner.show_info(self.tr("Cleaned up %n orphaned process(es).", "", count))

    def _startup(self) -> None:
        """On launch: find the engine, adopt a server an earlier run left running, offer to clean up orphans."""
        self.engine_panel.find_engine()
        previous = find_previous_run()
        opts = self.ctx.settings.profile.server
        record = next((r for r in previous.alive if r.port == opts.port), None)
        if record is not None:
            options = replace(opts, host=record.host, port=record.port, home=record.home)
            self.controller.adopt(record, options)
            self.banner.show_info(self.tr("Adopted the server (pid %d) left running by an earlier session.")
                                  % record.pid)
        if previous.orphans:
            self.banner.show_error(
                self.tr("%n process(es) of a server that ended without cleanup are still running.", "",
                        len(previous.orphans)),
                self.tr("They hold memory and ports."),
                action=(self.tr("Clean up"), lambda: self._cleanup(previous)),
            )

    # -- state and status ----------------------------------------------------------------------------------------

    def _on_log(self, stream: str, line: str) -> None:
        self.log_view.append(stream, line)

    def _on_core_log(self, level: str, text: str) -> None:
        self.log_view.append("manager", f"{level} {text}")

    def show_error(self, message: str, hint: str = "") -> None:
        """Where ``guarded_slot`` reports a failure of this page's slots (and its widgets' without their own)."""
        self.banner.show_error(message, hint)

    def _on_model_failed(self, failure: ModelFailure) -> None:
        """A model's process died: a warning about that model, not a crash (the server still runs)."""
        self.banner.show_warning(failure.describe(), failure.hint())
        self.ctx.report_model_failure(failure)  # the launch dialog, the Running page, the status bar, the tray
        self.ctx.notify_server_changed()  # the Running page shows the model's new state

    @property
    def connected_endpoint(self) -> str | None:
        """The server we connected to but did not start (None: none); kept in the context's status."""
        status = self.ctx.server_status
        return status.endpoint if status.connected else None

    def _engine_changed(self, engine: object) -> None:
        self.ctx.set_server_status(replace(self.ctx.server_status, engine_found=engine is not None))

    def _on_state(self, state: ServerState, outcome: ProcessOutcome | None, connected: str | None) -> None:
        """The controller's state (or a connection to a server we did not start) changed: publish it first, then
        show what only this page shows (the crash, the status box, Dify's reach, the set to restore)."""
        engine_found = self.engine_panel.engine is not None
        if connected:
            status = ServerStatus.connected_to(connected, engine_found)
        else:
            endpoint = self.controller.supervisor.endpoint if state is ServerState.RUNNING else None
            status = ServerStatus(state, endpoint, engine_found=engine_found)
        self.ctx.set_server_status(status)
        colour = STATE_COLOURS[status.state]
        label = self.tr("Connected") if status.connected else self.tr(STATE_NAMES.get(state, state.value))
        self.state_label.setText(f"<b style='color:{colour}'>{label}</b>")
        self.endpoint_label.setText(status.endpoint or "—")
        if state is ServerState.CRASHED and outcome is not None:
            # The lines of this crash only (the core picks them); none: say so rather than show older ones.
            tail = "\n".join(outcome.last_lines[-8:]) or self.tr(
                "The server wrote nothing just before it ended; its earlier output is in the log below.")
            self.banner.show_error(outcome.describe(), tail, action=self.restarter.crash_action())
        if status.running and status.endpoint:
            self.status_box.start(status.endpoint)
        else:
            self.status_box.stop()
        bound = self.controller.supervisor.options.host if self.controller.supervisor.options else None
        self.dify_reach.show_for(status.endpoint, None if status.connected else bound)
        self.restorer.server_running(bool(status.running and status.endpoint))  # once per start or adoption

    def _update_buttons(self, _status: object = None) -> None:
        """The buttons follow the context's status, as the tray's menu does."""
        status = self.ctx.server_status
        self.start_button.setEnabled(status.can_start)
        self.stop_button.setEnabled(status.can_stop)
        self.restart_button.setEnabled(status.can_restart)
        for w in (self.host, self.port, self.home, self.model_source, self.log_level, self.auth, self.extra_env):
            w.setEnabled(not status.busy and not status.running)

    def _setup_token(self) -> str | None:
        token = find_setup_token(self.controller.supervisor.last_lines)
        if token:
            return token
        return setup_token_from_home(log_dir(self._home_options()).parent)

    def _copy_endpoint(self) -> None:
        QGuiApplication.clipboard().setText(self.endpoint_label.text())
        self.ctx.toast.emit(self.tr("Endpoint copied"))

    def _open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir(self._home_options()))))

    async def aclose(self) -> None:
        """App quit: stop the server or leave it running, as the setting says."""
        self.status_box.stop()
        await self.restorer.aclose()
        with contextlib.suppress(asyncio.CancelledError):
            await self.controller.aclose(stop_server=self.ctx.settings.stop_server_on_quit)

