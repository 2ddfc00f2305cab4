"""Start the GUI: one QApplication, one qasync event loop shared by Qt and asyncio."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.api import preload_transport
from app.core.errors import ManagerError
from app.core.redact import install_redaction
from app.core.settings import Settings

log = logging.getLogger(__name__)


def run_gui(argv: list[str]) -> int:
    import qasync

    from app.ui import i18n
    from app.ui.context import AppContext
    from app.ui.dialogs.about_dialog import app_icon
    from app.ui.log_bridge import install_gui_log_handler
    from app.ui.main_window import MainWindow
    from app.ui.single_instance import InstanceServer, hand_over

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per poll would drown the log
    install_gui_log_handler()
    install_redaction()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setApplicationName("Xinference Manager")
    app.setOrganizationName("xinference-manager")
    app.setDesktopFileName("xinference-manager")  # Wayland matches the window to the menu entry by this name
    app.setWindowIcon(app_icon())
    page = page_argument(argv)
    if hand_over(page):  # another app of this user is running: it comes to the front instead
        print("Xinference Manager is already running: brought its window to the front.")
        return 0
    instance = InstanceServer()
    if not instance.listen() and hand_over(page):  # another start won the race to listen: it is the one app
        print("Xinference Manager is already running: brought its window to the front.")
        return 0
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    ctx = AppContext(Settings.load())
    i18n.install(app, ctx.settings.ui.get("language"))
    window = MainWindow(ctx)
    window.show()
    threading.Thread(target=preload_transport, name="preload-transport", daemon=True).start()
    window.install_tray()
    instance.activated.connect(window.bring_to_front)
    if page:
        window.show_page(page)
    # Qt must not quit on its own when the window closes: the loop has to run on while the server is stopped
    # (or detached) and the HTTP clients are closed, then the app ends.
    app.setQuitOnLastWindowClosed(False)
    closed = asyncio.Event()
    window.closing.connect(closed.set)

    async def until_closed() -> list[str]:
        await closed.wait()
        return await shutdown(window, ctx)

    with loop:
        problems = loop.run_until_complete(until_closed())
    report_quit_problems(problems)
    return 0


def page_argument(argv: list[str]) -> str | None:
    """``--page NAME`` (or ``--page=NAME``): the page to open on (server, catalog, running, dify)."""
    for i, arg in enumerate(argv):
        if arg == "--page" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--page="):
            return arg.split("=", 1)[1]
    return None


async def shutdown(window: object, ctx: object) -> list[str]:
    """Let pages finish (stop the server if so set), close clients, cancel leftovers: no pending-task warnings.

    Quit always finishes: a page that cannot close (a server that would not stop) does not stop the rest. What
    could not be done is logged and returned, one line each, for the user to see."""
    problems: list[str] = []
    pages = getattr(window, "pages", {})
    built = getattr(pages, "built", None)  # pages never visited were never built: nothing to close
    for name, page in (built() if built is not None else pages).items():
        aclose = getattr(page, "aclose", None)
        if aclose is not None:
            await _attempt(problems, name, aclose)
    await _attempt(problems, "connections", ctx.aclose)  # type: ignore[attr-defined]
    current = asyncio.current_task()
    pending = [t for t in asyncio.all_tasks() if t is not current]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return problems


async def _attempt(problems: list[str], what: str, aclose: Callable[[], Awaitable[object]]) -> None:
    try:
        await aclose()
    except ManagerError as exc:
        problems.append(exc.one_line())
        log.error("on quit, %s: %s", what, exc.one_line())
    except Exception as exc:  # noqa: BLE001 - quit must finish whatever one part got wrong; it is logged and shown
        problems.append(f"{what}: {type(exc).__name__}: {exc}")
        log.error("on quit, %s failed", what, exc_info=exc)


def report_quit_problems(problems: list[str]) -> None:
    """After the loop has ended: say what could not be stopped (stderr and, with a screen, a message box)."""
    if not problems:
        return
    text = "\n".join(problems)
    print(f"xinference-manager: on quit: {text}", file=sys.stderr)
    if QApplication.instance() is not None and QGuiApplication.platformName() not in ("offscreen", "minimal"):
        QMessageBox.warning(None, QCoreApplication.translate("shutdown", "Not everything could be stopped"), text)
