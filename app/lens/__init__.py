"""The ML Lens as typed data: models, parser, loader and ID resolution."""
