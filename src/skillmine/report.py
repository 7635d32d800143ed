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

from . import __version__
from . import analysis as A
from . import plots as P
from .constants import CATEGORIES, CATEGORY_LABELS, FAMILY_LABELS, STATUSES

__all__ = ["build_report"]

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


def _table(df: pd.DataFrame, pct: list[str] = (), index: bool = True) -> str:
    df = df.copy()
    for c in pct:
        if c in df.columns:
            df[c] = df[c].map(lambda v: "" if pd.isna(v) else f"{v:.0%}")
    df = df.rename(index=lambda i: FAMILY_LABELS.get(i, i), columns=lambda c: CATEGORY_LABELS.get(c, c))
    html = df.to_html(index=index, border=0, escape=True)
    # numbers (counts, percentages) right-aligned, words left-aligned
    return re.sub(r"<td>(-?[\d.,]+%?)</td>", r'<td class="num">\1</td>', html)


def build_report(results: pd.DataFrame, mentions: pd.DataFrame | None = None, title: str = "Compétences demandées aux cadres de l'industrie",
                 sources: list[str] | None = None, duplicates: int = 0) -> str:
    """The HTML page (a string) for a table of result rows and, optionally, its mentions table."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    status = results["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    done = A.analysed(results)
    scope = A.in_scope(results)
    parts = [f"<h1>{_html.escape(title)}</h1>",
             f'<p class="note">Rapport skillmine {__version__}, {_dt.date.today().isoformat()}'
             + (f" — sources : {_html.escape(', '.join(sources))}" if sources else "") + "</p>",
             '<div>' + "".join(f'<span class="kpi"><b>{v}</b>{k}</span>' for k, v in [
                 ("offres lues", len(results)), ("analysées", len(done)),
                 ("cadres production / maintenance", len(scope)), ("doublons écartés", duplicates)]) + "</div>"]
    parts.append("<h2>Offres lues, par statut</h2>")
    parts.append(_table(status.rename("offres").to_frame()))
    if len(scope) == 0:
        parts.append("<p>Aucune offre dans le périmètre (cadres de la production et de la maintenance) : pas de figure.</p>")
    else:
        fam = A.offers_per_family(scope)
        share = A.category_share(scope)
        parts += ["<h2>Offres par famille</h2>", _png(P.plot_offers_per_family(fam)), _table(fam, pct=["part"])]
        parts += ["<h2>Compétences demandées, par famille</h2>", _png(P.plot_category_share(share)),
                  _table(share, pct=list(CATEGORIES))]
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
        parts += ["<h2>Catégories demandées ensemble</h2>", _png(P.plot_cooccurrence(A.cooccurrence(scope, normalize=True)))]
        if mentions is not None and len(mentions):
            ids = set(scope["id"].astype(str))
            m = mentions[mentions["offer_id"].astype(str).isin(ids)]
            levels = A.level_split(m)
            parts += ["<h2>Exigées, souhaitées ou citées par l'entreprise</h2>", _png(P.plot_levels(levels)), _table(levels)]
        if "date" in scope.columns and scope["date"].notna().any():
            trend = A.monthly_trend(scope)
            if len(trend) >= 2:
                parts += ["<h2>Évolution mensuelle</h2>", _png(P.plot_trend(trend)), _table(trend, pct=list(CATEGORIES))]
    parts.append("<h2>Comment ces chiffres sont faits</h2>")
    parts.append(
        "<p>Chaque offre est lue par skillmine : texte normalisé, découpé en sections (entreprise, missions, profil, "
        "avantages), compétences numériques, vertes et de management repérées par des règles sur un lexique et par "
        "un modèle scikit-learn, famille et périmètre prédits par un modèle calibré. Une offre « demande » une "
        "catégorie quand au moins une compétence de cette catégorie est exigée ou souhaitée dans les missions ou le "
        "profil ; celles que cite seulement la présentation de l'entreprise ou les avantages ne comptent pas. Les "
        "parts sont calculées sur les offres du périmètre (cadres de la production et de la maintenance) analysées. "
        "Les offres vides ou illisibles sont comptées dans le tableau des statuts et exclues des figures.</p>"
        '<p class="note">Les modèles sont entraînés sur un corpus écrit pour le projet ; leurs scores sur des offres '
        "réelles sont dans les fiches des modèles (models/*.md). Les erreurs d'un modèle se retrouvent dans ces "
        "figures : lisez les écarts de quelques points avec prudence.</p>"
    )
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{_html.escape(title)}</title>'
            f"<style>{_CSS}</style></head><body>\n{body}\n</body></html>\n")
