"""Uzbek Latin into Cyrillic (articles.cyrillic): the letter rules, the dictionary, and HTML."""

import pytest

from articles.cyrillic import html_to_cyrillic, to_cyrillic

TABLE = [
    # o‘ and g‘ with every apostrophe editors type
    ("O‘zbekiston", "Ўзбекистон"), ("O'zbekiston", "Ўзбекистон"), ("Oʻzbekiston", "Ўзбекистон"),
    ("Oʼzbekiston", "Ўзбекистон"), ("O`zbekiston", "Ўзбекистон"), ("O’zbekiston", "Ўзбекистон"),
    ("g‘alaba", "ғалаба"), ("bog‘", "боғ"), ("Farg‘ona", "Фарғона"), ("Qoraqalpog‘iston", "Қорақалпоғистон"),
    ("Ulug‘bek", "Улуғбек"),
    # y before o‘ starts no digraph
    ("yo‘l", "йўл"), ("Yo‘ldosh", "Йўлдош"),
    # sh, ch, ng, yo, yu, ya, ye
    ("shahar", "шаҳар"), ("choy", "чой"), ("Chorsu", "Чорсу"), ("chiqdi", "чиқди"), ("tong", "тонг"),
    ("Namangan", "Наманган"), ("yoshlar", "ёшлар"), ("Mirziyoyev", "Мирзиёев"), ("yulduz", "юлдуз"),
    ("yangi", "янги"), ("yer", "ер"), ("shaxs", "шахс"),
    # e at the start of a word, е elsewhere
    ("ekin", "экин"), ("eshik", "эшик"), ("Ergash", "Эргаш"), ("kecha", "кеча"), ("metro", "метро"),
    # the tutuq belgisi, and the apostrophe that only keeps s and h apart
    ("ma’no", "маъно"), ("sur'at", "суръат"), ("ta’lim", "таълим"), ("a’lo", "аъло"), ("mas'ul", "масъул"),
    ("mo‘’jiza", "мўъжиза"), ("Is'hoq", "Исҳоқ"),
    # q, h, x, j, y and the plain letters
    ("qishloq", "қишлоқ"), ("hokim", "ҳоким"), ("xabar", "хабар"), ("Buxoro", "Бухоро"),
    ("jurnalist", "журналист"), ("Andijon", "Андижон"), ("Samarqand", "Самарқанд"), ("vazir", "вазир"),
    ("zavod", "завод"), ("prezident", "президент"), ("Toshkent", "Тошкент"),
    # capitals and all-caps words
    ("Shahar", "Шаҳар"), ("SHAHAR", "ШАҲАР"), ("O‘ZBEKISTON", "ЎЗБЕКИСТОН"), ("TV", "ТВ"),
    ("ShG‘", "ШҒ"), ("Sh.Mirziyoyev", "Ш.Мирзиёев"), ("MA’NO", "МАЪНО"), ("MO‘’JIZA", "МЎЪЖИЗА"),
    ("IS'HOQ", "ИСҲОҚ"), ("A’", "Аъ"), ("MO‘’", "МЎЪ"), ("A’lo", "Аъло"), ("EKIN", "ЭКИН"),
    ("AEROPORT", "АЭРОПОРТ"), ("YO‘L", "ЙЎЛ"),
    # e after a vowel is э
    ("aeroport", "аэропорт"), ("duel", "дуэл"), ("Aeroflot", "Аэрофлот"),
    # digits stay
    ("2024-yil", "2024-йил"), ("Bugun, 22:40", "Бугун, 22:40"),
    # the built-in dictionary: months and loanwords, and their inflected forms
    ("5-oktabr", "5-октябрь"), ("oktabrda", "октябрда"), ("OKTABR", "ОКТЯБРЬ"), ("yanvar", "январь"),
    ("sentabrdan", "сентябрдан"), ("sentr", "центр"), ("sentrga", "центрга"), ("konsert", "концерт"),
    ("aktyor", "актёр"), ("kompyuterlar", "компьютерлар"), ("politsiya", "полиция"), ("Festival", "Фестиваль"),
    # Latin names and brands stay as written
    ("iPhone", "iPhone"), ("YouTube", "YouTube"), ("Coca-Cola", "Coca-Cola"), ("Wi-Fi", "Wi-Fi"),
    # ... and an Uzbek suffix after them is Uzbek
    ("Google’da", "Google’да"), ("iPhone’ning", "iPhone’нинг"), ("Googlega", "Googleга"), ("McDonald’s", "McDonald’s"),
    # phrases
    ("Toshkent shahrida yangi metro bekati ochildi.", "Тошкент шаҳрида янги метро бекати очилди."),
    ("O‘zbekiston Respublikasi Prezidenti", "Ўзбекистон Республикаси Президенти"),
]  # fmt: skip


@pytest.mark.parametrize(("latin", "cyrillic"), TABLE, ids=[latin for latin, _ in TABLE])
def test_latin_becomes_cyrillic(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


def test_the_table_holds_sixty_cases():
    assert len(TABLE) >= 60


def test_an_editors_entries_come_before_the_rules():
    assert to_cyrillic("Artel zavodi") == "Артел заводи"
    entries = {"Artel": "Artel", "Nukus": "Нукус", "Uzbekneftegaz": "Ўзбекнефтгаз"}
    assert to_cyrillic("Artel zavodi Nukusda", entries) == "Artel заводи Нукусда"
    assert to_cyrillic("Uzbekneftegaz", entries) == "Ўзбекнефтгаз"
    assert to_cyrillic("oktabr", {"oktabr": "Октябр"}) == "Октябр", "an editor's entry wins over a built-in one"


def test_html_keeps_its_tags_attributes_entities_and_addresses():
    html = (
        '<p class="lead">Toshkent <a href="https://kun.uz/news/yangi" title="yangi">shahri</a> &amp; '
        "viloyat&nbsp;hokimligi: www.gov.uz va info@gov.uz</p>"
    )
    assert html_to_cyrillic(html) == (
        '<p class="lead">Тошкент <a href="https://kun.uz/news/yangi" title="yangi">шаҳри</a> &amp; '
        "вилоят&nbsp;ҳокимлиги: www.gov.uz ва info@gov.uz</p>"
    )


def test_an_address_keeps_its_entities_and_text_around_it_is_converted():
    html = "<p>Manba: https://t.me/kun?a=1&amp;b=2 &laquo;yangi&raquo; yo‘l</p>"
    assert html_to_cyrillic(html) == "<p>Манба: https://t.me/kun?a=1&amp;b=2 &laquo;янги&raquo; йўл</p>"


def test_a_long_text_converts_each_word_as_the_table_says():
    """Words new to the converter are converted many at a time; each must come out as the table
    says, whatever its neighbours. (An entry no word uses gives a converter that has seen no word.)"""
    pairs = [(latin, cyrillic) for latin, cyrillic in TABLE if " " not in latin]
    for order in (pairs, pairs[::-1]):
        latin = "\n".join(latin for latin, _ in order)
        assert to_cyrillic(latin, {f"zzq{len(order)}{order[0][0]}": "з"}) == "\n".join(cyr for _, cyr in order)


def test_text_without_latin_is_returned_as_it_is():
    for text in ("", "Тошкент", "2024 — 22:40", "«»"):
        assert to_cyrillic(text) == text
