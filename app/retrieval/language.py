"""Whether a message is written in a language other than English (docs/scope-gate.md, "Session 29 (lang29)").

The lens, its index, thebedder and the answer mapper read English only: a German lens question was refused as "not
about the lens", an Italian one as an override attempt, and a German review answer saying the team has no CI/CD
pipeline was proposed as implemented. A message in another language gets a reply asking for English instead
(app/qa/service.py, app/reviewing/service.py), before the scope gate, the mapper or any model reads it.

The rule reads the asker's own words: quoted material (an error message, a customer's words, code in backticks or a
fence), links, lens IDs, identifiers and a closing sign-off with a name are set aside. Each remaining sentence is read
as another language when half its words or more are of another script (Cyrillic, Greek, Arabic, Hebrew, Devanagari,
…; in a script written without spaces every CHARACTERS_PER_WORD characters count as one word), or when it has
MIN_FUNCTION_WORDS words of `FOREIGN_FUNCTION_WORDS` (the pronouns, articles, prepositions, conjunctions and question
words of 27 languages that are no English words) and English function words (app/retrieval/lexical.py `STOP_WORDS`)
fewer than one in ENGLISH_SHARE of its words. The message is in another language when those sentences hold at least
MIN_WORDS words and more words than the rest of it: an English question closed by "Danke im Voraus!" or opened by
"Perdón por mi inglés:" is English; a German question with "data drift", "SageMaker" and "Endpoint" in it is not.

Pure: word lists and regular expressions (no model, no file), so every service can call it.
"""

from __future__ import annotations

import re

from app.lens.ids import BP_ID
from app.retrieval.courtesy import closing_signoff
from app.retrieval.lexical import STOP_WORDS
from app.retrieval.quoted import QUOTED_SPAN

MIN_WORDS = 4
MIN_FUNCTION_WORDS = 2
ENGLISH_SHARE = 5
CHARACTERS_PER_WORD = 3

