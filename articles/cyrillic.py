"""Uzbek from the Latin script (the official one, in which editors write) into the Cyrillic one.

The letters follow the 1995 alphabet: o‘ → ў and g‘ → ғ whatever apostrophe an editor typed
(‘ ’ ' ʻ ʼ `), sh → ш, ch → ч, yo/yu/ya/ye → ё/ю/я/е, e at the start of a word or after a, o, u, e, o‘ → э, q → қ,
h → ҳ, x → х, j → ж, y → й, and an apostrophe after any other letter, or a second one after
o‘ or g‘, is the tutuq belgisi → ъ. Capitals follow the word: "Shahar" → "Шаҳар", "SHAHAR" →
"ШАҲАР". Digits, and words with a letter that is not Uzbek Latin (c, w, or a Cyrillic one),
are left as they are.

What the rules cannot know comes from a dictionary (``Exceptions``): Russian loanwords and months
("oktabr" → "октябрь", "sentr" → "центр", "aktyor" → "актёр"), names, and Latin brand names kept
as they are ("iPhone"). An entry also serves the word's inflected forms: "oktabrda" → "октябрда"
(a final ь of the entry is dropped before a suffix). Editors keep their own entries in the admin
(``CyrillicException``); ``BUILT_IN`` holds the months and common loanwords.

HTML: only text is transliterated, never tags, attributes, entities or addresses.
"""

import codecs
import re
from collections.abc import Mapping
from functools import lru_cache

APOSTROPHES = "‘’'ʻʼ`"
_APOSTROPHE = f"[{APOSTROPHES}]"

LETTERS = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и", "j": "ж", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т", "u": "у",
    "v": "в", "x": "х", "y": "й", "z": "з",
}  # fmt: skip
DIGRAPHS = {"sh": "ш", "ch": "ч", "yo": "ё", "yu": "ю", "ya": "я", "ye": "е"}

# Months and common loanwords the letter rules would spell as they are pronounced in Uzbek Latin.
BUILT_IN = {
    "yanvar": "январь", "fevral": "февраль", "mart": "март", "aprel": "апрель", "may": "май",
    "iyun": "июнь", "iyul": "июль", "avgust": "август", "sentabr": "сентябрь", "oktabr": "октябрь",
    "noyabr": "ноябрь", "dekabr": "декабрь",
    "sentr": "центр", "konsert": "концерт", "sirk": "цирк", "aktyor": "актёр", "kompyuter": "компьютер",
    "sement": "цемент", "politsiya": "полиция", "stansiya": "станция", "aviatsiya": "авиация",
    "federatsiya": "федерация", "respublika": "республика", "festival": "фестиваль", "model": "модель",
    "portfel": "портфель", "shampun": "шампунь", "avtomobil": "автомобиль", "mebel": "мебель",
    "poeziya": "поэзия", "poet": "поэт", "dizel": "дизель",
    # Brands the rules would spell out, kept in Latin (an Uzbek suffix after them is converted).
    "google": "Google", "apple": "Apple", "iphone": "iPhone", "uzcard": "Uzcard", "humo": "Humo",
}  # fmt: skip

# A word: Latin letters and the apostrophes inside or after it (o‘zbek, ma'no, G‘afur).
# Hyphenated words are one ("Wi-Fi" stays as written; "ilmiy-amaliy" is converted part by part).
_PART = f"[A-Za-z][A-Za-z{APOSTROPHES}]*"  # a letter, then letters and apostrophes
WORD = re.compile(rf"{_PART}(?:-{_PART})*")
# What is never text to transliterate: tags; in text, entities, addresses, e-mail addresses.
_KEPT = re.compile(
    r"(<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);|\b(?:https?://|www\.)[^\s<]+|(?<![\w.+-])[\w.+-]++@[\w-]+\.[\w.]+)"
)
_TAG = re.compile(r"(<[^>]*>)")
_NOT_UZBEK = re.compile(r"[cC](?![hH])|[wW]")  # c only in ch
_E_AFTER_VOWEL = [(vowel + "e", vowel + "э") for vowel in "aouў"] + [("ee", "eэ")]
_CAPITAL_DIGRAPH = re.compile(r"[SC]h(?=[A-Z]|$)")
_FOREIGN_SUFFIX = re.compile(rf"(.+?{_APOSTROPHE})([a-z]{{2,}})")
# "yo‘l" is й + ў + л: y starts no digraph before o‘.
# o‘, g‘, and s'h ("Is'hoq" is с + ҳ: the apostrophe only keeps s and h apart); any other apostrophe
# is the tutuq belgisi.
_HAS_APOSTROPHE = re.compile(_APOSTROPHE)
_APOSTROPHE_PAIRS = re.compile(rf"[og]{_APOSTROPHE}|s{_APOSTROPHE}h")
_PAIR_LETTERS = {"o": "ў", "g": "ғ", "s": "сҳ"}
_TUTUQ = str.maketrans(dict.fromkeys(APOSTROPHES, "ъ"))
_SINGLE = str.maketrans(LETTERS)
_TO_TURNED_COMMA = str.maketrans(dict.fromkeys(APOSTROPHES, "‘"))


