"""The spaCy factory of ``skillmine_skills``: ``nlp.add_pipe("skillmine_skills", config={...})``."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

from spacy.language import Language

from skillmine.lexicon.store import Lexicon
from skillmine.pipes.skills.matcher import SkillMatcher


@Language.factory(
    "skillmine_skills",
    assigns=["doc.spans"],
    requires=["token.norm"],
    default_config={"span_key": "skills", "extra_lexicon": None},
)
def make_skill_matcher(nlp: Language, name: str, span_key: str, extra_lexicon: Optional[List[str]]) -> SkillMatcher:
    """``extra_lexicon`` files are read now; one that does not exist is only an error at the first doc (or on
    saving): ``spacy.load`` makes the component before ``from_disk`` gives it the user entries saved with the
    pipeline, and the files named in its config may be gone by then."""
    paths = [str(p) for p in extra_lexicon or ()]
    found = [p for p in paths if Path(p).is_file()]
    missing = [p for p in paths if p not in found]
    return SkillMatcher(nlp, Lexicon.load(found), span_key=span_key, missing=missing)
