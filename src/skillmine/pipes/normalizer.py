"""The ``skillmine_normalizer`` component: sets each token's norm to its folded form (or folded lemma for
conjugated verbs in the default profile), the key every lexicon pattern is compared on."""

from __future__ import annotations

from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc

from skillmine.text.fold import fold


class SkillNormalizer:
    """Writes :func:`skillmine.text.fold.fold` of each token into ``token.norm_``; never touches the text.

    With ``use_lemmas`` and a lemmatizer earlier in the pipeline, finite verbs with a conjugation ending are folded
    from their lemma ("encadrez" -> "encadrer", "managerez" -> "manager"), so that infinitive patterns find
    conjugated forms. Participles keep their form ("réalité augmentée"), and so do words the tagger wrongly calls
    verbs when they do not look conjugated ("Management" at the start of a line).

    With ``lexeme_norms`` (for pipelines without statistical components: the ``fast`` profile), the fold is
    written once per vocabulary entry instead of once per token: ``vocab.lex_attr_getters[NORM]`` becomes
    :func:`~skillmine.text.fold.fold`, and the component has nothing left to do per doc. Do not set it in a pipeline
    whose models read ``NORM`` (``tok2vec`` does): they would see other norms than those they were trained on.
    """

    def __init__(self, vocab=None, use_lemmas: bool = False, lexeme_norms: bool = False) -> None:
        if lexeme_norms and use_lemmas:
            raise ValueError("lexeme_norms folds words without context: it cannot use lemmas")
        self.use_lemmas = use_lemmas
        self.lexeme_norms = lexeme_norms
        if lexeme_norms:
            vocab.lex_attr_getters[NORM] = fold
            for lex in vocab:
                lex.norm_ = fold(lex.orth_)

    def __call__(self, doc: Doc) -> Doc:
        if self.lexeme_norms:
            return doc
        lemmas = self.use_lemmas and doc.has_annotation("LEMMA") and doc.has_annotation("POS")
        for tok in doc:
            norm = fold(tok.text)
            if (
                lemmas
                and tok.pos_ == "VERB"
                and tok.lemma_
                and norm.endswith(_CONJUGATED)
                and "Fin" in tok.morph.get("VerbForm")
            ):
                norm = fold(tok.lemma_)
            tok.norm_ = norm
        return doc


_CONJUGATED = ("ez", "ons", "era", "erai", "eras", "eront", "erez", "erons")


@Language.factory(
    "skillmine_normalizer",
    assigns=["token.norm"],
    default_config={"use_lemmas": False, "lexeme_norms": False},
)
def make_normalizer(nlp: Language, name: str, use_lemmas: bool, lexeme_norms: bool) -> SkillNormalizer:
    return SkillNormalizer(nlp.vocab, use_lemmas=use_lemmas, lexeme_norms=lexeme_norms)
