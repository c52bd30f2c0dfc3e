"""Turning files into documents: loaders per format, file naming, language detection and repair."""
