"""The skill lexicon: entries and their validation (``schema``), files and the bundled lexicon (``store``),
imports from ESCO and ROME (``taxonomy``), the ROME-to-family crosswalk (``rome``)."""
