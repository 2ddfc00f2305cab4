"""The RAG starter's choice: one chat LLM, one embedding model and one reranker that will launch on this machine.

Candidates come from the catalog's fit verdicts (``app.core.catalog``): only specs that fit are offered. Registered
(custom) models come first, since their weights are already on disk; then builtin models whose files are cached
(``cache_status``); then the smallest fitting builtins, which need a download. One candidate per family: its best
spec (cached before not, then the smallest estimate).

The chosen three become a model set (``starter_set``), so the sets core launches them under fixed UIDs and can
bring them back after a restart; ``starter_settings`` is the one "Copy Dify settings" block for all of them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.core.api.client import XinferenceClient
from app.core.api.types import RunningModel
from app.core.catalog import (
    CatalogFamily,
    CatalogSpec,
    FitVerdict,
    InstalledEngines,
    gib,
    judge_catalog,
    learn_environment,
    load_environment,
    refresh_catalog,
)
from app.core.dify import dify_settings_block
from app.core.models.launch import LaunchRequest, validate_uid
from app.core.models.running import RunningRow, running_rows
from app.core.models.sets import ModelSet

ROLES = ("chat", "embedding", "rerank")
ROLE_TYPES = {"chat": "LLM", "embedding": "embedding", "rerank": "rerank"}
ROLE_LABELS = {"chat": "Chat model", "embedding": "Embedding model", "rerank": "Reranker"}
ROLE_TYPES_FETCHED = ("LLM", "embedding", "rerank")
STARTER_SET = "dify-rag"

REGISTERED = "registered"  # a custom model: files on disk
CACHED = "cached"  # a builtin whose files this server already downloaded
DOWNLOAD = "download"  # a builtin that needs a download first
_SOURCE_RANK = {REGISTERED: 0, CACHED: 1, DOWNLOAD: 2}
_SOURCE_WORDS = {REGISTERED: "registered, on disk", CACHED: "downloaded already", DOWNLOAD: "needs a download"}


@dataclass(frozen=True)
class Candidate:
    role: str
    family: CatalogFamily
    spec: CatalogSpec
    verdict: FitVerdict
    engine: str

    @property
    def model_name(self) -> str:
        return self.family.model_name

    @property
    def model_type(self) -> str:
        return self.family.model_type

    @property
    def source(self) -> str:
        if not self.family.is_builtin:
            return REGISTERED
        return CACHED if self.spec.cached else DOWNLOAD

    @property
    def memory_mib(self) -> float:
        return self.verdict.estimate.total_mib

    def label(self) -> str:
        """What a chooser shows, e.g. ``tiny-chat (registered, on disk; about 0.1 GiB)``."""
        variant = " ".join(x for x in (self.spec.size_label, self.spec.model_format, self.spec.quantization)
                           if x and x != "none")
        what = f"{self.model_name} {variant}" if variant and self.source != REGISTERED else self.model_name
        size = f"about {gib(self.memory_mib * 2**20)}"
        estimate = self.verdict.estimate
        if estimate.mostly_logits:
            size += f", mostly the logits of a {estimate.context_length:,}-token prompt"
        return f"{what} ({_SOURCE_WORDS[self.source]}; {size})"

    def request(self, uid: str) -> LaunchRequest:
        """The launch request: the spec's own identity, the engine chosen, the UID given."""
        builtin = self.family.is_builtin
        size = self.spec.model_size_in_billions
        return LaunchRequest(
            model_name=self.model_name,
            model_type=self.model_type,
            model_engine=self.engine,
            # A registered model has one spec: the server finds it by name alone.
            model_format=self.spec.model_format if builtin else "",
            model_size_in_billions="" if not builtin or size is None else str(size),
            quantization=self.spec.quantization if builtin and self.model_type == "LLM" else "",
            model_uid=validate_uid(uid),
        )


def role_of(family: CatalogFamily) -> str | None:
    if family.model_type == "LLM":
        return "chat" if "chat" in family.abilities else None
    if family.model_type in ("embedding", "rerank"):
        return family.model_type
    return None


def _engine(spec: CatalogSpec, engines: InstalledEngines | None) -> str | None:
    """The first of the spec's engines known usable, else the first not known to be missing."""
    if not spec.engines:
        return None
    if engines is not None:
        usable = [e for e in spec.engines if engines.is_installed(e, spec.model_type)]
        if usable:
            return usable[0]
        unknown = [e for e in spec.engines if engines.is_installed(e, spec.model_type) is None]
        return unknown[0] if unknown else None
    return spec.engines[0]


