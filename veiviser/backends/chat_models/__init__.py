"""Chat model backends behind the LLM answerers: Ollama, OpenAI-compatible servers, and a scripted fake."""
