"""Search and filters over the catalog, shared by the Catalog page and ``xinference-manager catalog``.

Family-level filters (text, type, ability, language, origin) and spec-level ones (format, engine, quantization,
size, cached, fits): a family passes when at least one of its specs passes the spec-level ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from app.core.catalog.families import Catalog, CatalogFamily, CatalogSpec


@dataclass(frozen=True)
class CatalogFilter:
    """What the user asked for; empty fields filter nothing. Text matches name, description and model ids."""

    text: str = ""
    model_type: str = ""
    ability: str = ""
    language: str = ""
    model_format: str = ""
    engine: str = ""
    quantization: str = ""
    size_min: float | None = None
    size_max: float | None = None
    cached_only: bool = False
    origin: str = ""  # "builtin", "custom" or ""
    fits_only: bool = False

    def active(self) -> dict[str, str]:
        """The filters in use, as label -> value (for the chips that show and clear them)."""
        out: dict[str, str] = {}
        for name in ("text", "model_type", "ability", "language", "model_format", "engine", "quantization", "origin"):
            value = getattr(self, name)
            if value:
                out[name] = value
        if self.size_min is not None or self.size_max is not None:
            lo = "" if self.size_min is None else f"{self.size_min:g}"
            hi = "" if self.size_max is None else f"{self.size_max:g}"
            out["size"] = f"{lo}–{hi} B"
        if self.cached_only:
            out["cached_only"] = "cached"
        if self.fits_only:
            out["fits_only"] = "fits"
        return out

    def _spec_level(self) -> bool:
        return bool(
            self.model_format or self.engine or self.quantization or self.cached_only or self.fits_only
            or self.size_min is not None or self.size_max is not None
        )


SpecPredicate = Callable[[CatalogSpec], bool]


def spec_matcher(flt: CatalogFilter, fits: Callable[[CatalogSpec], bool] | None = None) -> SpecPredicate:
    """A predicate for one spec under the spec-level filters (format, engine, quantization, size, cache, fit)."""
    fmt = flt.model_format.lower()
    engine = flt.engine.lower()
    quant = flt.quantization.lower()
    lo, hi = flt.size_min, flt.size_max

    def match(spec: CatalogSpec) -> bool:
        if fmt and spec.model_format.lower() != fmt:
            return False
        if quant and spec.quantization.lower() != quant:
            return False
        if engine and engine not in (e.lower() for e in spec.engines):
            return False
        if flt.cached_only and not spec.cached:
            return False
        if lo is not None and (spec.size_b is None or spec.size_b < lo):
            return False
        if hi is not None and (spec.size_b is None or spec.size_b > hi):
            return False
        return not (flt.fits_only and fits is not None and not fits(spec))

    return match


def filter_mask(
    families: Sequence[CatalogFamily], flt: CatalogFilter, fits: Callable[[CatalogSpec], bool] | None = None
) -> list[bool]:
    """For each family, whether it passes: family-level filters, and at least one spec under spec-level ones.

    One pass over the catalog; the table's proxy only looks the answer up (a keystroke re-filters everything).
    """
    words = flt.text.lower().split()
    spec_ok = spec_matcher(flt, fits) if flt._spec_level() else None
    mtype, ability, lang, origin = flt.model_type, flt.ability, flt.language, flt.origin
    out: list[bool] = []
    append = out.append
    for fam in families:
        if mtype and fam.model_type != mtype:
            append(False)
            continue
        text = fam.search_text
        if words and not all(w in text for w in words):
            append(False)
            continue
        if ability and ability not in fam.abilities:
            append(False)
            continue
        if lang and lang not in fam.languages:
            append(False)
            continue
        if origin and (origin == "builtin") != fam.is_builtin:
            append(False)
            continue
        append(spec_ok is None or any(spec_ok(s) for s in fam.specs))
    return out


def filter_families(
    catalog: Catalog | Iterable[CatalogFamily], flt: CatalogFilter, fits: Callable[[CatalogSpec], bool] | None = None
) -> list[CatalogFamily]:
    families = list(catalog.families if isinstance(catalog, Catalog) else catalog)
    return [f for f, ok in zip(families, filter_mask(families, flt, fits), strict=True) if ok]