def to_cyrillic(text: str, exceptions: Mapping[str, str] | None = None) -> str:
    """``text`` (plain text) in Cyrillic; ``exceptions`` {latin: cyrillic} as well as ``BUILT_IN``."""
    if not text:
        return text
    return _dictionary(_entries(exceptions)).convert_text(text)


def html_to_cyrillic(html: str, exceptions: Mapping[str, str] | None = None) -> str:
    """Sanitised HTML in Cyrillic: its text only (tags, attributes, entities, addresses untouched)."""
    if not html:
        return html
    dictionary = _dictionary(_entries(exceptions))
    parts = _kept_split(html)  # [text, kept, text, kept, ..., text]
    texts = parts[0::2]
    if "\x00" in html:
        parts[0::2] = [dictionary.convert_text(text) for text in texts]
    else:  # all the text at once, each piece ended by a character no word holds
        parts[0::2] = dictionary.convert_text("\x00".join(texts)).split("\x00")
    return "".join(parts)


def _kept_split(html: str) -> list[str]:
    """``_KEPT.split(html)``, in a third of its time: split at tags first (no other kept piece holds
    a "<", so each tag is found at its "<" either way), then only text that may hold an entity, an
    address or an e-mail address goes through the whole pattern. Each such text is replaced by its
    own [text, kept, ..., text], so texts and kept pieces still alternate."""
    parts = _TAG.split(html)
    for index in range(len(parts) - 1, -1, -2):  # the texts, from the last, so indexes hold
        text = parts[index]
        if "&" in text or "@" in text or "://" in text or "www." in text:
            parts[index : index + 1] = _KEPT.split(text)
    return parts


def _entries(exceptions: Mapping[str, str] | None) -> tuple:
    return tuple(sorted((exceptions or {}).items()))


def _normal(word: str) -> str:
    """One spelling of a word for the dictionary: lower case, every apostrophe as ‘."""
    return word.lower().translate(_TO_TURNED_COMMA)


class _Dictionary:
    """``BUILT_IN`` with an editor's entries, and the words already converted with it (news repeats
    its words).

    A text is split into its words once; the words not converted before go by kind: most need only
    the letter rules, which are the same for every word, so they are converted together in a few
    passes of string methods over all of them (``_by_letters``); the others one by one
    (``_convert``): words starting like a dictionary entry, with c (not in ch) or w, hyphenated, or
    in mixed case.
    """

    MEMORY = 100_000

    def __init__(self, extra: tuple):
        self.table = dict(BUILT_IN)
        self.table.update((_normal(latin), cyrillic) for latin, cyrillic in extra)
        # The first three letters of every entry: most words start like none and skip the stem search.
        self.stems = {key[:3] for key in self.table}
        self.apostrophe_stems = any("‘" in stem for stem in self.stems)
        self.converted: dict[str, str] = {}

    def convert_text(self, text: str) -> str:
        """Plain text in Cyrillic (its words from memory, the new ones converted and remembered)."""
        parts = _SPLIT.split(text)  # [between, word, between, word, ..., between]
        if len(parts) == 1:
            return text
        words = parts[1::2]
        memory = self.converted
        if len(memory) > self.MEMORY:
            memory.clear()
        new = list(set(words).difference(memory))
        if new:
            lines = "\n".join(new)
            special = self._special(new, lines)
            if special:
                for word in special:
                    memory[word] = _convert(word, self.table, self.stems)
                special = set(special)
                new = [word for word in new if word not in special]
                lines = "\n".join(new)
            if new:
                memory.update(zip(new, _by_letters(lines).split("\n"), strict=True))
        parts[1::2] = map(memory.__getitem__, words)
        return "".join(parts)

    def _special(self, words: list[str], lines: str) -> list[str]:
        """The words that need more than the letter rules (``_convert``): starting like a dictionary
        entry, hyphenated, with w or with c not in ch, or in mixed case ("iPhone", or an abbreviation
        with a digraph: "ShG‘"). One comprehension, no call a word: it was a fifth of the time."""
        lower = lines.lower()
        if self.apostrophe_stems:
            lower = lower.translate(_TO_TURNED_COMMA)
        stems = self.stems
        return [
            word
            for word, low in zip(words, lower.split("\n"), strict=True)
            if low[:3] in stems
            or "-" in low
            or "w" in low
            or ("c" in low and _NOT_UZBEK.search(low))
            or not (word.islower() or word.isupper() or word[1:].islower())
        ]


