"""Ad-hoc questions: retrieve, gate on relevance, compose a cited answer (extractively or with a chat model)."""
