"""What a review found, computed from the review record (app.review): findings drafted per gap from the lens (or by
the LLM, citation-checked), the report and its renderings (Markdown, HTML, JSON), and milestones with their diff.
Imports app.review and app.lens, never app.reviewing (the service above it) or any edge."""
