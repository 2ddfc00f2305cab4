"""A read-only panel: the hardware the fit verdicts are judged against, and the engines really installed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from app.core.catalog import EnginePackages, HardwareProfile, InstalledEngines, gib
from app.ui.i18n import QT_TRANSLATE_NOOP

ROWS = (
    ("source", QT_TRANSLATE_NOOP("HardwarePanel", "Judged on")),
    ("cpu", QT_TRANSLATE_NOOP("HardwarePanel", "CPU cores")),
    ("ram", QT_TRANSLATE_NOOP("HardwarePanel", "RAM")),
    ("gpus", QT_TRANSLATE_NOOP("HardwarePanel", "GPUs")),
    ("os", QT_TRANSLATE_NOOP("HardwarePanel", "OS / arch")),
    ("engines", QT_TRANSLATE_NOOP("HardwarePanel", "Engines installed")),
    # A row of its own: on one wrapped label "…, Transformers\nnot installed: diffusers" read as "Transformers not
    # installed".
    ("engines_missing", QT_TRANSLATE_NOOP("HardwarePanel", "Engines not installed")),
    ("packages", QT_TRANSLATE_NOOP("HardwarePanel", "Quantization packages")),
)
# Where the core says the profile comes from (its English words), as shown in "Judged on".
SOURCES = {"this machine": QT_TRANSLATE_NOOP("HardwarePanel", "this machine")}


class HardwarePanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Hardware"))
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for key, title in ROWS:
            label = QLabel("…")
            label.setObjectName(f"hw_{key}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = label
            form.addRow(self.tr(title), label)

    def set_profile(self, hw: HardwareProfile | None) -> None:
        if hw is None:
            for key in ("source", "cpu", "ram", "gpus", "os"):
                self.labels[key].setText(self.tr("unknown"))
            return
        self.labels["source"].setText(self.tr(SOURCES[hw.source]) if hw.source in SOURCES else hw.source)
        self.labels["cpu"].setText(str(hw.cpu_count or self.tr("unknown")))
        if hw.ram_total:
            self.labels["ram"].setText(self.tr("{free} free of {total}").format(free=gib(hw.ram_free or 0),
                                                                                 total=gib(hw.ram_total)))
        else:
            self.labels["ram"].setText(self.tr("unknown"))
        if hw.gpus:
            lines = [self.tr("{name} (#{i}): {free} free of {total}").format(
                name=g.name, i=g.index, free=gib(g.available_bytes), total=gib(g.total_bytes)) for g in hw.gpus]
            self.labels["gpus"].setText("\n".join(lines) + f"\n({hw.gpu_probe})")
        else:
            note = "; ".join(hw.notes)
            self.labels["gpus"].setText(self.tr("none found") + (f" ({note})" if note else ""))
        self.labels["os"].setText(" / ".join(x for x in (hw.os_name, hw.arch) if x) or self.tr("not reported"))

    def set_engines(self, engines: InstalledEngines | None, packages: EnginePackages | None = None) -> None:
        if engines is None:
            self.labels["engines"].setText(self.tr("unknown (server not reachable)"))
            self.labels["engines_missing"].setText(self.tr("unknown"))
        else:
            # Usable for any type counts as installed; "not installed" only for engines whose library does not
            # import (a refusal of one probed family is not a missing engine).
            self.labels["engines"].setText(", ".join(engines.installed) or self.tr("none"))
            self.labels["engines_missing"].setText(", ".join(engines.missing) or self.tr("none"))
            reasons = "\n".join(f"{k}: {v}" for k, v in engines.engines.items() if v)
            self.labels["engines"].setToolTip(reasons)
            self.labels["engines_missing"].setToolTip(reasons)
        if packages is None:
            self.labels["packages"].setText(self.tr("not checked (a remote server, or not reachable)"))
            return
        quant = ("optimum", "gptqmodel", "auto_gptq", "awq", "bitsandbytes", "fp_quant", "xllamacpp", "mlx_lm")
        have = [f"{m} {packages.versions.get(m) or ''}".strip() for m in quant if packages.has(m)]
        self.labels["packages"].setText(", ".join(have) or self.tr("none (GPTQ, AWQ, bnb, GGUF cannot load)"))
        self.labels["packages"].setToolTip(packages.python)
