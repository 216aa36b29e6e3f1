"""Words to terms, per language: case folding, one script for Uzbek, stop words, stemming.

English and Russian use the Snowball stemmers (PyStemmer). Uzbek has no
maintained stemmer, so its words are only folded: Cyrillic Uzbek is
transliterated to the Latin alphabet and the apostrophe variants of o‘ and
g‘ are unified, so both spellings of one word make one term.
"""

import re
from collections import Counter
from functools import lru_cache

import Stemmer

WORD = re.compile(r"[^\W\d_](?:[\w'‘’ʻʼ`-]*[^\W_])?")
APOSTROPHES = str.maketrans({"‘": "'", "’": "'", "ʻ": "'", "ʼ": "'", "`": "'"})

# Uzbek Cyrillic to the Latin alphabet of 1995 (apostrophes as ').
UZ_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "x", "ц": "ts", "ч": "ch", "ш": "sh", "ъ": "'", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ў": "o'", "қ": "q", "ғ": "g'", "ҳ": "h",
}  # fmt: skip
UZ_TABLE = str.maketrans(UZ_LATIN)

STOP_WORDS = {
    "en": frozenset(
        """a about above after again against all also am an and any are as at be because been before being
        below between both but by can could did do does doing down during each few for from further had has
        have having he her here hers herself him himself his how i if in into is it its itself just me more
        most my myself no nor not now of off on once only or other our ours ourselves out over own said same
        she should so some such than that the their theirs them themselves then there these they this those
        through to too under until up very was we were what when where which while who whom why will with
        would you your yours yourself yourselves mr mrs ms says say one two new year years last first told
        people may might""".split()
    ),
    "ru": frozenset(
        """а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до
        его ее её если есть еще ещё же за здесь и из или им их к как ко когда кто ли либо мне может мы на
        над надо наш не него нее неё нет ни них но ну о об однако он она они оно от очень по под при с со
        так также такой там те тем то того тоже той только том ты у уже хотя чего чей чем что чтобы чье чья
        эта эти это этого этой этом этот я который которая которое которые которых год года году лет заявил
        заявила сообщил сообщила сообщает отметил отметила словам своей свой свои своих своим является риа
        новости москва""".split()
    ),
    "uz": frozenset(
        """va bilan uchun ham bu u ular biz siz men sen bir bo'lib bo'ladi bo'lgan edi ekan esa yoki lekin ammo
        agar chunki deb dedi degan haqida qadar kabi shu o'sha har hech nima qanday qachon qayerda kim emas
        yo'q bor ko'ra orqali tomonidan yil yilda yilning yili mumkin kerak hamda ya'ni yana endi hozir eng
        juda faqat ba'zi barcha keyin oldin avval so'ng""".split()
    ),
}
STEMMERS = {"en": "english", "ru": "russian"}
FIELD_WEIGHTS = (("title", 3), ("lead", 2), ("body", 1))


@lru_cache(maxsize=3)
def _stemmer(language: str):
    return Stemmer.Stemmer(STEMMERS[language]) if language in STEMMERS else None


@lru_cache(maxsize=200_000)
def term(word: str, language: str) -> str | None:
    """One word's term, or None for stop words and fragments."""
    word = word.casefold().translate(APOSTROPHES)
    if language == "uz":
        word = word.translate(UZ_TABLE)
    word = word.strip("'-")
    if not 2 <= len(word) <= 40 or word in STOP_WORDS.get(language, ()):
        return None
    stemmer = _stemmer(language)
    stem = stemmer.stemWord(word) if stemmer else word.replace("'", "")
    return stem if len(stem) > 1 else None


def terms(text: str, language: str) -> list[str]:
    result = []
    for word in WORD.findall(text or ""):
        found = term(word, language)
        if found:
            result.append(found)
    return result


def weighted_counts(*, title: str, lead: str, body: str, language: str) -> Counter:
    """Term counts with the title counting three times and the lead twice."""
    return analysed(title=title, lead=lead, body=body, language=language)[0]


def analysed(*, title: str, lead: str, body: str, language: str) -> tuple[Counter, list[str]]:
    """(``weighted_counts``, every term of title, lead and body in order), from one pass over the words."""
    counts, sequence = Counter(), []
    for field, weight in FIELD_WEIGHTS:
        found = terms({"title": title, "lead": lead, "body": body}[field], language)
        sequence += found
        for one in found:
            counts[one] += weight
    return counts, sequence
