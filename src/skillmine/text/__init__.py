"""Text before spaCy: normalisation with offsets back to the input, folding, language, sections of an offer."""
