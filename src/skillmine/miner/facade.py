"""The facade: :func:`load` returns a :class:`SkillMiner` that owns the spaCy pipeline and the models.

Everything else (command line, pandas and Dask helpers, reports) calls it and re-implements nothing.
"""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import numpy as np

from skillmine.constants import CATEGORIES, CATEGORY_LABELS, FAMILIES
from skillmine.estimators.family import decide
from skillmine.estimators.skills import passes_gate
from skillmine.estimators.structured import fields_of
from skillmine.miner.parallel import batches, worker_batch
from skillmine.miner.records import DEFAULT_MAX_CHARS, Offer, guess_title, read_record
from skillmine.result import OfferAnalysis, SkillMention

VOCAB_GROWTH = 50_000
"""How many words the spaCy vocabulary keeps for good from the first offers a miner reads (a few MB). Words
kept are looked up from cache; once the cap is reached every batch runs in ``nlp.memory_zone()``, whose words
are dropped after the batch (memory stays flat on any stream, but each word is rebuilt on every batch).
``len(nlp.vocab)`` also counts the words a memory zone dropped, so the cap errs on the side of memory."""
_MODEL_LABELS = {c: f"Autre compétence ({CATEGORY_LABELS[c].lower()}), trouvée par le modèle" for c in CATEGORIES}


