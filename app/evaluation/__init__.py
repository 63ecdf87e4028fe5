"""Evaluation runners: read eval/*.jsonl, compute metrics, compare with a committed baseline."""