def _best_spec(family: CatalogFamily, verdicts: Sequence[FitVerdict | None], engines: InstalledEngines | None
               ) -> tuple[CatalogSpec, FitVerdict, str] | None:
    fitting = []
    for spec in family.specs:
        verdict = verdicts[spec.index] if spec.index < len(verdicts) else None
        engine = _engine(spec, engines)
        if verdict is not None and verdict.fits and engine:
            fitting.append((spec, verdict, engine))
    if not fitting:
        return None
    return min(fitting, key=lambda t: (not t[0].cached, t[1].estimate.total_mib))


def candidates(families: Iterable[CatalogFamily], verdicts: Sequence[FitVerdict | None], role: str,
               engines: InstalledEngines | None = None) -> list[Candidate]:
    """The fitting models for ``role``, best first: registered, then cached builtins, then smallest builtins."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    out = []
    for family in families:
        if role_of(family) != role:
            continue
        best = _best_spec(family, verdicts, engines)
        if best is not None:
            spec, verdict, engine = best
            out.append(Candidate(role, family, spec, verdict, engine))
    out.sort(key=lambda c: (_SOURCE_RANK[c.source], c.memory_mib, c.model_name.lower()))
    return out


def propose(families: Sequence[CatalogFamily], verdicts: Sequence[FitVerdict | None],
            engines: InstalledEngines | None = None) -> dict[str, list[Candidate]]:
    """Candidates per role (the first of each list is the proposal; an empty list: nothing fits)."""
    return {role: candidates(families, verdicts, role, engines) for role in ROLES}


def uid_for(candidate: Candidate, running: Sequence[RunningRow], taken: Iterable[str] = ()) -> str:
    """The UID to launch under: the UID of that model where it already runs (nothing is launched twice), else its
    name, else its name with a number where another model holds the name."""
    for row in running:
        if (row.model_name, row.model_type) == (candidate.model_name, candidate.model_type):
            return row.uid
    used = {row.uid for row in running} | set(taken)
    base = validate_uid(candidate.model_name)
    uid, n = base, 2
    while uid in used:
        uid, n = f"{base}-{n}", n + 1
    return uid


def starter_set(chosen: Mapping[str, Candidate], running: Sequence[RunningRow], name: str = STARTER_SET
                ) -> ModelSet:
    """The chosen models (in role order) as a set with their UIDs."""
    models: list[LaunchRequest] = []
    for role in ROLES:
        candidate = chosen.get(role)
        if candidate is None:
            continue
        uid = uid_for(candidate, running, (m.model_uid for m in models))
        models.append(candidate.request(uid))
    return ModelSet(name, tuple(models))


def starter_settings(models: Sequence[RunningModel], endpoint: str, login_on: bool | None,
                     location: str | None = None, host_address: str | None = None, key_hint: str = "") -> str:
    """One "Dify settings" block for all the models, separated by a blank line (Dify adds them one by one)."""
    extra = {"key_hint": key_hint} if key_hint else {}
    blocks = [f"# {i}/{len(models)}\n" + dify_settings_block(m, endpoint, login_on, location, host_address, **extra)
              for i, m in enumerate(models, 1)]
    return "\n\n".join(blocks)


@dataclass(frozen=True)
class StarterChoices:
    """What the starter offers: candidates per role, what runs now, and the facts the verdicts came from."""

    by_role: dict[str, list[Candidate]]
    running: tuple[RunningRow, ...]
    catalog_version: str

    def proposal(self) -> dict[str, Candidate]:
        return {role: found[0] for role, found in self.by_role.items() if found}

    def missing_roles(self) -> tuple[str, ...]:
        return tuple(role for role in ROLES if not self.by_role.get(role))


async def gather_choices(client: XinferenceClient, home: str | None = "") -> StarterChoices:
    """Fetch the three types' registrations fresh (a model registered a minute ago must count), learn what the
    verdicts depend on when nothing is cached, and judge as the Catalog page does (``judge_catalog``); ``home`` is
    the server's ``XINFERENCE_HOME`` as configured (None: not known)."""
    fresh = await refresh_catalog(client, ROLE_TYPES_FETCHED)
    env = await asyncio.to_thread(load_environment, client.endpoint)
    if env is None or env.hardware is None:
        env = await learn_environment(client, fresh.catalog)
    # No hints: the starter offers only what fits, and hints cost a re-estimate per context length.
    judged = await judge_catalog(fresh.catalog, client.endpoint, environment=env, home=home, hints=False)
    families = [f for f in judged.catalog.families if role_of(f) is not None]
    by_role = propose(families, judged.verdicts, judged.engines)
    rows = await running_rows(client)
    return StarterChoices(by_role, tuple(r for r in rows if r.status == "READY"), fresh.version)
