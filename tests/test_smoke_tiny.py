from app.knowledge import KnowledgeBase


def test_tiny_kb_searches(tiny_kb: KnowledgeBase) -> None:
    result = tiny_kb.retriever.search("least privilege access to training data", k=3)
    assert result.hits and result.hits[0].bp_id.startswith("MLSEC03")
