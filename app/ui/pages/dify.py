"""The Dify connection test page: Dify's form, "where does Dify run?", and a checklist that says why Dify's "Save"
would fail before anyone presses it. All the knowledge is in ``app.core.dify.check``; this page only shows it."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.dify import (
    DIFY_TYPE_LABELS,
    LOCATIONS,
    DifyCheckRequest,
    DifyReport,
    Status,
    app_endpoint_for,
    bind_host_for,
    bridge_address,
    dify_type_for,
    parse_server_url,
    run_check,
    server_url_for_dify,
)
from app.core.errors import InvalidInput
from app.core.secrets import SecretStore
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.models.dify_steps import COLORS, DifyStepsModel

log = logging.getLogger(__name__)

# English sources, translated when shown (DifyPage's context).
LOCATION_LABELS = {
    "same-host": QT_TRANSLATE_NOOP("DifyPage", "On this machine (not in Docker)"),
    "docker-desktop": QT_TRANSLATE_NOOP("DifyPage", "Docker Desktop (Mac, Windows)"),
    "docker-linux": QT_TRANSLATE_NOOP("DifyPage", "Docker on Linux"),
    "remote": QT_TRANSLATE_NOOP("DifyPage", "Another machine"),
}
# Dify's model type names as the core labels them (DIFY_TYPE_LABELS), for the type combo.
TYPE_NAMES = {
    "LLM": QT_TRANSLATE_NOOP("DifyPage", "LLM"),
    "Text Embedding": QT_TRANSLATE_NOOP("DifyPage", "Text Embedding"),
    "Rerank": QT_TRANSLATE_NOOP("DifyPage", "Rerank"),
    "Speech2text": QT_TRANSLATE_NOOP("DifyPage", "Speech2text"),
    "TTS": QT_TRANSLATE_NOOP("DifyPage", "TTS"),
}
# Hints the checklist shows in its fixes (the core words the rest of the step).
KEY_HINT = QT_TRANSLATE_NOOP("DifyPage", "an API key of this server (Server page → Login → Create API key for Dify)")
UID_HINT = QT_TRANSLATE_NOOP("DifyPage", "copy it from the Running page")

class DifyPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.report: DifyReport | None = None
        self.running = False
        self.model_name = ""  # Dify's "Model Name" field; only used in the copied settings
        # The app's endpoint the form's URL was written for: when the app's server moves (another port, another
        # server connected), a URL that was that server's follows it; a URL typed for another server does not.
        self._followed: str | None = None
        self.model = DifyStepsModel(self)
        self._build()
        self._restore()
        self._restore_location()
        self.follow_server()
        ctx.dify_location_changed.connect(self.follow_location)
        ctx.server_status_changed.connect(lambda _status: self.follow_server())
        # This machine's address for Dify (network interfaces) is looked up off the GUI thread, once shown.
        QTimer.singleShot(0, self._start_address_detection)

    # -- layout ----------------------------------------------------------------------------------------------------

    def show_error(self, message: str, hint: str = "") -> None:
        """Where ``guarded_slot`` reports a failure of this page's slots."""
        self.verdict.setText(f"{message} ({hint})" if hint else message)

    def _build(self) -> None:
        self.model_type = QComboBox()
        for key, label in DIFY_TYPE_LABELS.items():
            self.model_type.addItem(self.tr(TYPE_NAMES.get(label, label)), key)
        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText("http://192.168.1.100:9997")
        self.url_error = QLabel()
        self.url_error.setWordWrap(True)
        self.url_error.setStyleSheet(f"color: {COLORS[Status.FAIL]}")
        self.url_error.setVisible(False)
        self.server_url.textChanged.connect(self._check_url)
        url_row = QVBoxLayout()
        url_row.setContentsMargins(0, 0, 0, 0)
        url_row.addWidget(self.server_url)
        url_row.addWidget(self.url_error)
        self.model_uid = QLineEdit()
        self.model_uid.setPlaceholderText(self.tr("the UID shown on the Running page"))
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText(self.tr("only for a server with login (xf-...)"))
        self.location = QComboBox()
        for key in LOCATIONS:
            self.location.addItem(self.tr(LOCATION_LABELS[key]), key)
        self.host_address = QLineEdit()
        self.host_address.setPlaceholderText(self.tr("detected when needed"))
        form = QFormLayout()
        form.addRow(self.tr("Model type"), self.model_type)
        form.addRow(self.tr("Server URL"), url_row)
        form.addRow(self.tr("Model UID"), self.model_uid)
        form.addRow(self.tr("API key"), self.api_key)
        form.addRow(self.tr("Where does Dify run?"), self.location)
        form.addRow(self.tr("This machine's address for Dify"), self.host_address)

        self.run_button = QPushButton(self.tr("Test as Dify would"))
        self.run_button.clicked.connect(self.run_test)
        self.copy_report_button = QPushButton(self.tr("Copy report"))
        self.copy_report_button.clicked.connect(self.copy_report)
        self.copy_settings_button = QPushButton(self.tr("Copy Dify settings"))
        self.copy_settings_button.clicked.connect(self.copy_settings)
        self.use_url_button = QPushButton(self.tr("Use this URL"))
        self.use_url_button.clicked.connect(self.use_suggested_url)
        self.use_url_button.setVisible(False)
        self.rebind_button = QPushButton(self.tr("Restart server on 0.0.0.0…"))
        self.rebind_button.clicked.connect(self.offer_rebind)
        for b in (self.copy_report_button, self.copy_settings_button, self.rebind_button):
            b.setEnabled(False)
        self.rebind_button.setVisible(False)
        buttons = QHBoxLayout()
        for b in (self.run_button, self.copy_report_button, self.copy_settings_button, self.rebind_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.model.rowsInserted.connect(lambda *_: self.view.resizeRowsToContents())
        self.model.modelReset.connect(self.view.resizeRowsToContents)

        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.suggestion.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("<b>Dify connection test</b>: runs the validation of Dify's Xinference provider, "
                               "from where Dify runs, and explains each failure."))
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.verdict)
        suggestion_row = QHBoxLayout()
        suggestion_row.addWidget(self.suggestion, 1)
        suggestion_row.addWidget(self.use_url_button)
        layout.addLayout(suggestion_row)

    # -- inputs ----------------------------------------------------------------------------------------------------

    def prefill(self, payload: dict[str, Any]) -> None:
        """Fill the form from a running model: ``server_url``, ``model_uid``, ``model_type`` (Xinference's or
        Dify's), ``api_key`` (optional; else a saved API key for that server, if any)."""
        self.model_name = str(payload.get("model_name") or "")
        self._clear_results()  # the previous model's checklist and verdict are not this one's
        self._restore_location()
        if payload.get("server_url"):
            self.server_url.setText(str(payload["server_url"]))
        if payload.get("model_uid"):
            self.model_uid.setText(str(payload["model_uid"]))
        if payload.get("model_type"):
            abilities = payload.get("model_ability") or payload.get("abilities") or ()
            try:
                kind = dify_type_for(str(payload["model_type"]), abilities)
            except ValueError:
                kind = ""
            self._select(self.model_type, kind)
        key = payload.get("api_key")
        if not key and payload.get("server_url"):
            # Kept under the app's endpoint, while the URL is written as Dify reaches it (host.docker.internal,
            # this machine's address): map it back first.
            url = str(payload["server_url"])
            own = app_endpoint_for(url, self._app_endpoint(), self._host_address())
            if own is not None:
                self._followed = own
            key = self.ctx.secrets.get(SecretStore.key(own or url.strip().rstrip("/"), "api_key"))
        self.api_key.setText(str(key or ""))

    def _clear_results(self) -> None:
        self.report = None
        self.model.clear()
        self.verdict.clear()
        self.verdict.setStyleSheet("")
        self.suggestion.clear()
        self.use_url_button.setVisible(False)
        self.rebind_button.setVisible(False)
        for b in (self.copy_report_button, self.copy_settings_button, self.rebind_button):
            b.setEnabled(False)

    def _host_address(self) -> str | None:
        return self.host_address.text().strip() or None

    def request(self) -> DifyCheckRequest:
        return DifyCheckRequest(
            server_url=self.server_url.text(),
            model_uid=self.model_uid.text(),
            model_type=str(self.model_type.currentData()),
            api_key=self.api_key.text() or None,
            location=str(self.location.currentData()),
            host_address=self.host_address.text().strip() or None,
            model_name=self.model_name,
            known_endpoint=self.ctx.endpoint,
            key_hint=self.tr(KEY_HINT),
            uid_hint=self.tr(UID_HINT),
        )

    def _check_url(self, text: str) -> bool:
        """Show beside the field why a URL cannot be a URL (the CLI's message); True when it can."""
        try:
            parse_server_url(text)
        except InvalidInput as exc:
            self.url_error.setText(exc.one_line())
            self.url_error.setVisible(True)
            return False
        self.url_error.clear()
        self.url_error.setVisible(False)
        return True

    def _start_address_detection(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no event loop runs (a page built outside the app): leave the placeholder
            return
        self.detect_address()

    @guarded_slot()
    async def detect_address(self) -> None:
        address = await asyncio.to_thread(bridge_address)
        self.host_address.setPlaceholderText(self.tr("detected: {0}").format(address or "?"))

    def _select(self, combo: QComboBox, key: str) -> None:
        index = combo.findData(key)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _remember(self) -> None:
        # Everything but the key: the key is a secret and never goes into plain-text settings.
        self.ctx.settings.ui["dify"] = {
            "server_url": self.server_url.text(), "model_uid": self.model_uid.text(),
            "model_type": self.model_type.currentData(), "location": self.location.currentData(),
            "host_address": self.host_address.text(),
            # Which server of the app the URL was (to follow it when the app's server moves).
            "app_endpoint": app_endpoint_for(self.server_url.text(), self._app_endpoint(), self._host_address()),
        }
        try:
            self.ctx.settings.save()
        except OSError as exc:
            log.warning("could not save the Dify test inputs: %s", exc)

    def _restore(self) -> None:
        saved = self.ctx.settings.ui.get("dify")
        if not isinstance(saved, dict):
            return
        self.server_url.setText(str(saved.get("server_url", "")))
        self._followed = str(saved["app_endpoint"]) if saved.get("app_endpoint") else None
        self.model_uid.setText(str(saved.get("model_uid", "")))
        self.host_address.setText(str(saved.get("host_address", "")))
        self._select(self.model_type, str(saved.get("model_type", "")))
        self._select(self.location, str(saved.get("location", "")))

    def _restore_location(self) -> None:
        # The profile's answer to "where does Dify run?" is the check's vantage point, over the last one tried.
        if self.ctx.dify_location:
            self._select(self.location, self.ctx.dify_location)

    def follow_location(self, location: str) -> None:
        """The profile's answer changed: test from there, and write this server's URL as Dify reaches it there
        (a URL of another server, typed by hand, is left alone)."""
        if not location:
            return
        self._select(self.location, location)
        url = self.server_url.text().strip()
        if not url or self._is_ours(url, self._app_endpoint()) or self._is_ours(url, self._followed):
            self._write_own_url(location)

    def follow_server(self) -> None:
        """The app's server changed (started on another port, another server connected): a URL that was the app's
        server becomes the new one's, as Dify reaches it; an empty form gets it once Dify's location is known."""
        endpoint = self._app_endpoint()
        if endpoint == self._followed:
            return
        url = self.server_url.text().strip()
        if (url and self._is_ours(url, self._followed)) or (not url and self.ctx.dify_location):
            self._write_own_url(str(self.location.currentData()))
        elif url and self._is_ours(url, endpoint):
            self._followed = endpoint

    def _write_own_url(self, location: str) -> None:
        self._followed = self._app_endpoint()
        self.server_url.setText(server_url_for_dify(self._followed, location, self._host_address()))

    def _app_endpoint(self) -> str:
        """The server the app runs or is connected to; while none answers, the one it would start."""
        return self.ctx.server_status.endpoint or self.ctx.endpoint

    def _is_ours(self, url: str, endpoint: str | None) -> bool:
        """Whether ``url`` (as written for Dify, from any location) is the server the app reaches at ``endpoint``."""
        return endpoint is not None and app_endpoint_for(url, endpoint, self._host_address()) is not None

    # -- running ---------------------------------------------------------------------------------------------------

    @guarded_slot()
    async def run_test(self) -> None:
        if self.running or not self._check_url(self.server_url.text()):
            return
        self.running = True
        self.run_button.setEnabled(False)
        self.model.clear()
        self.verdict.setText(self.tr("Testing…"))
        self.suggestion.clear()
        self.rebind_button.setVisible(False)
        self._remember()
        try:
            report = await run_check(self.request(), on_step=self.model.append)
        except (ValueError, InvalidInput) as exc:
            self.verdict.setText(self.tr("Cannot test: {0}").format(exc))
            return
        finally:
            self.running = False
            self.run_button.setEnabled(True)
        self.show_report(report)

    def show_report(self, report: DifyReport) -> None:
        self.report = report
        self.model.replace_all(report.steps)
        color = COLORS[Status.OK if report.accepted else Status.FAIL]
        text = (self.tr("✓ Dify will accept this.") if report.accepted
                else self.tr("✗ Dify will refuse this. Dify would show: {0}").format(report.dify_error))
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"color: {color}")
        url = report.request.server_url.strip().rstrip("/")
        differs = bool(report.suggested_url) and report.suggested_url != url
        if differs:
            self.suggestion.setText(self.tr("Server URL that works from where Dify runs: {0}").format(
                report.suggested_url))
        self.use_url_button.setVisible(differs)
        self.copy_report_button.setEnabled(True)
        self.copy_settings_button.setEnabled(True)
        location = next((s for s in report.steps if s.key == "location"), None)
        offer = bool(location and "0.0.0.0" in location.fix)
        self.rebind_button.setVisible(offer)
        self.rebind_button.setEnabled(offer)

    def use_suggested_url(self) -> None:
        """Put the URL that works into the form (the settings to copy already use it)."""
        if self.report is not None and self.report.suggested_url:
            self.server_url.setText(self.report.suggested_url)
            self.use_url_button.setVisible(False)

    def copy_report(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(self.report.text())
            self.ctx.toast.emit(self.tr("Copied the report (without the API key)"))

    def copy_settings(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(self.report.dify_settings())
            self.ctx.toast.emit(self.tr("Copied the settings for Dify's form"))

    def offer_rebind(self) -> None:
        """Hand over to the Server page to restart on every address, keeping the running models; it warns when
        login is off. The form takes the URL that works after the restart, and where Dify runs becomes the
        profile's answer, so every "Copy Dify settings" and "Test in Dify panel" writes that URL from now on."""
        location = str(self.location.currentData())
        self.use_suggested_url()
        self._remember()
        if self.ctx.settings.profile.dify_location != location:
            # Saved without the change signal: the Server page gets this one proposal, not a second one.
            self.ctx.settings.profile.dify_location = location
            self.ctx.settings.save()
        login_on = self.ctx.settings.profile.server.auth_enabled
        lan = (self.host_address.text().strip() or bridge_address()) if sys.platform.startswith("win") else None
        host = bind_host_for(location, lan_address=lan)
        if host == "127.0.0.1":  # Docker Desktop or this machine: the loopback is reached; no restart helps
            host = bind_host_for("docker-linux", lan_address=lan)
        warning = "" if login_on else self.tr(" Login is off: anyone on the network will be able to use it.")
        self.ctx.toast.emit(self.tr("Restart the server on {0} from the Server page.").format(host) + warning)
        self.ctx.request_page("server", {"host": host, "restart": True, "warn_no_login": not login_on})
