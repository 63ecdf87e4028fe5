"""Moved to app.lens.interview (the one typed reader of prompts/interview, shared with retrieval). This alias keeps
imports from branches written before the move working; new code imports app.lens.interview."""

from app.lens.interview import (
    Interview,
    PracticeContent,
    QuestionContent,
    default_content,
    load_interview,
    parse_question_content,
)

__all__ = [
    "Interview",
    "PracticeContent",
    "QuestionContent",
    "default_content",
    "load_interview",
    "parse_question_content",
]
