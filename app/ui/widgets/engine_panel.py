"""Which Xinference engine the app uses, and installing one (pip output streams into the log)."""

from __future__ import annotations

import asyncio
import shlex

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import EngineNotFound, ManagerError
from app.core.server import (
    CUDA_TORCH_GB,
    TORCH_CPU_INDEX,
    Engine,
    IndexProblem,
    InstallProposal,
    TorchBuild,
    check_indexes,
    configured_engine,
    engine_version,
    find_engine,
    install_engine,
    propose_for_this_machine,
    without_index,
)
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.dialogs.file_choice import choose_file


class EnginePanel(QGroupBox):
    engine_changed = Signal(object)  # Engine | None
    output = Signal(str, str)  # stream, line

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(self.tr("Engine"))
        self.ctx = ctx
        self.engine: Engine | None = None
        self._install_task: asyncio.Task[object] | None = None
        self.label = QLabel(self.tr("Looking for Xinference…"))
        self.label.setWordWrap(True)
        self.find_button = QPushButton(self.tr("Find again"))
        self.find_button.clicked.connect(self.find_engine)
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.setToolTip(self.tr("Point at an xinference-local program or the venv that holds it"))
        self.choose_button.clicked.connect(self._choose)
        self.requirement = QLineEdit(ctx.settings.install_requirement)
        self.requirement.setToolTip(self.tr("pip requirement(s), e.g. xinference[all] or xinference==4.1.0"))
        self.pip_args = QLineEdit(shlex.join(ctx.settings.install_pip_args))
        self.pip_args.setPlaceholderText(self.tr("extra pip arguments (optional)"))
        # Until the user types their own, the fields hold what this machine's hardware can run.
        self.proposal_label = QLabel()
        self.proposal_label.setWordWrap(True)
        self.proposal_label.setObjectName("hint")
        self.proposal: InstallProposal | None = None
        self.install_button = QPushButton(self.tr("Install Xinference"))
        self.install_button.clicked.connect(self._install)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        self.cancel_button.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.phase = QLabel()
        self.phase.setWordWrap(True)  # a long phase never widens the window
        # Indexes found unreachable when Install was last pressed: a second press installs without them.
        self.unreachable: list[IndexProblem] = []
        self.error = QLabel()  # a failure of this panel's actions, with its hint (see show_error)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.hide()
        self.chooser: QFileDialog | None = None
        # With an engine found, installing is not the next step: the row and its download size stay hidden until
        # asked for (an upgrade or a reinstall).
        self.reinstall_button = QPushButton(self.tr("Install another…"))
        self.reinstall_button.setToolTip(self.tr("Install or upgrade Xinference in the app's own environment"))
        self.reinstall_button.clicked.connect(lambda: self._show_install(True))
        self.reinstall_button.hide()
        top = QHBoxLayout()
        top.addWidget(self.label, 1)
        top.addWidget(self.find_button)
        top.addWidget(self.choose_button)
        top.addWidget(self.reinstall_button)
        self.install_row = QWidget()
        install = QHBoxLayout(self.install_row)
        install.setContentsMargins(0, 0, 0, 0)
        install.addWidget(QLabel(self.tr("Install:")))
        install.addWidget(self.requirement, 2)
        install.addWidget(self.pip_args, 2)
        install.addWidget(self.install_button)
        install.addWidget(self.cancel_button)
        status = QHBoxLayout()
        status.addWidget(self.progress, 1)
        status.addWidget(self.phase, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.install_row)
        layout.addWidget(self.proposal_label)
        layout.addLayout(status)
        layout.addWidget(self.error)

    @guarded_slot()
    async def propose(self) -> None:
        """Fill the install fields with the proposal for this machine, unless the user chose a requirement."""
        self.proposal = await propose_for_this_machine()
        if not self.ctx.settings.install_requirement and not self.requirement.text().strip():
            self._fill_from(self.proposal)
        self.proposal_label.setText(self.tr("Proposed for this machine: %s") % self.proposal.summary())
        # Said before Install is pressed (where there is no engine yet): the CPU-only proposal needs an index that a
        # proxy or firewall may block.
        if self.engine is not None:
            return
        try:
            problems = await check_indexes(shlex.split(self.pip_args.text()))
        except ValueError:  # unbalanced quotes: Install says so
            return
        if problems:
            self.show_error(self._cost(problems[0]), self._cure())

    def _cost(self, problem: IndexProblem) -> str:
        """What installing without ``problem``'s index costs, in this window's language."""
        if problem.url.rstrip("/") == TORCH_CPU_INDEX.rstrip("/"):
            return self.tr("%1 cannot be reached (%2): pip would retry it for minutes, then take torch from PyPI, "
                           "which on Linux is the CUDA build: about %3 GB to download instead of the CPU build, for "
                           "a GPU this machine does not have.").replace("%1", problem.host).replace(
                "%2", problem.cause).replace("%3", f"{CUDA_TORCH_GB:g}")
        return self.tr("%1 cannot be reached (%2): pip would retry it for minutes, then take what should come "
                       "from it from PyPI, if PyPI has it.").replace("%1", problem.host).replace("%2", problem.cause)

    def _cure(self) -> str:
        return self.tr("Check the proxy or firewall (pip uses HTTPS_PROXY) and press Install, or press \"Install "
                       "without it\" to go on without that index.")

    def _fill_from(self, proposal: InstallProposal) -> None:
        """Put the proposal in the install fields (pip arguments only where none were typed)."""
        self.requirement.setText(proposal.requirement)
        if not self.pip_args.text().strip():
            self.pip_args.setText(shlex.join(proposal.pip_args))

    def show_error(self, message: str, hint: str = "") -> None:
        """Where ``guarded_slot`` reports a failure of this panel's slots."""
        self.error.setText(f"{message}\n{hint}" if hint else message)
        self.error.show()

    @guarded_slot()
    async def find_engine(self) -> None:
        try:
            engine = await find_engine(self.ctx.settings.profile.server.engine_path)
        except ManagerError as exc:
            self._set_engine(None, exc.one_line() if not isinstance(exc, EngineNotFound) else None)
            return
        self._set_engine(engine)

    def _set_engine(self, engine: Engine | None, problem: str | None = None) -> None:
        self.engine = engine
        if engine:
            self.label.setText(engine.describe())
        else:
            self.label.setText(problem or self.tr("Xinference is not installed. Install it below, or choose an "
                                                  "existing xinference-local."))
        if self.proposal is None:  # also with an engine: the fields are there for a reinstall or an upgrade
            self.propose()
        if self._install_task is None:
            self._show_install(engine is None)
        self.engine_changed.emit(engine)

    def _show_install(self, show: bool) -> None:
        self.install_row.setVisible(show)
        self.proposal_label.setVisible(show)
        self.reinstall_button.setVisible(not show)

    def _choose(self) -> None:
        # open() and a callback, not getOpenFileName: a nested modal loop inside the qasync loop re-enters it.
        self.chooser = choose_file(self, self.tr("Choose xinference-local"), self._use_engine_path)

    @guarded_slot(str)
    async def _use_engine_path(self, path: str) -> None:
        try:
            engine = configured_engine(path)
            engine = Engine(engine.source, engine.command, engine.python, await engine_version(engine))
        except ManagerError as exc:
            self.label.setText(exc.one_line())
            return
        self.ctx.settings.profile.server.engine_path = path
        self.ctx.settings.save()
        self._set_engine(engine)

    @guarded_slot()
    async def _install(self) -> None:
        requirement = self.requirement.text().strip()
        if not requirement:  # nothing typed: install what this machine can run, as the label proposes
            self.proposal = self.proposal or await propose_for_this_machine()
            self._fill_from(self.proposal)
            requirement = self.proposal.requirement
        try:
            pip_args = shlex.split(self.pip_args.text())
        except ValueError as exc:
            self.phase.setText(self.tr("Extra pip arguments: %s") % exc)
            return
        proposed = self.proposal is not None and requirement == self.proposal.requirement
        # The proposal is not remembered as a choice: it follows the hardware (a GPU added later changes it).
        self.ctx.settings.install_requirement = "" if proposed else requirement
        self.ctx.settings.install_pip_args = [] if proposed and self.proposal is not None and tuple(
            pip_args) == self.proposal.pip_args else pip_args
        self.ctx.settings.save()
        self._busy(True)
        try:
            usable = await self._reachable_indexes(pip_args)
            if usable is None:
                return
            self._install_task = asyncio.ensure_future(
                install_engine(requirement, usable, on_line=self._on_pip_line)
            )
            result = await self._install_task
            self.phase.setText(self.tr("Installed."))
            self._check_torch(result.torch, usable)
            await self.find_engine()
        except asyncio.CancelledError:
            self.phase.setText(self.tr("Cancelled; the previous engine (if any) is unchanged."))
        except ManagerError as exc:
            # The error label wraps: a long pip error never widens the window (it once made it 2464 px wide).
            self.phase.setText(self.tr("The install failed."))
            self.show_error(exc.message, exc.hint)
            self.output.emit("app", "install failed: " + exc.one_line())
        finally:
            self._install_task = None
            self._busy(False)

    async def _reachable_indexes(self, pip_args: list[str]) -> list[str] | None:
        """``pip_args`` once every index in them answers; None (with the cost shown) the first time one does not.

        A second press with the same indexes unreachable goes on without them, as the button then says."""
        self.phase.setText(self.tr("Checking the package indexes…"))
        problems = await check_indexes(pip_args)
        self.phase.clear()
        confirmed = {p.url for p in self.unreachable}
        self.unreachable = problems
        if not problems:
            self.install_button.setText(self.tr("Install Xinference"))
            return pip_args
        if {p.url for p in problems} <= confirmed:
            for problem in problems:
                self.output.emit("app", f"installing without {problem.url}: {problem.cause}")
                pip_args = without_index(pip_args, problem.url)
            self.unreachable = []
            self.install_button.setText(self.tr("Install Xinference"))
            return pip_args
        self.show_error(self._cost(problems[0]), self._cure())
        self.install_button.setText(self.tr("Install without it"))
        return None

    def _check_torch(self, torch: TorchBuild | None, pip_args: list[str]) -> None:
        """Say which torch landed; warn when the CPU-only install brought the CUDA build all the same."""
        if torch is None:
            return
        self.phase.setText(self.tr("Installed (%s).") % torch.describe())
        if torch.cuda and TORCH_CPU_INDEX in pip_args:
            self.show_error(self.tr("The CPU-only install brought torch %1, built for CUDA %2: pip did not take it "
                                    "from the CPU index.").replace("%1", torch.version).replace("%2", torch.cuda))

    def _on_pip_line(self, line: str) -> None:
        if line.startswith("[") and "]" in line:
            self.phase.setText(line[1 : line.index("]")])
        self.output.emit("pip", line)

    @property
    def installing(self) -> bool:
        """An engine install is under way (quitting would cancel it)."""
        return self._install_task is not None and not self._install_task.done()

    def _cancel(self) -> None:
        if self._install_task is not None:
            self._install_task.cancel()

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.install_button.setVisible(not busy)
        if busy:
            self.error.hide()
        self.cancel_button.setVisible(busy)
        self.find_button.setEnabled(not busy)
        self.choose_button.setEnabled(not busy)
