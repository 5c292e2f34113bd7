"""Dense embeddings: the sentence-transformers model and how it is prepared offline."""
