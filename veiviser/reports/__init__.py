"""Writing reports to Markdown, DOCX, PDF and CSV for cases, audits and courses."""
