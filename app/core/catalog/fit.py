"""Whether a spec will launch here with the launch dialog's defaults, and why not: ``FitVerdict``.

"Fits" means all of: an engine that imports in the server's environment accepts the spec's format; the kernels that
format and quantization need exist on this hardware with the packages installed (``runtime.requirements``); and
the memory suffices on the device the model will run on (``estimate``). Otherwise the reason names what is missing
and, where one exists, the change that would make it fit: another variant of the same model, a shorter context, or
``torch_dtype``. A low-confidence estimate alone never makes a spec "too large": it says "may not fit".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from app.core.catalog.estimate import (
    DEFAULT_CONTEXT_LENGTH,
    MemoryEstimate,
    device_for,
    estimate_all,
    estimate_memory,
)
from app.core.catalog.families import CatalogFamily, CatalogSpec
from app.core.catalog.hardware import GIB, HardwareProfile, InstalledEngines
from app.core.catalog.packages import EnginePackages
from app.core.catalog.runtime import Blocker, blocker

__all__ = ["DEFAULT_CONTEXT_LENGTH", "DownloadRoom", "FitVerdict", "MemoryEstimate", "Recommendation", "engine_probes",
           "estimate_all", "gib", "judge", "judge_all", "verdict_summary"]

FITTING_KINDS = ("gpu", "unified", "ram")


@dataclass(frozen=True)
class DownloadRoom:
    """Free space on the disk of the server's ``XINFERENCE_HOME``, where a builtin's files are downloaded to."""

    path: str
    free_bytes: int


@dataclass(frozen=True)
class FitVerdict:
    # gpu, unified, ram (fits); too_large, maybe (a rough estimate over budget); needs_gpu, needs_package,
    # no_engine, needs_apple, no_disk (cannot launch here)
    kind: str
    reason: str
    estimate: MemoryEstimate
    hint: str = ""  # the change that would make it fit, when one exists

    @property
    def fits(self) -> bool:
        return self.kind in FITTING_KINDS

    @property
    def text(self) -> str:
        return f"{self.reason}; {self.hint}" if self.hint else self.reason


def judge(spec: CatalogSpec, estimate: MemoryEstimate, hw: HardwareProfile,
          engines: InstalledEngines | None = None, packages: EnginePackages | None = None,
          download: bool = False, room: DownloadRoom | None = None) -> FitVerdict:
    """Whether this spec can launch on ``hw`` with the server's engines and packages, and why (shown as is).
    ``download``: its files are not on the server yet, so they need ``room`` on the disk of the server's home
    (None: not known, e.g. a server elsewhere)."""
    stop: Blocker | None = blocker(spec, hw, engines, packages)
    if stop is not None:
        return FitVerdict(stop.kind, stop.reason, estimate)
    verdict = _memory_verdict(spec, estimate, hw)
    if download and verdict.fits:
        return _download_verdict(verdict, room)
    return verdict


def _download_verdict(verdict: FitVerdict, room: DownloadRoom | None) -> FitVerdict:
    """A builtin that is not downloaded yet fits only if its files fit on the disk too; say the download."""
    files = verdict.estimate.files_mib * 2**20
    if room is None:
        return replace(verdict, reason=f"{verdict.reason}; downloads about {gib(files)} first")
    if files > room.free_bytes:
        return FitVerdict("no_disk", f"no room to download it: about {gib(files)} of files, "
                                     f"{gib(room.free_bytes)} free in {room.path}", verdict.estimate)
    return replace(verdict, reason=f"{verdict.reason}; downloads about {gib(files)} to {room.path} "
                                   f"({gib(room.free_bytes)} free)")


def _memory_verdict(spec: CatalogSpec, estimate: MemoryEstimate, hw: HardwareProfile) -> FitVerdict:
    need = estimate.total_bytes
    where = "" if estimate.confidence == "high" else f" ({estimate.confidence} confidence)"
    if estimate.device in ("gpu", "unified") and hw.gpus:
        best = max(hw.gpus, key=lambda g: g.available_bytes)
        if need <= best.available_bytes:
            kind = "unified" if best.vendor == "apple" else "gpu"
            place = "unified memory" if kind == "unified" else f"GPU {best.index}"
            return FitVerdict(kind, f"fits on {place} (est. {gib(need)} of {gib(best.total_bytes)}){where}",
                              estimate)
        cuda = hw.cuda_gpus
        pooled = sum(g.available_bytes for g in cuda)
        if len(cuda) > 1 and need <= pooled:
            total = sum(g.total_bytes for g in cuda)
            return FitVerdict("gpu", f"fits across {len(cuda)} GPUs (est. {gib(need)} of {gib(total)}){where}",
                              estimate)
    ram_free = hw.ram_free or 0
    if estimate.device == "cpu" and need <= ram_free:
        return FitVerdict("ram", f"fits in RAM, CPU only, slow (est. {gib(need)} of {gib(ram_free)} free){where}",
                          estimate)
    free = max([ram_free if estimate.device == "cpu" else 0, *(g.available_bytes for g in hw.gpus)])
    # A rough guess never alone says "too large": only when an LLM's weights (from its stated size) already do.
    floor = (estimate.weights_mib + estimate.overhead_mib) * 2**20
    if estimate.confidence == "low" and (spec.model_type != "LLM" or floor <= free):
        return FitVerdict("maybe", f"may not fit: a rough guess of {gib(need)}, {gib(free)} free", estimate)
    return FitVerdict("too_large", f"too large: needs about {gib(need)}, {gib(free)} free", estimate)


def judge_all(families: Sequence[CatalogFamily], estimates: Sequence[MemoryEstimate], hw: HardwareProfile,
              engines: InstalledEngines | None = None, packages: EnginePackages | None = None,
              hints: bool = True, room: DownloadRoom | None = None) -> list[FitVerdict]:
    """One verdict per spec (catalog order); those that do not fit get a hint when a change would make them.
    A builtin whose files the server has not downloaded needs ``room`` for them."""
    out: list[FitVerdict] = []
    for fam in families:
        verdicts = [judge(s, estimates[s.index], hw, engines, packages,
                          download=fam.is_builtin and not s.cached and s.local is None, room=room)
                    for s in fam.specs]
        if hints:
            verdicts = _with_hints(fam, verdicts, hw)
        out.extend(verdicts)
    return out


def _with_hints(fam: CatalogFamily, verdicts: list[FitVerdict], hw: HardwareProfile) -> list[FitVerdict]:
    fitting = [(s, v) for s, v in zip(fam.specs, verdicts, strict=True) if v.fits]
    out = []
    for spec, verdict in zip(fam.specs, verdicts, strict=True):
        if verdict.fits:
            out.append(verdict)
            continue
        hint = _memory_hint(spec, fam, verdict, hw) if verdict.kind in ("too_large", "maybe") else ""
        if not hint:
            hint = _sibling_hint(spec, fitting)
        out.append(replace(verdict, hint=hint) if hint else verdict)
    return out


def _sibling_hint(spec: CatalogSpec, fitting: list[tuple[CatalogSpec, FitVerdict]]) -> str:
    """The smallest fitting variant of the same size, else the largest fitting one of the family."""
    same = [(s, v) for s, v in fitting if s.size_b == spec.size_b]
    pool = same or fitting
    if not pool:
        return ""
    if same:
        best, _ = min(same, key=lambda sv: sv[1].estimate.total_mib)
    else:
        best, _ = max(pool, key=lambda sv: (sv[0].size_b or 0, -sv[1].estimate.total_mib))
    what = " ".join(x for x in (best.size_label, best.model_format, best.quantization) if x and x != "none")
    return f"fits as {what}"


def _memory_hint(spec: CatalogSpec, fam: CatalogFamily, verdict: FitVerdict, hw: HardwareProfile) -> str:
    e = verdict.estimate
    budget = (hw.ram_free or 0) if e.device == "cpu" else max((g.available_bytes for g in hw.gpus), default=0)
    if spec.model_type == "LLM" and e.device == "cpu" and spec.model_format == "pytorch":
        # Half the weights and KV cache in bfloat16 (torch_dtype=bfloat16; slower on most CPUs, but it loads).
        halved = e.total_bytes - (e.weights_mib + e.kv_cache_mib) * 2**20 // 2
        if halved <= budget:
            return f"fits with torch_dtype=bfloat16 (about {gib(halved)})"
    if spec.model_type == "LLM" and e.context_length > 512:
        tokens = e.context_length // 2
        shortest = tokens
        while shortest // 2 >= 512:
            shortest //= 2
        # Memory grows with the context: when even the shortest tried does not fit, none does. Most variants too
        # large for a machine are too large at any context, and trying each length made the hints 60% of the time
        # to judge the whole catalog.
        if estimate_memory(spec, fam, shortest, e.device).total_bytes > budget:
            return ""
        while tokens >= 512:
            shorter = estimate_memory(spec, fam, tokens, e.device)
            if shorter.total_bytes <= budget:
                return f"fits at context length {tokens} (about {gib(shorter.total_bytes)})"
            tokens //= 2
    return ""


def engine_probes(families: Sequence[CatalogFamily]) -> list[tuple[str, str]]:
    """One family per type whose specs cover the most formats: its /v1/engines answer names every engine."""
    best: dict[str, CatalogFamily] = {}
    for fam in families:
        if not fam.is_builtin:
            continue
        current = best.get(fam.model_type)
        if current is None or len(fam.formats) > len(current.formats):
            best[fam.model_type] = fam
    return [(t, f.model_name) for t, f in best.items()]


def estimates_for(families: Sequence[CatalogFamily], context_length: int, hw: HardwareProfile | None,
                  ) -> list[MemoryEstimate]:
    """Estimates for the device a launch on ``hw`` would use."""
    return estimate_all(families, context_length, device_for(hw))


def gib(nbytes: float) -> str:
    value = nbytes / GIB
    return f"{value:.1f} GiB" if value < 100 else f"{value:.0f} GiB"


def verdict_summary(verdicts: Mapping[int, FitVerdict] | Sequence[FitVerdict]) -> dict[str, int]:
    items = verdicts.values() if isinstance(verdicts, Mapping) else verdicts
    out: dict[str, int] = {}
    for v in items:
        out[v.kind] = out.get(v.kind, 0) + 1
    return out


# -- the server's own recommender (Xinference 4.x) ------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """``POST /v1/models/recommend``: a launch config the server vouches for, or ``no_recommendation``."""

    status: str
    config: dict[str, object] | None
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]

    @staticmethod
    def from_json(data: object) -> Recommendation:
        body = data if isinstance(data, dict) else {}
        config = body.get("config")

        def messages(key: str) -> tuple[str, ...]:
            items = body.get(key)
            if not isinstance(items, list):
                return ()
            return tuple(str(i.get("message") or i.get("code")) if isinstance(i, dict) else str(i) for i in items)

        return Recommendation(
            status=str(body.get("status") or "unknown"),
            config=dict(config) if isinstance(config, dict) else None,
            reasons=messages("reasons"),
            warnings=messages("warnings"),
        )

    def describe(self) -> str:
        if self.status == "recommended" and self.config:
            parts = ", ".join(f"{k}={v}" for k, v in self.config.items() if v not in (None, ""))
            head = f"Server recommends: {parts}"
        else:
            head = f"Server: {self.status.replace('_', ' ')}"
        return " — ".join([head, *self.reasons])

    def disagreement(self, family: CatalogFamily, verdicts: Sequence[FitVerdict]) -> str:
        """Why the app's verdict differs from this recommendation ("" when they agree or cannot be compared)."""
        own = [verdicts[s.index] for s in family.specs if s.index < len(verdicts)]
        if not own:
            return ""
        fitting = [v for v in own if v.fits]
        recommended = self.status == "recommended" and bool(self.config)
        if recommended and not fitting:
            best = min(own, key=lambda v: v.estimate.total_mib)
            return ("The app disagrees: " + best.text + ". Xinference's recommender budgets 16-bit weights on "
                    "free GPU memory and does not check the quantization packages.")
        if not recommended and fitting:
            best = min(fitting, key=lambda v: v.estimate.total_mib)
            return ("The app finds a variant that fits (" + best.reason + "): Xinference's recommender only "
                    "considers GPU memory.")
        return ""
