"""The web edge: the embeddable widget (`/widget.js`, built from app/web/src) and the demo portal page (`/`)."""
