"""Training and evaluation: labelled corpora, offer preparation, model selection by cross-validation, scores,
model cards and the keyword floor. Nothing here runs when offers are read."""
