"""One self-contained HTML page from classified offers: figures embedded as PNG, tables, counts, method.

Built by ``skillmine report INPUT... -o report.html``; from Python::

    html = build_report(results, mentions)        # DataFrames from classify / analyze_frame
    Path("report.html").write_text(html, encoding="utf-8")
"""

from __future__ import annotations

import base64
import datetime as _dt
import html as _html
import io
import re

import pandas as pd

from skillmine import __version__
from skillmine import analysis as A
from skillmine.analysis import plots as P
from skillmine.constants import CATEGORIES, CATEGORY_LABELS, FAMILY_LABELS, STATUSES

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em} h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.8em 0;font-size:.9em} th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left}
th{background:#f5f5f5} td.num{text-align:right;font-variant-numeric:tabular-nums} img{max-width:100%;height:auto}
.note{color:#555;font-size:.9em} .kpi{display:inline-block;margin:0 1.5em .5em 0} .kpi b{font-size:1.4em;display:block}
"""


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="figure" src="data:image/png;base64,{data}">'


_ROWS = {"in_scope": "cadres production / maintenance"}


def _pct(v) -> str:
    return "" if pd.isna(v) else f"{v:.0%}"


def _table(df: pd.DataFrame, pct: list[str] = (), index: bool = True) -> str:
    df = df.copy()
    for c in pct:
        if c in df.columns:
            df[c] = df[c].map(_pct)
    df = df.rename(
        index=lambda i: _ROWS.get(i, FAMILY_LABELS.get(i, CATEGORY_LABELS.get(i, i))),
        columns=lambda c: CATEGORY_LABELS.get(c, c),
    )
    html = df.to_html(index=index, border=0, escape=True)
    # numbers (counts, percentages) right-aligned, words left-aligned
    return re.sub(r"<td>(-?[\d.,]+%?)</td>", r'<td class="num">\1</td>', html)


def _shares(df: pd.DataFrame, adjusted: bool) -> pd.DataFrame:
    """A table of shares (``share``, ``low``, ``high``, ``raw_share``, ``n``) as a reader wants it: percentages,
    the interval in one cell, a warning on small groups."""
    out = pd.DataFrame(index=df.index)
    if "offres" in df.columns:
        out["offres"] = df["offres"]
    out["part corrigée" if adjusted else "part"] = df["share"].map(_pct)
    out["IC 95 %"] = [("" if pd.isna(lo) else f"{_pct(lo)} – {_pct(hi)}") for lo, hi in zip(df["low"], df["high"])]
    if adjusted:
        out["part brute"] = df["raw_share"].map(_pct)
    out["sur"] = df["n"].astype(int).astype(str) + " offres"
    out["attention"] = ["" if n >= A.SMALL else f"moins de {A.SMALL} offres" for n in df["n"]]
    if not out["attention"].any():
        out = out.drop(columns="attention")
    return out


def _correction(rates) -> tuple[dict | None, str]:
    """The error rates to correct the shares with (see :func:`skillmine.analysis.stats.category_share`), or ``None``,
    and the paragraph that says what the figures are."""
    from skillmine.analysis.shares import RatesError, load_rates

    try:
        found = load_rates(rates)
    except RatesError as exc:
        return None, (
            "<p><b>Parts non corrigées.</b> Les taux d'erreur des modèles n'ont pas été mesurés sur des "
            f"offres réelles étiquetées ({_html.escape(str(exc))}) : les parts sont les décisions comptées "
            "telles quelles, avec leur seul intervalle d'échantillonnage.</p>"
        )
    return found, (
        "<p><b>Parts corrigées.</b> Chaque décision de skillmine (périmètre, famille, catégorie) se trompe parfois ; "
        "ses taux d'erreur (vrais et faux positifs, confusions entre familles) ont été mesurés par validation croisée "
        "sur des offres réelles étiquetées à la main et sont livrés avec les modèles (fiches models/*.md). Les parts "
        "affichées les corrigent : part corrigée = (part brute − taux de faux positifs) / (taux de vrais positifs − "
        "taux de faux positifs), bornée à [0, 1] (Rogan et Gladen, 1978 ; Forman, 2008), et, pour les familles, la "
        "même correction sous forme matricielle. Les losanges et la colonne « part brute » donnent les décisions "
        "comptées telles quelles. Les intervalles à 95 % tiennent compte du nombre d'offres et de l'incertitude des "
        "taux d'erreur. <b>Hypothèse</b> : sur vos offres, les modèles se trompent comme sur les offres réelles où "
        "leurs erreurs ont été mesurées (mêmes sources, mêmes métiers) ; une famille utilise les taux de l'ensemble. "
        f"Sous {A.SMALL} offres, un groupe est signalé : son intervalle est large, ne publiez pas sa part seule.</p>"
    )


def build_report(
    results: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    title: str = "Compétences demandées aux cadres de l'industrie",
    sources: list[str] | None = None,
    duplicates: int = 0,
    adjust: bool = True,
    rates=None,
) -> str:
    """The HTML page (a string) for a table of result rows and, optionally, its mentions table. Shares are corrected
    for the models' measured errors when ``adjust`` and the error rates (``rates``: a model folder, or ``None`` for
    the bundled models) allow it; otherwise raw, and the page says so."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    rates, method = _correction(rates) if adjust else (None, "<p><b>Parts non corrigées</b> (demandé).</p>")
    adjusted = rates is not None
    status = results["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    done = A.analysed(results)
    scope = A.in_scope(results)
    parts = [
        f"<h1>{_html.escape(title)}</h1>",
        f'<p class="note">Rapport skillmine {__version__}, {_dt.date.today().isoformat()}'
        + (f" — sources : {_html.escape(', '.join(sources))}" if sources else "")
        + "</p>",
        "<div>"
        + "".join(
            f'<span class="kpi"><b>{v}</b>{k}</span>'
            for k, v in [
                ("offres lues", len(results)),
                ("analysées", len(done)),
                ("cadres production / maintenance", len(scope)),
                ("doublons écartés", duplicates),
            ]
        )
        + "</div>",
    ]
    parts.append("<h2>Offres lues, par statut</h2>")
    parts.append(_table(status.rename("offres").to_frame()))
    if len(scope) == 0:
        parts.append(
            "<p>Aucune offre dans le périmètre (cadres de la production et de la maintenance) : pas de figure.</p>"
        )
    else:
        opts = dict(adjust=adjusted, rates=rates)
        scope_share = A.in_scope_share(results, **opts)
        fam = A.offers_per_family(scope, **opts)
        share = A.category_share(scope, **opts)
        parts += [
            "<h2>Part des offres dans le périmètre</h2>",
            _table(_shares(scope_share, adjusted)),
            "<h2>Offres par famille</h2>",
            _png(P.plot_offers_per_family(fam)),
            _table(_shares(fam, adjusted)),
        ]
        parts += [
            "<h2>Compétences demandées, par famille</h2>",
            _png(P.plot_category_share(share)),
            _table(_shares(share, adjusted)),
        ]
        top = A.top_skills(scope, n=8)
        for cat in CATEGORIES:
            t = top[top["categorie"] == cat]
            parts.append(f"<h2>{CATEGORY_LABELS[cat]} : compétences les plus demandées</h2>")
            if t.empty:
                parts.append("<p>Aucune mention.</p>")
                continue
            parts.append(_png(P.plot_top_skills(top, cat)))
            shown = t.assign(famille=t["famille"].map(FAMILY_LABELS))[["famille", "competence", "offres", "part"]]
            parts.append(_table(shown, pct=["part"], index=False))
        parts += [
            "<h2>Catégories demandées ensemble</h2>",
            _png(P.plot_cooccurrence(A.cooccurrence(scope, normalize=True))),
        ]
        if mentions is not None and len(mentions):
            ids = set(scope["id"].astype(str))
            m = mentions[mentions["offer_id"].astype(str).isin(ids)]
            levels = A.level_split(m)
            parts += [
                "<h2>Exigées, souhaitées ou citées par l'entreprise</h2>",
                _png(P.plot_levels(levels)),
                _table(levels),
            ]
        if "date" in scope.columns and scope["date"].notna().any():
            trend = A.monthly_trend(scope)
            if len(trend) >= 2:
                parts += [
                    "<h2>Évolution mensuelle</h2>",
                    _png(P.plot_trend(trend)),
                    _table(trend, pct=list(CATEGORIES)),
                ]
    parts.append("<h2>Comment ces chiffres sont faits</h2>")
    parts.append(
        "<p>Chaque offre est lue par skillmine : texte normalisé, découpé en sections (entreprise, missions, profil, "
        "avantages), compétences numériques, vertes et de management repérées par des règles sur un lexique et par "
        "un modèle scikit-learn, famille et périmètre prédits par un modèle calibré. Une offre « demande » une "
        "catégorie quand au moins une compétence de cette catégorie est exigée ou souhaitée dans les missions ou le "
        "profil ; celles que cite seulement la présentation de l'entreprise ou les avantages ne comptent pas. Les "
        "parts sont calculées sur les offres du périmètre (cadres de la production et de la maintenance) analysées. "
        "Les offres vides ou illisibles sont comptées dans le tableau des statuts et exclues des figures.</p>" + method
    )
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{_html.escape(title)}</title>'
        f"<style>{_CSS}</style></head><body>\n{body}\n</body></html>\n"
    )
