"""Files in and out: formats, field names, readers (one per format, streaming), the output schema, writers,
resume after a crash, and ``classify_files`` that ties them together."""