class SkillMiner:
    """Reads French job offers: skills (rules + model), family and in-scope decision.

    Build it with :func:`skillmine.load`. It is cheap to call repeatedly and safe to share between threads that
    do not call it at the same time.
    """

    def __init__(
        self,
        nlp,
        family_model,
        skill_model,
        manifest: Mapping[str, Any],
        profile: str = "default",
        max_chars: int = DEFAULT_MAX_CHARS,
        load_kwargs: Mapping[str, Any] | None = None,
    ) -> None:
        self.nlp = nlp
        self.family_model = family_model
        self.skill_model = skill_model
        self.manifest = dict(manifest)
        self.profile = profile
        self.max_chars = max_chars
        self.decision_threshold = float(self.manifest.get("decision_threshold", 0.5))
        """``function`` is production/maintenance, ``level`` is cadre, when its probability reaches this."""
        self.rule_scores = {c: float(self.manifest.get("rule_precision", {}).get(c, 1.0)) for c in CATEGORIES}
        self._load_kwargs = dict(load_kwargs) if load_kwargs is not None else None
        self.rule_cache: dict[str, list] | None = None
        """When a dict: rule matches by normalised text, reused across calls (training tries many models)."""
        self._vocab_cap = len(nlp.vocab) + VOCAB_GROWTH

    @property
    def lexicon(self):
        return self.nlp.get_pipe("skillmine_skills").lexicon

    def __repr__(self) -> str:
        return f"SkillMiner(profile={self.profile!r}, lexicon={len(self.lexicon)} skills, pipes={self.nlp.pipe_names})"

    # ----------------------------------------------------------------------------------------------------- API
    def analyze(
        self, text: str, title: str | None = None, id: str | None = None, fields: Mapping[str, Any] | None = None
    ) -> OfferAnalysis:
        """Analyse one offer; ``fields`` are its structured fields if it has any (``{"qualification": "Cadre",
        "rome_code": "H2502"}``; see :mod:`skillmine.estimators.structured`): evidence of function and level beside the text.

        >>> a = miner.analyze("Vous encadrez une équipe de 12 techniciens et déployez la GMAO.",
        ...                   title="Responsable maintenance (H/F)")
        >>> a.family, sorted(a.categories)
        ('maintenance_industrielle', ['digital', 'management'])
        """
        return self.analyze_batch([{**(fields or {}), "text": text, "title": title, "id": id}])[0]

    def analyze_many(
        self, records: Iterable[Any], batch_size: int = 64, n_process: int = 1, evidence: int = 8
    ) -> Iterator[OfferAnalysis]:
        """Analyse a stream of offers; yields one result per record, in order, with constant memory.

        ``records`` are strings or mappings with ``text`` (and optional ``title``, ``id`` and structured fields:
        ``qualification``/``qualificationLibelle``, ``naf``/``codeNAF``, ``rome_code``/``romeCode``). ``n_process > 1``
        spreads batches over worker processes, each loading its own miner once. ``evidence`` is how many words
        of family evidence each result keeps (``0`` skips that work: batch rows do not show it).
        """
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        chunks = batches(records, batch_size)
        if n_process == 1:
            for chunk in chunks:
                yield from self.analyze_batch(chunk, evidence)
            return
        if self._load_kwargs is None:
            raise ValueError("n_process > 1 needs a miner made by skillmine.load()")
        from joblib import Parallel, delayed

        run = Parallel(n_jobs=n_process, return_as="generator", backend="loky", pre_dispatch="2*n_jobs")
        for results in run(delayed(worker_batch)(self._load_kwargs, chunk, evidence) for chunk in chunks):
            yield from results

    def analyze_frame(
        self,
        df,
        text_col: str = "text",
        title_col: str | None = "title",
        id_col: str | None = None,
        batch_size: int = 64,
        n_process: int = 1,
    ):
        """Analyse a DataFrame of offers; returns a DataFrame of result rows with the same index. Columns named as
        structured fields (``qualification``, ``naf``, ``rome_code`` and their France Travail names) are read too."""
        import pandas as pd

        if text_col not in df.columns:
            raise KeyError(f"column {text_col!r} not found; columns are {list(df.columns)}")
        titles = df[title_col] if title_col is not None and title_col in df.columns else itertools.repeat(None)
        ids = df[id_col].astype(str) if id_col is not None else df.index.astype(str)
        extra = [c for c in df.columns if fields_of({c: "x"})]  # structured-field columns, if any
        records = (
            {**fields_of(dict(zip(extra, f))), "text": t, "title": (ti if isinstance(ti, str) else None), "id": i}
            for t, ti, i, f in zip(
                df[text_col], titles, ids, zip(*(df[c] for c in extra)) if extra else itertools.repeat(())
            )
        )
        rows = [a.to_row() for a in self.analyze_many(records, batch_size=batch_size, n_process=n_process, evidence=0)]
        return pd.DataFrame(rows, index=df.index)

    # ------------------------------------------------------------------------------------------------ one batch
    def analyze_batch(self, records: list[Any], evidence: int = 8) -> list[OfferAnalysis]:
        """Analyse one batch of records in this process (what :meth:`analyze_many` runs per batch, here or in a
        worker): one spaCy pass over the texts, the skill model over their sentences, the offer models at once."""
        offers = [read_record(r, self.max_chars) for r in records]
        parsed = [o for o in offers if o.parsed]
        rules: dict[int, list[tuple[int, int, str, str]]] = {}
        cache = self.rule_cache
        todo = [o for o in parsed if cache is None or o.norm.text not in cache]
        zone = self.nlp.memory_zone() if len(self.nlp.vocab) >= self._vocab_cap else contextlib.nullcontext()
        with zone:
            for o, doc in zip(todo, self.nlp.pipe((o.norm.text for o in todo), batch_size=len(todo) or 1)):
                rules[id(o)] = [(s.start_char, s.end_char, s.label_, s.id_) for s in doc.spans["skills"]]
                if cache is not None:
                    cache[o.norm.text] = rules[id(o)]
        for o in parsed:
            if id(o) not in rules:
                rules[id(o)] = cache[o.norm.text]
        skills = self._skills(parsed, rules)
        titles = [o.title if o.title is not None else (guess_title(o.norm.text) if o.norm else "") for o in offers]
        bodies = [o.layout.body(o.norm.text) if o.parsed else "" for o in offers]
        texts = [o.norm.text if o.parsed else "" for o in offers]
        p = self.family_model.predict(titles, bodies, texts, [o.fields for o in offers], evidence=evidence)
        is_function, is_cadre = decide(p.joint, self.decision_threshold)
        out = []
        for k, o in enumerate(offers):
            scores = {f: float(x) for f, x in zip(FAMILIES, p.family[k])}
            fs, ls, s = (float(p.function[k]), float(p.level[k]), float(p.in_scope[k])) if o.parsed else (0.0, 0.0, 0.0)
            is_f, is_c = bool(is_function[k]) and o.parsed, bool(is_cadre[k]) and o.parsed
            out.append(
                OfferAnalysis(
                    text=o.norm.text if o.norm is not None else "",
                    family=FAMILIES[int(np.argmax(p.family[k]))],
                    family_scores=scores,
                    in_scope=is_f and is_c,
                    in_scope_score=s,
                    function="production_maintenance" if is_f else "other",
                    function_score=fs,
                    level="cadre" if is_c else "non_cadre",
                    level_score=ls,
                    skills=skills.get(id(o), []),
                    id=o.id,
                    title=o.title,
                    status=o.status,
                    error=o.error,
                    family_evidence=p.evidence[k],
                    offset_map=o.norm.map if o.norm is not None else None,
                )
            )
        return out

    def _skills(self, offers: list[Offer], rules) -> dict[int, list[SkillMention]]:
        lex = self.lexicon
        found: dict[int, list[SkillMention]] = {}
        segs = []
        for o in offers:
            text, lay = o.norm.text, o.layout
            mentions = []
            for start, end, cat, sid in rules[id(o)]:
                seg = lay.at(start)
                mentions.append(
                    SkillMention(
                        text[start:end],
                        start,
                        end,
                        cat,
                        sid,
                        lex[sid].label,
                        "rule",
                        self.rule_scores[cat],
                        seg.section if seg else "other",
                        seg.level if seg else "required",
                    )
                )
            found[id(o)] = mentions
            segs.extend((o, seg) for seg in lay.scored())
        if self.skill_model is None or not segs:
            return found
        probs = self.skill_model.scores([o.norm.text[s.start : s.end] for o, s in segs])
        for (o, seg), p in zip(segs, probs):
            text = o.norm.text
            for c, cat in enumerate(CATEGORIES):
                if p[c] < self.skill_model.thresholds[cat]:
                    continue
                have = found[id(o)]
                if any(m.category == cat and seg.start <= m.start < seg.end for m in have):
                    continue
                span = self.skill_model.locate(text[seg.start : seg.end], cat)
                if span is None:
                    continue
                s, e = seg.start + span[0], seg.start + span[1]
                if not passes_gate(cat, text[s:e]):
                    continue
                have.append(
                    SkillMention(
                        text[s:e],
                        s,
                        e,
                        cat,
                        f"{cat}_autre",
                        _MODEL_LABELS[cat],
                        "model",
                        round(float(p[c]), 4),
                        seg.section,
                        seg.level,
                    )
                )
        for mentions in found.values():
            mentions.sort(key=lambda m: (m.start, m.end))
        return found


