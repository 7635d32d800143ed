"""The scikit-learn side: the offer model (function, level, family), the skill model, their features (cues,
TF-IDF, structured fields) and the artefacts they are saved in (skops, trusted types, SHA-256)."""