# Function words of other languages that are not English words (nor common in English technical text: no "die", "man",
# "was", "also", "see", "so", "den", "hat", "me", "de", "la"), compared in lower case with their accents.
FOREIGN_FUNCTION_WORDS = frozenset(
    """
    le les des du une est sont que qui avec dans sur nos vos votre notre ces cette quelles quel quelle quels pourquoi
    où mais très aux au nous vous ils elles leur leurs comment faut-il peut-on doit-on être avons sommes pas aucune
    aucun et ton ta tes mon oui chaque un ou
    el los las una unos unas cómo qué cuál cuáles están nuestro nuestros nuestra nuestras pero muy también por para
    podemos hacemos tenemos sí del cuando y lo ahora eres sobre todo todos tu te se es mi quién quiénes dónde cuándo
    debería deberíamos debemos
    der das und ist sind nicht ich wir wie mit für auf ein eine einen zu welche welcher unser unsere unseren sollte
    sollten können kann muss müssen dem des bei beim nach vom zum zur oder aber sich wird werden haben keine kein
    woran dass uns unserem unserer unseres einem einer du dich dir mich mir deine dein deinen jetzt bitte stattdessen
    alle alles über nein
    uma não são nossa nosso nossos nossas como devemos ele ela depois ainda nenhum nenhuma em com pra você seu sua
    isso isto já vocês
    il gli della delle dei degli sono nostro nostra nostri anche possiamo nessuno già di che con questo questa alla
    nella sei
    het een voor niet zijn onze hoe ervoor moeten gebruiken geen wordt wat welke wij ons bij naar je jij jou dit maar
    ook nee welk waarom waar wanneer hebben kunnen zou zouden worden ze zich uit deze
    jak nie się dla czy są oraz w z gdy żeby mamy jeszcze żadnego ani powinniśmy wszystkie wszystko tylko jako mnie
    kto co gdzie kiedy dlaczego nasz nasza nasze naszym naszej naszych powinien powinna
    sut ddylen ydym dy gyda hefyd mae ein nid yn yr ac chi nhw beth pam pryd sydd oes hyn hwn hon â
    hur och inte vår våra ska bör vad att det som för dina jag är ett
    og ikke jeg hvordan til af på vi vores hvad har ingen inga ännu når nej nei hvor
    kaikki mitä miten ja ei kuka meidän minulle sinun pitäisi
    és az hogy nem egy
    și pentru să cum despre sunt este fiecare
    nasıl bir ve için bu ile gibi daha çok
    jsou jsme není všechna všechny že na svá své svůj ako sme kako kad da bez
    kita kami yang untuk dengan tidak bagaimana dan semua aku saya tentang ini itu
    hum apne kaise kya hain sakte karna hai ka ki ke mein nahi
    ang ng mga sa ko mo ako paano namin kung aming
    kwa
    """.split()
)
# English function words that are function words of other languages too ("a", "i", "in", "do", "no", "an", "am",
# "me", "so", "per"): they are not counted as English ("Como devemos monitorar a degradação do desempenho")
SHARED_FUNCTION_WORDS = frozenset("a i in do no an am me so per on we of".split())
ENGLISH_FUNCTION_WORDS = STOP_WORDS - SHARED_FUNCTION_WORDS
# French imperatives with a pronoun ("donne-moi", "dis-nous") and Welsh words with an elided article ("anghofia'r")
_FOREIGN_FORM = re.compile(r"\w+-(?:moi|toi|nous|vous|lui|leur)|\w+['’]r")
# letters no English word has: a sentence of at least MIN_ACCENTED such words, half its words or more, is another
# language's ("Modelimizin kararlarını iş birimine nasıl açıklayabiliriz?"), a name or two in English is not
_ACCENTED = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")
MIN_ACCENTED = 3

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+(?:['’-][A-Za-z\u00c0-\u024f\u1e00-\u1eff]+)*")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_UNSPACED = re.compile(  # Thai, Lao, Myanmar, Khmer, kana, CJK ideographs, Hangul is spaced
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)
_OTHER_SCRIPT = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_SENTENCE_END = re.compile(r"[.?!;:。？！：\n]+(?:\s|$)|[。？！]|\s[—–-]+\s")
_SET_ASIDE = re.compile(
    r"```.*?(?:```|\Z)"  # a fenced block
    r"|https?://\S+|\S+@\S+\.\w+"  # a link, an e-mail address
    rf"|\b(?:{BP_ID}|[A-Z]{{2,}}\d*)\b"  # a lens ID, an acronym
    r"|\S*[\d_/=<>{}\[\]()]\S*",  # an identifier, a number, a path, code
    re.DOTALL,
)


def _words(sentence: str) -> int:
    """How many words `sentence` has (a script written without spaces: one per CHARACTERS_PER_WORD characters)."""
    count = 0
    for word in _WORD.findall(sentence):
        unspaced = len(_UNSPACED.findall(word))
        count += max(1, unspaced // CHARACTERS_PER_WORD) if unspaced else 1
    return count


def _english(sentence: str) -> bool:
    """Whether `sentence` reads as English: it has English function words, at least one in ENGLISH_SHARE of its
    words."""
    english = sum(word.lower() in ENGLISH_FUNCTION_WORDS for word in _LATIN_WORD.findall(sentence))
    return english > 0 and english * ENGLISH_SHARE >= _words(sentence)


def _foreign(sentences: list[str]) -> bool:
    """Whether `sentences` (those of a message that do not read as English) read as another language."""
    total = sum(_words(sentence) for sentence in sentences)
    words = [word for sentence in sentences for word in _WORD.findall(sentence)]
    if 2 * sum(_words(word) for word in words if _OTHER_SCRIPT.search(word)) >= total:
        return True
    latin = [_LATIN_WORD.findall(sentence) for sentence in sentences]
    if sum(word.lower() in ENGLISH_FUNCTION_WORDS for words in latin for word in words) * ENGLISH_SHARE >= total:
        return False
    # a capitalised word inside a sentence is a name ("Dan", "Ana María"), not a function word
    own = [word for words in latin for index, word in enumerate(words) if index == 0 or not word[:1].isupper()]
    foreign = sum(word.lower() in FOREIGN_FUNCTION_WORDS or bool(_FOREIGN_FORM.fullmatch(word)) for word in own)
    accented = sum(bool(_ACCENTED.search(word)) for word in own)
    return foreign >= MIN_FUNCTION_WORDS or (accented >= MIN_ACCENTED and 2 * accented >= sum(map(len, latin)))


def in_another_language(text: str) -> bool:
    """Whether the asker's own words in `text` are written in a language other than English (the module's rule)."""
    own = QUOTED_SPAN.sub(" ", text)
    signed = closing_signoff(own)
    if signed is not None:
        own = own[:signed]
    own = _SET_ASIDE.sub(" ", own)
    english = 0
    rest: list[str] = []
    for sentence in _SENTENCE_END.split(own):
        if _english(sentence):
            english += _words(sentence)
        elif _WORD.search(sentence):
            rest.append(sentence)
    words = sum(_words(sentence) for sentence in rest)
    return words >= MIN_WORDS and words > english and _foreign(rest)