def load(
    profile: str = "default",
    model_dir: str | Path | None = None,
    extra_lexicon=None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> SkillMiner:
    """Load the spaCy pipeline of ``profile`` and the trained models; nothing is downloaded.

    Parameters
    ----------
    profile:
        ``"default"`` (morphologizer and lemmatizer help the rules) or ``"fast"`` (no statistical spaCy
        component; several times faster).
    model_dir:
        A folder made by ``skillmine train``; the bundled models by default. Files are checked against the
        manifest's SHA-256 and loaded with ``skops`` and an explicit trusted-types list.
    extra_lexicon:
        Path (or paths) of user lexicon files (JSONL, CSV, YAML) merged with the bundled lexicon.
    max_chars:
        Longer offers are truncated and flagged.
    """
    from skillmine.estimators.artifacts import load_models
    from skillmine.estimators.family import FamilyModel
    from skillmine.estimators.skills import SkillModel
    from skillmine.pipes.nlp import build_nlp

    objects, manifest = load_models(model_dir)
    nlp = build_nlp(profile, extra_lexicon)
    fam, scope = objects["family"], objects["scope"]
    if not (isinstance(fam, dict) and isinstance(scope, dict)):
        raise ValueError(
            "these models come from an older skillmine (no function x level classifier): run `skillmine train` again"
        )
    family = FamilyModel(fam["pipeline"], scope["classifier"], fam["calibrator"], scope["calibrator"])
    skills = SkillModel(objects["skills"], dict(manifest["skill_thresholds"]))
    kwargs = {
        "profile": profile,
        "model_dir": None if model_dir is None else str(model_dir),
        "extra_lexicon": extra_lexicon,
        "max_chars": max_chars,
    }
    return SkillMiner(nlp, family, skills, manifest, profile=profile, max_chars=max_chars, load_kwargs=kwargs)
