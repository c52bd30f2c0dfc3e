"""Text handling shared by ingest and question time: tokens, sentences, language, OCR repair."""
