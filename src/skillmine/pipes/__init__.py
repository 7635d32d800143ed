"""spaCy side: :func:`skillmine.pipes.nlp.build_nlp` (the pipeline of a profile) and the two components,
``skillmine_normalizer`` (folds ``token.norm_``; :mod:`skillmine.pipes.normalizer`) and ``skillmine_skills``
(the lexicon matcher; :mod:`skillmine.pipes.skills`).

Both are declared under the ``spacy_factories`` entry point, so any spaCy pipeline can use them::

    >>> import spacy
    >>> nlp = spacy.blank("fr")
    >>> _ = nlp.add_pipe("skillmine_normalizer")
    >>> _ = nlp.add_pipe("skillmine_skills")
    >>> doc = nlp("Vous pilotez la GMAO et la Gestion De Projets.")
    >>> [(s.text, s.label_, s.id_) for s in doc.spans["skills"]]
    [('GMAO', 'digital', 'gmao'), ('Gestion De Projets', 'management', 'gestion_projet')]

A pipeline saved with ``nlp.to_disk`` keeps the user lexicon of ``skillmine_skills``.
"""
