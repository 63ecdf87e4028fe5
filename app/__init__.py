"""ML Lens Assistant: AWS Well-Architected Machine Learning Lens reviews and Q&A, grounded in the lens text."""

__version__ = "0.1.0"
