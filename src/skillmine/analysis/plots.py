"""Figures of the analysis (matplotlib, extra ``report``): one function per figure, French labels.

Each function takes the table made by the matching :mod:`skillmine.analysis` function and returns a
``matplotlib.figure.Figure``; pass ``ax`` to draw into an existing axes.
"""

from __future__ import annotations

import pandas as pd

from skillmine.constants import CATEGORIES, CATEGORY_LABELS, FAMILIES, FAMILY_LABELS

COLORS = {"digital": "#3b7dd8", "green": "#2e9d57", "management": "#d9822b"}
"""One colour per category (darker than the displaCy highlights, for bars and lines)."""

_LEVEL_LABELS = {"required": "exigée", "nice_to_have": "souhaitée", "company": "entreprise / avantages"}


def _axes(ax, size=(7, 4)):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    return fig, ax


def _fam(index, wrap: int | None = None) -> list[str]:
    import textwrap

    labels = [FAMILY_LABELS.get(i, str(i)) for i in index]
    return ["\n".join(textwrap.wrap(lab, wrap)) for lab in labels] if wrap else labels


def _bounds(table: pd.DataFrame, col: str = "share"):
    """Error-bar lengths (below, above) of ``table``'s interval around ``col``, in %; zeros without one."""
    if not {"low", "high"} <= set(table.columns):
        return None
    mid, low, high = (table[c].astype(float) * 100 for c in (col, "low", "high"))
    return [(mid - low).clip(lower=0).fillna(0), (high - mid).clip(lower=0).fillna(0)]


_RAW = dict(
    marker="D", s=22, facecolor="white", edgecolor="black", linewidth=1, zorder=3, label="part brute (non corrigée)"
)


def _small_note(ax, n_min: int) -> None:
    from skillmine.analysis.stats import SMALL

    if n_min < SMALL:
        ax.text(
            0,
            -0.22,
            f"Attention : moins de {SMALL} offres dans au moins un groupe (hachuré) ; lisez les intervalles.",
            transform=ax.transAxes,
            fontsize=8,
            color="#b03a2e",
        )


