"""One app per user and app home: a second double-click hands over to the running window and exits.

Two apps would fight over the same server, its PID files and its port. The first app listens on a local socket
(a named pipe on Windows) whose name is derived from the user and the app's state folder, so a test or a portable
install with its own ``XINFERENCE_MANAGER_HOME`` is an instance of its own. A second app connects, sends one JSON
line (``{"page": "dify"}`` or ``{}``), waits for the first app's "ok" and exits.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.core import paths

log = logging.getLogger(__name__)
HANDOVER_TIMEOUT_MS = 1500


def server_name() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        user = "user"
    digest = hashlib.sha256(f"{user}:{paths.state_dir()}".encode()).hexdigest()[:16]
    return f"xinference-manager-{digest}"


def hand_over(page: str | None, name: str | None = None) -> bool:
    """Ask a running app to come to the front (and show ``page``); True when one answered."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(HANDOVER_TIMEOUT_MS):
        return False
    socket.write((json.dumps({"page": page} if page else {}) + "\n").encode())
    socket.flush()
    answered = socket.waitForReadyRead(HANDOVER_TIMEOUT_MS) and bytes(socket.readAll().data()).startswith(b"ok")
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later app starts; ``activated(page)`` asks the window to come to the front ("" = no page)."""

    activated = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if self._server.listen(self.name):
            return True
        # A socket file left by an app that crashed: nobody answers on it (hand_over said so), so take it over.
        QLocalServer.removeServer(self.name)
        ok = self._server.listen(self.name)
        if not ok:
            log.warning("single-instance socket unavailable: %s", self._server.errorString())
        return ok

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(conn.deleteLater)

    def _read(self, conn: QLocalSocket) -> None:
        if not conn.canReadLine():
            return
        try:
            message = json.loads(bytes(conn.readLine().data()).decode() or "{}")
        except (ValueError, UnicodeDecodeError):
            message = {}
        page = message.get("page") if isinstance(message, dict) else None
        conn.write(b"ok\n")
        conn.flush()
        self.activated.emit(page if isinstance(page, str) else "")
