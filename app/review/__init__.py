"""The guided ML Lens review: state and transitions (models, actions, machine, view, turn), deterministic risk,
answer mapping (mapping; embedding_mapper and llm_mapper behind the AnswerMapper protocol), interview content,
and the service that runs turns against a ReviewStore.

Wiring (composition root), for example in app/services.py:

    interview = load_interview(settings.prompts_dir / "interview", kb.lens)
    mapper = EmbeddingMapper(kb.reference_embedder)
    if llm is not None:
        mapper = LLMAnswerMapper(llm, load_prompt(settings.prompts_dir, "review_map"), fallback=mapper)
    review = ReviewService(kb.lens, interview, mapper, SqlReviewStore(db, kb.lens), ask=qa_side_questions(qa))
"""