def plot_offers_per_family(table: pd.DataFrame, ax=None):
    """Bars of :func:`skillmine.analysis.stats.offers_per_family`: each family's share of the offers (corrected when
    the table is), with its 95 % interval and the raw share as a diamond."""
    fig, ax = _axes(ax)
    y = _fam(table.index)
    pct = table["share"].fillna(0) * 100
    ax.barh(y, pct, xerr=_bounds(table), color="#6b7a8f", capsize=3, ecolor="#333333")
    ax.scatter(table["raw_share"] * 100, y, **_RAW)
    for yy, v, n in zip(y, pct, table["offres"]):
        ax.annotate(f"{v:.0f} % ({n} offres)", (0, yy), xytext=(4, 9), textcoords="offset points", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% des offres (intervalle à 95 %)")
    ax.set_title("Offres par famille")
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    _small_note(ax, int(table["n"].min()) if "n" in table else len(table))
    return fig


def plot_category_share(table: pd.DataFrame, ax=None):
    """Grouped bars of :func:`skillmine.analysis.stats.category_share` (``by="family"`` or ``by=None``): the share of
    offers asking for each category (corrected when the table is), its 95 % interval, and the raw share as a diamond;
    groups of fewer than :data:`skillmine.analysis.stats.SMALL` offers are hatched."""
    from skillmine.analysis.stats import SMALL

    fig, ax = _axes(ax, (8, 4.5))
    if table.index.nlevels == 1:  # by=None: one group
        table = pd.concat({"ensemble": table}, names=["groupe"])
    groups = list(dict.fromkeys(table.index.get_level_values(0)))
    width = 0.8 / len(CATEGORIES)
    for k, cat in enumerate(CATEGORIES):
        t = table.xs(cat, level=1).reindex(groups)
        xs = [i + (k - 1) * width for i in range(len(groups))]
        small = t["n"] < SMALL
        bars = ax.bar(
            xs,
            t["share"].fillna(0) * 100,
            width,
            yerr=_bounds(t),
            capsize=2,
            ecolor="#333333",
            label=CATEGORY_LABELS[cat],
            color=COLORS[cat],
        )
        for b, s_ in zip(bars, small):
            if s_:
                b.set_hatch("//")
                b.set_alpha(0.6)
        ax.scatter(xs, t["raw_share"] * 100, **{**_RAW, "label": _RAW["label"] if k == 0 else None})
        ax.bar_label(bars, labels=[f"{v:.0f}" if v == v else "" for v in t["share"] * 100], fontsize=7, padding=2)
    n = table.xs(CATEGORIES[0], level=1).reindex(groups)["n"]
    ax.set_xticks(range(len(groups)), [f"{lab}\n({int(c)} offres)" for lab, c in zip(_fam(groups, 14), n)], fontsize=8)
    ax.set_ylabel("% des offres (intervalle à 95 %)")
    ax.set_ylim(0, 105)
    ax.set_title("Part des offres qui demandent chaque catégorie de compétences")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    ax.spines[["top", "right"]].set_visible(False)
    _small_note(ax, int(n.min()))
    return fig


def plot_top_skills(table: pd.DataFrame, category: str, n: int = 8):
    """One panel per family: the ``n`` skills of ``category`` most asked for (from :func:`top_skills`)."""
    import matplotlib.pyplot as plt

    t = table[table["categorie"] == category]
    fams = [f for f in FAMILIES if f in set(t["famille"])] or list(t["famille"].unique())
    ncols = 2 if len(fams) > 1 else 1
    nrows = max(1, -(-len(fams) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(10, 3.2 * nrows), layout="constrained", squeeze=False)
    flat = axes.ravel()
    for ax, fam in zip(flat, fams):
        sub = t[t["famille"] == fam].head(n)
        ax.barh([_short(c, 40) for c in sub["competence"]], sub["part"] * 100, color=COLORS.get(category, "grey"))
        ax.invert_yaxis()
        ax.set_title(FAMILY_LABELS.get(fam, fam), fontsize=10)
        ax.set_xlabel("% des offres de la famille", fontsize=8)
        ax.set_xlim(0, 100)
        ax.tick_params(labelsize=8)
        ax.spines[["top", "right"]].set_visible(False)
    for ax in flat[len(fams) :]:
        ax.set_axis_off()
    if not fams:
        flat[0].text(0.5, 0.5, "aucune compétence", ha="center", va="center")
    fig.suptitle(f"Compétences les plus demandées — {CATEGORY_LABELS.get(category, category)}")
    return fig


def _short(label: str, width: int = 32) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def plot_cooccurrence(table: pd.DataFrame, ax=None):
    """Heat map of :func:`skillmine.analysis.stats.cooccurrence` (shares when normalised)."""
    fig, ax = _axes(ax, (4.8, 4))
    im = ax.imshow(table.to_numpy(dtype=float), cmap="Blues")
    labels = [CATEGORY_LABELS[c].split(" (")[0] for c in table.columns]
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks(range(len(labels)), labels)
    frac = table.to_numpy().max() <= 1
    for i in range(len(table)):
        for j in range(len(table)):
            v = table.iat[i, j]
            ax.text(
                j,
                i,
                f"{v:.0%}" if frac else f"{int(v)}",
                ha="center",
                va="center",
                color="white" if v > table.to_numpy().max() / 2 else "black",
            )
    ax.set_title("Offres qui demandent les deux catégories")
    fig.colorbar(im, ax=ax, shrink=0.8)
    return fig


def plot_levels(table: pd.DataFrame, ax=None):
    """Stacked bars of :func:`skillmine.analysis.stats.level_split`: exigée / souhaitée / entreprise."""
    fig, ax = _axes(ax, (7, 3.5))
    left = pd.Series(0, index=table.index, dtype=float)
    shades = {"required": 1.0, "nice_to_have": 0.6, "company": 0.3}
    for level in table.columns:
        ax.barh(
            [CATEGORY_LABELS[c] for c in table.index],
            table[level],
            left=left,
            label=_LEVEL_LABELS.get(level, level),
            color="#444444",
            alpha=shades.get(level, 0.5),
        )
        left += table[level]
    ax.invert_yaxis()
    ax.set_xlabel("Mentions")
    ax.set_title("Compétences exigées, souhaitées ou citées par l'entreprise")
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def plot_trend(table: pd.DataFrame, ax=None):
    """Lines of :func:`skillmine.analysis.stats.monthly_trend`: share of offers per category and month."""
    fig, ax = _axes(ax, (8, 3.5))
    x = [str(p) for p in table.index]
    for cat in CATEGORIES:
        ax.plot(x, table[cat] * 100, marker="o", label=CATEGORY_LABELS[cat], color=COLORS[cat])
    ax.set_ylabel("% des offres")
    ax.set_ylim(0, 105)
    ax.set_title("Évolution mensuelle")
    ax.tick_params(axis="x", rotation=45, labelsize=8)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def plot_reliability(curves: dict[str, list[dict]], ax=None):
    """Reliability diagram of calibrated probabilities: per bin (rows of :func:`skillmine.training.crossval.reliability`),
    the observed share against the mean predicted probability, with the bin's 95 % Wilson interval; one line per
    named curve. A calibrated score sits on the diagonal."""
    from scipy.stats import binomtest

    fig, ax = _axes(ax, (5, 5))
    ax.plot([0, 1], [0, 1], color="#999999", linestyle="--", linewidth=1, label="calibration parfaite")
    for (name, rows), color in zip(curves.items(), ("#3b7dd8", "#d9822b", "#2e9d57")):
        rows = [r for r in rows if r["n"]]
        x = [r["predicted"] for r in rows]
        y = [r["observed"] for r in rows]
        ci = [binomtest(round(r["observed"] * r["n"]), r["n"]).proportion_ci(method="wilson") for r in rows]
        err = [[max(0.0, yy - c.low) for yy, c in zip(y, ci)], [max(0.0, c.high - yy) for yy, c in zip(y, ci)]]
        ax.errorbar(x, y, yerr=err, marker="o", color=color, capsize=3, label=name)
        for xx, yy, r in zip(x, y, rows):
            ax.annotate(str(r["n"]), (xx, yy), textcoords="offset points", xytext=(5, -10), fontsize=7, color=color)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("Probabilité annoncée (moyenne du groupe)")
    ax.set_ylabel("Part observée (intervalle à 95 %)")
    ax.set_title("Fiabilité des probabilités (validation croisée)")
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    return fig
