"""One app per user and app home: a second double-click hands over to the running window and exits.

Two apps would fight over the same server, its PID files and its port. The first app listens on a local socket
whose name is derived from the user and the app's state folder, so a test or a portable install with its own
``XINFERENCE_MANAGER_HOME`` is an instance of its own. A second app connects, sends one JSON line
(``{"page": "dify"}`` or ``{}``) and exits.

As qutebrowser's ``misc/ipc.py`` does it: on Unix the socket is a file in a private (0700) runtime folder of this
user, and no socket option is set (with ``UserAccessOption`` Qt replaces an existing socket file, so a second
``listen()`` on a live name succeeds: QTBUG-48635); a socket file is removed only when nothing accepts on it (an
app that crashed), never when a server answers. A connection is accepted by the system even while the first app
is busy (its loop blocked for a while), so the second one hands over and exits without waiting for the answer; the
first reads the message once it is free.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import stat
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from app.core import paths

log = logging.getLogger(__name__)
CONNECT_TIMEOUT_MS = 1000
ANSWER_TIMEOUT_MS = 1000  # only for the log: a busy first app answers later, and that is fine
IS_WINDOWS = sys.platform == "win32"


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "user"


def runtime_dir() -> Path:
    """A folder only this user can enter: ``$XDG_RUNTIME_DIR`` (made so by the login session), else one of ours
    in the temp folder, created 0700 and refused when another user owns it."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base and Path(base).is_dir() and _private(Path(base)):
        folder = Path(base) / "xinference-manager"
    else:
        folder = Path(tempfile.gettempdir()) / f"xim-{_user()}"  # short: a socket path has ~104 bytes on macOS
    folder.mkdir(mode=0o700, exist_ok=True)
    if not _private(folder):
        os.chmod(folder, 0o700)  # raises where another user owns it: then no socket here, as it should be
    return folder


def _private(folder: Path) -> bool:
    if sys.platform == "win32":  # never called there (a pipe, not a file); tells mypy getuid is POSIX-only
        raise AssertionError("POSIX only")
    info = folder.stat()
    return info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077 == 0


def server_name() -> str:
    """The socket's full path on Unix; a pipe name on Windows (private to the user through its ACL)."""
    digest = hashlib.sha256(f"{_user()}:{paths.state_dir()}".encode()).hexdigest()[:16]
    if IS_WINDOWS:
        return f"xinference-manager-{digest}"
    return str(runtime_dir() / f"ipc-{digest}")


def hand_over(page: str | None, name: str | None = None) -> bool:
    """Ask a running app to come to the front (and show ``page``); True when one accepted the connection."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write((json.dumps({"page": page} if page else {}) + "\n").encode())
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    if not (socket.waitForReadyRead(ANSWER_TIMEOUT_MS) and bytes(socket.readAll().data()).startswith(b"ok")):
        log.info("the running app is busy; it reads the request when it is free")
    socket.disconnectFromServer()
    return True


def _answers(name: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    answered = socket.waitForConnected(CONNECT_TIMEOUT_MS)
    socket.abort()
    return answered


class InstanceServer(QObject):
    """Listens for later app starts; ``activated(page)`` asks the window to come to the front ("" = no page)."""

    activated = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server = QLocalServer(self)
        if IS_WINDOWS:  # a pipe's access list; on Unix the option breaks "address in use" (QTBUG-48635)
            self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Listen; False when another app already does (it answers: hand over to it instead)."""
        if self._server.listen(self.name):
            return True
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError and not _answers(self.name):
            # The socket file of an app that crashed: nothing accepts on it, so it can go.
            log.info("removing the stale single-instance socket %s", self.name)
            QLocalServer.removeServer(self.name)
            if self._server.listen(self.name):
                return True
        log.info("single-instance socket not taken: %s", self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(conn.deleteLater)
            self._read(conn)  # a busy app finds the whole message already waiting: readyRead may not come again

    def _read(self, conn: QLocalSocket) -> None:
        if not conn.canReadLine():
            return
        try:
            message = json.loads(bytes(conn.readLine().data()).decode() or "{}")
        except (ValueError, UnicodeDecodeError):
            message = {}
        page = message.get("page") if isinstance(message, dict) else None
        if conn.state() == QLocalSocket.LocalSocketState.ConnectedState:
            conn.write(b"ok\n")
            conn.flush()
        self.activated.emit(page if isinstance(page, str) else "")