@lru_cache(maxsize=64)
def _dictionary(extra: tuple) -> _Dictionary:
    return _Dictionary(extra)


def _convert(word: str, table: dict[str, str], stems: set[str]) -> str:
    if "-" in word:
        parts = word.split("-")
        if _NOT_UZBEK.search(word) or any(_mixed_case(part) for part in parts):
            return word  # a foreign name or brand ("Coca-Cola", "Wi-Fi"): as written
        return "-".join(_convert(part, table, stems) for part in parts)
    lower = word.lower()
    if (("c" in lower or "w" in lower) and _NOT_UZBEK.search(word)) or (lower != word and _mixed_case(word)):
        # A foreign name or brand ("McDonald", "iPhone") as written; an Uzbek suffix after an
        # apostrophe is Uzbek ("Google’da" → "Google’да", but "McDonald’s" stays).
        suffixed = _FOREIGN_SUFFIX.fullmatch(word)
        if suffixed and not _NOT_UZBEK.search(suffixed.group(2)):
            return suffixed.group(1) + _letters(suffixed.group(2))
        return word
    normal = lower if lower.isascii() and lower.isalpha() else lower.translate(_TO_TURNED_COMMA)  # as _normal()
    entry = table.get(normal)
    if entry is not None:
        return _case_like(word, entry)
    for length in range(len(normal) - 1, 2, -1) if normal[:3] in stems else ():  # the longest entry it starts with
        entry = table.get(normal[:length])
        if entry is None:
            continue
        tail = word[length:]
        if entry == word[:length]:  # a brand kept as written, with an Uzbek suffix ("Google’da")
            apostrophe = tail[0] if tail[:1] in APOSTROPHES else ""
            return entry + apostrophe + _letters(tail[len(apostrophe) :].lower())
        rest = _letters(tail.lower())
        stem = entry[:-1] if entry.endswith("ь") else entry
        return _case_like(word[:length], stem) + (rest.upper() if word.isupper() else rest)
    cyrillic = _letters(lower, at_start=True)
    return cyrillic if lower == word else _case_like(word, cyrillic)


# The letter rules over many words at once, one a line (``_by_letters``), as ``_letters`` applies them
# to each, in the case of each. Plain words hold only ASCII letters and apostrophes, so with every
# apostrophe written as ' the whole text is ASCII, and the rules keep it so: each Cyrillic letter
# that a rule of more than one letter makes is written as an ASCII character no word holds (a
# digit or a sign), until one decoding table turns letters and those characters into Cyrillic at
# C speed (str.translate into Cyrillic looks each character up in a dict: a quarter of the time).
_SPLIT = re.compile(f"({WORD.pattern})")
_HOLD = dict(zip("ўЎғҒҳҲъЪэЭшШчЧёЁюЮяЯеЕ", "0123456789!#$%&()*+,./", strict=True))
_BY_APOSTROPHE = [(apostrophe, "'") for apostrophe in APOSTROPHES if apostrophe != "'"]
_BY_PAIRS = [
    ("o'", _HOLD["ў"]), ("O'", _HOLD["Ў"]), ("g'", _HOLD["ғ"]), ("G'", _HOLD["Ғ"]),
    ("s'h", "s" + _HOLD["ҳ"]), ("S'h", "S" + _HOLD["ҳ"]), ("S'H", "S" + _HOLD["Ҳ"]),
]  # fmt: skip
_BY_TUTUQ = re.compile("'+")
# A held letter in the case it holds, for the tutuq belgisi's test of a word in capitals.
_HELD_CASE = str.maketrans({held: "A" if letter.isupper() else "a" for letter, held in _HOLD.items()})
_BY_E_AFTER_VOWEL = re.compile(f"[aoueAOUE{_HOLD['ў']}{_HOLD['Ў']}][eE]")
_BY_DIGRAPHS = [
    (variant, _HOLD[cyrillic if variant.islower() else cyrillic.upper()])
    for latin, cyrillic in DIGRAPHS.items()
    for variant in (latin, latin.capitalize(), latin.upper())
]
_BY_TABLE = "".join(
    LETTERS.get(char.lower(), char).upper() if char.isupper() else LETTERS.get(char, char)
    for char in map(chr, range(128))
)
_BY_TABLE = "".join(dict(zip(_HOLD.values(), _HOLD, strict=True)).get(char, char) for char in _BY_TABLE)


