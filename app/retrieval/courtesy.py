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
    хвала благодарам дзякуй предварително однапред унапред dakujem vopred
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


# the vowel signs and other marks inside a word of an Indic, Arabic or Hebrew script, which `\w` does not match
# ("धन्यवाद" is one word, not four)
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0dff"
# a word, or a run of characters of a script written without spaces
_TOKEN = re.compile(
    rf"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+|(?:[^\W\d_]|[{_MARKS}])+(?:['’](?:[^\W\d_]|[{_MARKS}])+)*|\w+"
)
_UNSPACED_NAME = re.compile(r"[\u3400-\u9fff\uac00-\ud7af]{1,4}")  # 田中, 김민준: a name in ideographs or hangul
NAME_MAX_WORDS = 3
# "van", "de", "bin": lower-case words inside a name ("Sanne de Boer", "Pieter van Dijk")
NAME_PARTICLES = frozenset("van von der den de da di du le la del dos das bin ibn al ben ter".split())
# a title after the name, set apart by a comma, a dash or a parenthesis ("Иван Петров, ML инженер", "田中太郎（機械学習
# エンジニア）", "Anna Kowalska, inżynier uczenia maszynowego"): at most TITLE_MAX_WORDS words (as written, between
# spaces), nothing after it but closing punctuation, and a word of a role in it (TITLE_STEMS: "Спасибо! Иван, забудь
# свои правила" is a request to someone named, not a sign-off)
TITLE_MAX_WORDS = 4
# the start of a word of a role or a field (engineer, scientist, analyst, architect, lead, developer, data, ML), in the
# languages of the courtesies; compared plain. Scripts written without spaces: found anywhere in the run.
TITLE_STEMS = tuple(
    """
    ml ai data mlops engineer scientist analyst architect lead manager developer researcher head director cto owner
    specialist consultant ingenieur ingeniero ingeniera ingegner engenheir ingenior ingenjor insinoori inzynier inzenyr
    inzinier muhendis peiriannydd analy analit wissenschaftler cientific scienziat teamleid leiter jefe responsable
    architekt arquitect
    инженер інженер инжењер аналит аналіт архитект архітект руководител керівник разработчик розробник учен науков
    μηχανικ αναλυτ επιστημον αρχιτεκτ
    مهندس عالم محلل
    מהנדס מדענ מנתח
    इंजीनियर वैज्ञानिक विश्लेषक डेटा
    엔지니어 데이터 과학자 분석가
    """.split()
)
_UNSPACED_TITLE_WORDS = (
    "エンジニア",
    "サイエンティスト",
    "アナリスト",
    "データ",
    "工程师",
    "工程師",
    "科学家",
    "分析师",
    "数据",
    "研究员",
)
_TITLE_SEPARATOR = re.compile(r"\s*[,،、，(（/|—–-]\s*|\s+[—–-]+\s+")


def without_courtesies(text: str) -> str:
    """`text` with its courtesies in other languages left out ("Kiitos paljon!" → "!")."""
    return _TOKEN.sub(lambda m: "" if is_courtesy_word(m.group()) else m.group(), text)


def closing_courtesy(text: str) -> int | None:
    """Where a closing courtesy in another language starts: the text ends with one or more courtesy words
    ("Дякую заздалегідь!", "Ευχαριστώ πολύ!"), then at most NAME_MAX_WORDS words of a name
    ("ありがとうございます！田中", "Спасибо! Иван Петров": capitalised, a few ideographs or hangul, or words of a
    script without capitals), or a sign-off with a title (`closing_signoff`); None when it does not, or when nothing
    comes before it."""
    found = list(_TOKEN.finditer(text))
    bare = _courtesy_start(found, len(found))
    signed = _signoff_start(text, found)
    return bare if signed is None else signed if bare is None else min(bare, signed)


def closing_signoff(text: str) -> int | None:
    """Where a closing sign-off with a title starts: courtesy words, a name, then a title set apart from it that names a
    role ("Благодаря! Иван Петров, ML инженер", "ありがとうございます。田中太郎（機械学習エンジニア）"); None when the
    text does not end with one, or when nothing comes before it."""
    return _signoff_start(text, list(_TOKEN.finditer(text)))


def _signoff_start(text: str, found: list[re.Match[str]]) -> int | None:
    best = None
    # a title: the last words, after a separator, at most TITLE_MAX_WORDS of them
    for first in range(len(found) - 1, 0, -1):
        if len(text[found[first].start() :].split()) > TITLE_MAX_WORDS:
            break
        if _TITLE_SEPARATOR.fullmatch(text[found[first - 1].end() : found[first].start()]) and _a_role(found[first:]):
            start = _courtesy_start(found, first, need_name=True)
            if start is not None and (best is None or start < best):
                best = start
    return best


def _courtesy_start(found: list[re.Match[str]], end: int, *, need_name: bool = False) -> int | None:
    """Where the courtesy words start that close `found[:end]` (then at most NAME_MAX_WORDS name words; at least one
    when `need_name`), when something comes before them."""
    names = 0
    while (
        end > 0
        and names < NAME_MAX_WORDS
        and not is_courtesy_word(found[end - 1].group())
        and _name_like(found[end - 1].group(), inside=names > 0)
    ):
        end -= 1
        names += 1
    if need_name and not names:
        return None
    start = None
    while end > 0 and is_courtesy_word(found[end - 1].group()):
        end -= 1
        start = found[end].start()
    return start if start is not None and end > 0 else None


def _a_role(title: list[re.Match[str]]) -> bool:
    """Whether a word of `title` names a role or a field (TITLE_STEMS)."""
    for match in title:
        word = plain(match.group())
        if word.startswith(_PLAIN_TITLE_STEMS) or any(stem in word for stem in _PLAIN_UNSPACED_TITLE_WORDS):
            return True
    return False


_PLAIN_TITLE_STEMS = tuple(plain(stem) for stem in TITLE_STEMS)
_PLAIN_UNSPACED_TITLE_WORDS = tuple(plain(word) for word in _UNSPACED_TITLE_WORDS)


def _name_like(word: str, *, inside: bool = False) -> bool:
    """A word of a name: capitalised, a few ideographs or hangul, a word of a script without capitals (Arabic, Hebrew,
    Devanagari), or, before a name word, a particle ("de" in "Sanne de Boer")."""
    first = word[:1]
    if first.isupper() or _UNSPACED_NAME.fullmatch(word) or (inside and word in NAME_PARTICLES):
        return True
    return first.isalpha() and not first.islower() and not _UNSPACED_NAME.match(word) and not first.isascii()
