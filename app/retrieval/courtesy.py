"""Courtesies and sign-offs in other languages: the words a practitioner closes a question with ("Kiitos paljon!",
"Дякую!", "Met vriendelijke groet, Jan de Vries"), which ask for nothing (docs/scope-gate.md, "Courtesies in other
languages, overrides the tokenizer partly reads").

English courtesies are `COURTESY_WORDS` in app/retrieval/scope.py (stemmed, as the gate's tokens are); the words here
are compared plain: lower case, accents stripped (as app/retrieval/unreadable.py compares words), in any script.
"""

from __future__ import annotations

import re
import unicodedata

# thanks, please, (kind) regards, greetings, in advance, very much, for the help, have a nice day, best wishes: in the
# languages of the unseen sets and their neighbours (no word that asks for anything)
FOREIGN_COURTESY_WORDS = frozenset(
    """
    merci beaucoup avance d'avance bonne journee soiree cordialement salutations
    danke vielen dank voraus herzlichen gruss grusse gruessen freundlichen besten
    gracias muchas saludos antemano cordiales
    grazie mille saluti cordiali buona giornata
    obrigado obrigada muito abracos cumprimentos
    bedankt alvast hartelijk groet groeten vriendelijke fijne dag
    dankie baie groete vriendelike
    et på
    tak tack takk mange manga tusen förhand forhånd hjælpen hjalpen hjelpen hilsen venlig venlige vennlig vennlige
    vanliga halsningar mvh
    kiitos paljon etukateen terveisin ystavallisin
    dekuji predem dziekuje gory pozdrawiam serdecznie
    koszonom elore udvozlettel
    multumesc anticipat frumos
    terima kasih banyak atas bantuan bantuannya salam hormat salamat
    asante sana msaada
    tesekkurler tesekkur ederim simdiden
    diolch fawr galon cofion
    cam nhieu
    aitah tanan
    hvala lijepa puno
    дякую спасибо благодаря благодарю большое заздалегідь заранее заранее уважением щиро дуже
    ευχαριστώ ευχαριστω πολύ πολυ σας εκ των προτέρων προτερων εκτίμηση εκτιμηση φιλικά φιλικα
    תודה רבה
    شكرا جزيلا
    धन्यवाद
    감사합니다 고맙습니다
    """.split()
)
# scripts written without spaces: a courtesy is a run of characters, not a word
_UNSPACED_COURTESIES = (
    "ありがとうございます",
    "ありがとう",
    "よろしくお願いします",
    "お願いします",
    "谢谢",
    "謝謝",
    "感谢",
    "ขอบคุณ",
)


def plain(word: str) -> str:
    """`word` in lower case with its accents stripped (as the uncased MiniLM tokenizer reads it)."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


_PLAIN_COURTESIES = frozenset(plain(word) for word in FOREIGN_COURTESY_WORDS)
_PLAIN_UNSPACED = tuple(plain(courtesy) for courtesy in _UNSPACED_COURTESIES)


def is_courtesy_word(word: str) -> bool:
    """Whether `word` is a courtesy in another language ("kiitos", "Дякую", "ありがとうございます")."""
    p = plain(word).replace("’", "'")
    return p in _PLAIN_COURTESIES or (p.startswith("d'") and p[2:] in _PLAIN_COURTESIES) or _unspaced_courtesy(p)


def _unspaced_courtesy(word: str) -> bool:
    return any(word.startswith(courtesy) for courtesy in _PLAIN_UNSPACED)


# a word, or a run of characters of a script written without spaces
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+|[^\W\d_]+(?:['’][^\W\d_]+)*|\w+")
_UNSPACED_NAME = re.compile(r"[\u3400-\u9fff\uac00-\ud7af]{1,4}")  # 田中, 김민준: a name in ideographs or hangul
NAME_MAX_WORDS = 3


def without_courtesies(text: str) -> str:
    """`text` with its courtesies in other languages left out ("Kiitos paljon!" → "!")."""
    return _TOKEN.sub(lambda m: "" if is_courtesy_word(m.group()) else m.group(), text)


def closing_courtesy(text: str) -> int | None:
    """Where a closing courtesy in another language starts: the text ends with one or more courtesy words
    ("Дякую заздалегідь!", "Ευχαριστώ πολύ!") and then at most NAME_MAX_WORDS words of a name
    ("ありがとうございます！田中", "Спасибо! Иван Петров": capitalised, or a few ideographs or hangul); None
    when it does not, or when nothing comes before it."""
    found = list(_TOKEN.finditer(text))
    names = 0
    while (
        found and names < NAME_MAX_WORDS and not is_courtesy_word(found[-1].group()) and _name_like(found[-1].group())
    ):
        found.pop()
        names += 1
    start = None
    while found and is_courtesy_word(found[-1].group()):
        start = found.pop().start()
    return start if start is not None and found else None


def _name_like(word: str) -> bool:
    return word[:1].isupper() or bool(_UNSPACED_NAME.fullmatch(word))