def _by_letters(words: str) -> str:
    """The letter rules over words one a line that need nothing more (``_Dictionary``): the same as
    ``_letters`` word by word with each word's case, in a few passes over all of them."""
    if not words.isascii() or "`" in words:
        for apostrophe, ascii_apostrophe in _BY_APOSTROPHE:
            if apostrophe in words:
                words = words.replace(apostrophe, ascii_apostrophe)
    if "e" in words or "E" in words:  # e at the start of a word
        words = ("\n" + words).replace("\ne", "\n" + _HOLD["э"]).replace("\nE", "\n" + _HOLD["Э"])[1:]
    if "'" in words:
        for pair, held in _BY_PAIRS:
            if pair in words:
                words = words.replace(pair, held)
        if "'" in words:
            words = _BY_TUTUQ.sub(_tutuq, words)
    words = _BY_E_AFTER_VOWEL.sub(_e_after_vowel, words)
    for latin, held in _BY_DIGRAPHS:
        if latin in words:
            words = words.replace(latin, held)
    return codecs.charmap_decode(words.encode("ascii"), "strict", _BY_TABLE)[0]


def _e_after_vowel(match) -> str:
    pair = match.group(0)
    return pair[0] + _HOLD["э" if pair[1] == "e" else "Э"]


def _tutuq(match) -> str:
    """ъ, or Ъ in a word in capitals ("MA'NO", "ISN'T", not "A'lo" or "A'"), held (``_HOLD``)."""
    text, start, end = match.string, match.start(), match.end()
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    word = text[left : right if right >= 0 else len(text)].translate(_HELD_CASE)
    capitals = word.isupper() and sum(char.isalpha() for char in word) > 1
    return _HOLD["Ъ" if capitals else "ъ"] * (end - start)


def _letters(word: str, at_start: bool = False) -> str:
    """The letter rules over a lower-case word (or the rest of one after a dictionary stem), in order:
    the apostrophe pairs (so "yo‘l" keeps its y), the tutuq belgisi, the digraphs, then each letter."""
    if at_start and word[:1] == "e":
        word = "э" + word[1:]
    if not (word.isascii() and word.isalpha()) and _HAS_APOSTROPHE.search(word):
        word = _APOSTROPHE_PAIRS.sub(lambda match: _PAIR_LETTERS[match.group(0)[0]], word).translate(_TUTUQ)
    if "e" in word:  # after a vowel, e is э: "aeroport" → аэропорт, "duel" → дуэл
        for pair, replacement in _E_AFTER_VOWEL:
            if pair in word:
                word = word.replace(pair, replacement)
    for latin, cyrillic in DIGRAPHS.items():
        if latin in word:
            word = word.replace(latin, cyrillic)
    return word.translate(_SINGLE)


def _mixed_case(word: str) -> bool:
    """Neither lower case, nor capitalised, nor all capitals: "iPhone", "YouTube" (a capital digraph
    inside an abbreviation is all capitals: "ShG‘" is Ш + Ғ)."""
    if len(word) > 2 and ("h" in word):
        word = _CAPITAL_DIGRAPH.sub(lambda match: match.group(0).upper(), word)
    return not (word.islower() or word.isupper() or word[1:].islower() or len(word) == 1)


def _case_like(source: str, cyrillic: str) -> str:
    """``cyrillic`` in the case pattern of the Latin ``source``: "Toshkent", "TOSHKENT", "toshkent"."""
    if source.islower() or not source[:1].isupper():
        return cyrillic
    if "h" in source:  # "ShG‘" is an abbreviation in capitals: Ш + Ғ
        source = _CAPITAL_DIGRAPH.sub(lambda match: match.group(0).upper(), source)
    if source.isupper() and sum(c.isalpha() and c.isascii() for c in source) > 1:
        return cyrillic.upper()
    return cyrillic[:1].upper() + cyrillic[1:]
