"""Pair scoring: romanisation, order, initials, patronymics, organisations, explanations."""

from __future__ import annotations

import pytest

from monitor.matching.api import PartyKind
from monitor.matching.engine import AlignMatcher
from monitor.matching.phonetic import romanisation_key
from monitor.matching.score import ABJAD_SIM, TRANSPOSED_SIM, _spelling, word_similarity
from monitor.matching.tokens import TokenClass, analyse_name


@pytest.mark.parametrize(
    "variants",
    [
        ("ri", "li", "lee", "rhee", "yi"),  # Korean 이/리
        ("pak", "park", "bak"),  # 박
        ("jong", "jeong", "chong"),  # 정
        ("chol", "cheol"),  # 철
        ("geum", "kum"),  # 금
        ("myong", "myeong"),  # 명
        ("ryong", "yong", "lyong"),  # 룡/용
        ("rim", "lim", "im"),  # 림/임
        ("sergey", "sergei", "sergej"),
        ("zelenskyy", "zelensky", "selenskyj"),
        ("vladimir", "wladimir"),
        ("xi", "shi", "hsi"),  # pinyin / Wade-Giles
        ("gaddafi", "qaddafi", "kadhafi"),
        ("ahmadinejad", "ahmadinezhad"),
        ("agriculture", "agricultural"),  # noun and adjective of long words
    ],
)
def test_romanisation_variants_share_a_key(variants: tuple[str, ...]) -> None:
    assert len({romanisation_key(v) for v in variants}) == 1


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Choe Chol Ryong", "CH'OE, Ch'o'l-ryong"),
        ("Myong Jin Kim", "KIM, Myong Jin"),
        ("Kim Myong-chin", "KIM, Myong Jin"),
        ("Park Jeong Cheon", "PAK, Jong Chon"),
        ("Lee Chang Ho", "RI, Chang Ho"),
        ("Kim Kum Chol", "KIM, Geum Cheol"),
        ("Kim Yongbok", "KIM, Yong Bok"),
        ("Sergei Lavrov", "Sergey Viktorovich LAVROV"),
        ("Wladimir Putin", "Vladimir Putin"),
        ("Mohamed bin Salman", "Mohammed bin Salman"),
        ("Usama bin Ladin", "Osama bin Laden"),
        ("Владимир Путин", "Vladimir Putin"),
        ("김정은", "Kim Jong Un"),
        ("V. Putin", "Vladimir Putin"),
        ("Hans J Friedrich", "Hans Joachim Friedrich"),
        # a name particle written fused to the name it precedes
        ("Saddam Alrawi", "Saddam al-Rawi"),
        ("Abubakar Shekau", "Abu Bakar Shekau"),
        ("Antonio Deguzman", "Antonio de Guzman"),
        ("Saddam al Rawi", "Saddam Alrawi"),
    ],
)
def test_person_variants_hit(matcher: AlignMatcher, query: str, listed: str) -> None:
    assert matcher.compare(query, listed, "person") >= matcher.threshold


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Hans O Friedrich", "Hans Joachim Friedrich"),  # contradicting initial
        ("Sergey Borisovich Lavrov", "Sergey Viktorovich Lavrov"),  # contradicting patronymic
        ("SADDAM HUSSEIN AL-DULAIMI", "SADDAM HUSSEIN AL-TIKRITI"),  # contradicting surname
        ("KIM Song Chol", "KIM Myong Jin"),
        ("Daniel Tusk", "Donald Tusk"),
        ("Jin Kim", "Jun Kim"),  # a different syllable, not a typo
        ("Chen Jin Long", "Chen Jing Long"),  # -n and -ng: two syllables
        ("Lee Joon Ho", "Lee Chung Ho"),
        ("Mahir Osman", "Mahathir Osman"),  # a syllable more, not a spelling
        ("KHALID BIN YUSUF AL-HARBI", "YUSUF BIN KHALID AL-HARBI"),  # son and father
        ("Omar ibn Hamid Nasser", "HAMID BEN OMAR NASSER"),
    ],
)
def test_person_contradictions_miss(matcher: AlignMatcher, query: str, listed: str) -> None:
    assert matcher.compare(query, listed, "person") < matcher.threshold


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("KIM, Myong Jin", "Myong Jin Kim"),
        ("Jin Myong Kim", "Kim Myong Jin"),
        ("LAVROV Sergey Viktorovich", "Sergey Viktorovich Lavrov"),
    ],
)
def test_person_order_does_not_matter(matcher: AlignMatcher, a: str, b: str) -> None:
    assert matcher.compare(a, b, "person") == 100.0


@pytest.mark.parametrize(
    "query",
    [
        "AL-HARBI, KHALID BIN YUSUF",  # surname first: the lineage reads the same
        "Khalid ibn Yusuf",  # "ibn" is "bin", the family name left out
        "Yusuf Khalid bin Al-Harbi",  # scrambled: no lineage to contradict
    ],
)
def test_lineage_in_the_same_order_hits(matcher: AlignMatcher, query: str) -> None:
    assert matcher.compare(query, "KHALID BIN YUSUF AL-HARBI", "person") >= matcher.threshold


def test_missing_middle_name_or_patronymic_costs_a_little(matcher: AlignMatcher) -> None:
    full = "Sergey Viktorovich Lavrov"
    assert matcher.threshold <= matcher.compare("Sergey Lavrov", full, "person") < 100.0


def test_name_contained_in_a_longer_one_hits(matcher: AlignMatcher) -> None:
    """Several given names left out of a longer listed name: no word contradicts."""
    listed = "Karim Walid Tahiri Benslimane"
    assert matcher.compare("Walid Benslimane", listed, "person") >= matcher.threshold
    assert matcher.compare("Walid Benslimane", "Walid Nasser", "person") < matcher.threshold


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Vostok Trading", "VOSTOK TRADING LIMITED LIABILITY COMPANY"),
        ("LLC Vostok Trading", "VOSTOK TRADING LIMITED LIABILITY COMPANY"),
        ("Vostok Trading OOO", "VOSTOK TRADING LLC"),
        ("DV INK", "DV INK OOO"),
        ("SIBREGIONGAZ JSC", "SIBREGIONGAZ, AO"),
        ("Sibregiongaz ZAO", "SIBREGIONGAZ, AO"),
        ("Siemens Aktiengesellschaft", "Siemens AG"),
        ("SiemensAG", "Siemens AG"),
        ("Okryu Trading Co. Ltd", "OKRYU TRADING COMPANY"),
        ("JSC Tactical Missiles Corp.", "TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY"),
        ("TACTICAL MISSILES CORPORATION JOINT STOCK COMPAN", "TACTICAL MISSILES CORPORATION JSC"),
    ],
)
def test_legal_forms_weigh_little(matcher: AlignMatcher, query: str, listed: str) -> None:
    assert matcher.compare(query, listed, "organization") >= matcher.threshold


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Trading Company LLC", "VOSTOK TRADING LLC"),
        ("International Trading Company", "OKRYU TRADING COMPANY"),
        ("Credit Bank", "KOREA MANDAL CREDIT BANK"),
        ("Golden Bank", "GOLDEN TRIANGLE BANK"),
        ("Saudi Arabian Gas Company", "Saudi Arabian Oil Company"),
        ("Volkswagen AG", "Siemens AG"),
    ],
)
def test_generic_words_do_not_hit(matcher: AlignMatcher, query: str, listed: str) -> None:
    assert matcher.compare(query, listed, "organization") < matcher.threshold


def test_token_classes() -> None:
    classes = {t.form: t.cls for t in analyse_name("Mr. Isa bin Tarif Viktorovich Trading LLC 2")}
    assert classes["mr"] == TokenClass.TITLE
    assert classes["bin"] == TokenClass.PARTICLE
    assert classes["viktorovich"] == TokenClass.PATRONYMIC
    assert classes["trading"] == TokenClass.GENERIC
    assert classes["llc"] == TokenClass.LEGAL
    assert classes["2"] == TokenClass.NUMBER
    assert classes["isa"] == TokenClass.CONTENT


def test_multiword_legal_forms_fold() -> None:
    forms = [t.form for t in analyse_name("OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU ROMASHKA")]
    assert forms == ["llc", "romashka"]


def test_number_words() -> None:
    assert [t.form for t in analyse_name("Brigade Forty-Four")] == ["brigade", "44"]
    assert [t.form for t in analyse_name("First International Bank")][0] == "1"


def test_abbreviated_generic_words_compare_as_the_word() -> None:
    for short, full in (
        ("Int'l", "International"),
        ("Mfg.", "Manufacturing"),
        ("Hldgs", "Holdings"),
    ):
        a, b = analyse_name(short)[0], analyse_name(full)[0]
        assert a.cls == b.cls == TokenClass.GENERIC and a.key == b.key


def test_a_hangul_syllable_is_not_an_initial(matcher: AlignMatcher) -> None:
    """Two syllables, "이준" ("I Jun"): "i" is a surname, not the initial of "In"."""
    assert [t.cls for t in analyse_name("이준")] == [TokenClass.CONTENT, TokenClass.CONTENT]
    assert matcher.compare("이준", "O, In Jun", "person") < matcher.threshold
    assert matcher.compare("이준", "Lee Jun", "person") >= matcher.threshold


@pytest.mark.parametrize(
    ("query", "listed", "hit"),
    [
        ("김용복", "Kim Yongbok", True),  # syllables meet the fused word one by one
        ("장호", "Chango", False),  # "jang ho" folds to "chango", but "ho" is not "o"
        ("Cortex Trading LLC", "KORDEX OOO", False),  # organisations are spelt, not romanised
        ("Tsentr Trading LLC", "CENTR TRADING OOO", True),  # one fold, different letters
    ],
)
def test_folded_keys_need_more_than_the_fold(
    matcher: AlignMatcher, query: str, listed: str, hit: bool
) -> None:
    assert (matcher.compare(query, listed) >= matcher.threshold) is hit


def test_an_initial_does_not_stand_for_a_word_a_full_query_word_faces(
    matcher: AlignMatcher,
) -> None:
    assert matcher.compare("Aisha G. Ashwood", "GADHAFI, Aisha", "person") < matcher.threshold
    assert matcher.compare("G. Aisha", "GADHAFI, Aisha", "person") >= matcher.threshold


def test_legal_phrase_with_a_typo_still_folds() -> None:
    forms = [t.form for t in analyse_name("Tactical Missiles Corporation Joynt Stock Company")]
    assert forms == ["tactical", "missiles", "corporation", "jsc"]


def test_two_hangul_syllables_spelt_apart_are_two_characters(matcher: AlignMatcher) -> None:
    assert matcher.compare("박종호", "박정호", "person") < matcher.threshold  # 종 jong, 정 jeong
    assert matcher.compare("박정호", "Pak Jong Ho", "person") >= matcher.threshold


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Bill Gates", "William Gates"),
        ("Misha Ivanov", "Mikhail Ivanov"),
        ("Tony Blair", "Toni Blair"),
        ("Bibi Netanyahu", "Benjamin Netanyahu"),  # Hebrew hypocorism of Binyamin
    ],
)
def test_hypocorisms_meet_their_formal_name(matcher: AlignMatcher, query: str, listed: str) -> None:
    assert matcher.compare(query, listed, "person") >= matcher.threshold


def test_country_initialisms_read_as_the_country() -> None:
    assert [t.form for t in analyse_name("U.K. Export Office")][:2] == ["united", "kingdom"]


def test_he_is_a_surname_not_a_title(matcher: AlignMatcher) -> None:
    assert analyse_name("He Lin")[0].cls == TokenClass.CONTENT
    assert matcher.compare("静 林", "JING HE, Lin", "person") < matcher.threshold


def test_another_kind_of_institution_contradicts(matcher: AlignMatcher) -> None:
    assert matcher.compare("Golden Star Trust", "GOLDEN STAR BANK", "organization") < 80.0
    assert matcher.compare("Golden Star", "GOLDEN STAR BANK", "organization") >= 80.0


def test_forms_of_one_generic_word_match(matcher: AlignMatcher) -> None:
    assert matcher.compare("Vostok Trade LLC", "VOSTOK TRADING LLC") >= matcher.threshold
    assert matcher.compare("Orion Industrial", "ORION INDUSTRIES") >= matcher.threshold


@pytest.mark.parametrize(
    ("query", "listed", "kind"),
    [
        ("Appel Inc.", "Apple Inc.", "organization"),  # 5 letters: one edit alone is 0.8
        ("Donlad Trump", "Donald Trump", "person"),
        ("Bashar al-Asasd", "Bashar al-Assad", "person"),
    ],
)
def test_swapped_adjacent_letters_are_a_slip(
    matcher: AlignMatcher, query: str, listed: str, kind: PartyKind
) -> None:
    assert matcher.compare(query, listed, kind) >= 85


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ahmed", "hamed"),  # first letter moved: another name
        ("nico", "nioc"),  # four letters: acronyms
        ("yv2565", "yv2556"),  # codes: another aircraft
        ("marquez", "marques"),  # a substitution, not a swap
    ],
)
def test_other_differences_are_not_slips(a: str, b: str) -> None:
    assert _spelling(a, b) < TRANSPOSED_SIM


def test_connectives_are_not_fused() -> None:
    from monitor.matching.score import joins

    fused = {t.form for _, _, t in joins(analyse_name("Bank of China and Al Rawi"))}
    assert "alrawi" in fused
    assert not {"ofchina", "andal"} & fused


@pytest.mark.parametrize(
    ("fused", "spaced", "kind"),
    [
        ("Johan Vandenberg", "Johan van den Berg", "person"),  # a chain of particles
        ("Maria Delarosa", "Maria de la Rosa", "person"),
        ("Abdalrahman", "Abd al Rahman", "person"),
        ("Kimjongun", "Kim Jong Un", "person"),  # a whole name's syllables
        ("Xi Jin Ping", "习近平", "person"),  # Han names are one word; pinyin is spaced
        ("Nikolai Platonovich Patrushev", "Nikolai Plat Ono Vich Patrushev", "person"),
        ("Goldentrianglebank", "Golden Triangle Bank", "bank"),
        ("Vanderbilt Corp", "van der Bilt Corp", "organization"),
    ],
)
def test_three_words_written_as_one(
    matcher: AlignMatcher, fused: str, spaced: str, kind: PartyKind
) -> None:
    assert matcher.compare(fused, spaced, kind) >= 95
    assert matcher.compare(spaced, fused, kind) >= 95


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("Kimjongil", "Kim Jong Un", "person"),  # the runs must meet word for word
        ("Bankofchina", "Bank of China", "organization"),  # connectives are never fused
        ("Drkimjong", "Dr Kim Jong", "person"),  # nor titles
    ],
)
def test_three_word_runs_that_do_not_fuse(
    matcher: AlignMatcher, a: str, b: str, kind: PartyKind
) -> None:
    assert matcher.compare(a, b, kind) < 80


def test_bracketed_words_weigh_half() -> None:
    tokens = analyse_name("Deutsche Bank (Schweiz) AG")
    assert [t.aside for t in tokens] == [False, False, True, False]
    assert tokens[2].weight == pytest.approx(0.5 * analyse_name("Schweiz")[0].weight)
    assert not any(t.aside for t in analyse_name("(Schweiz)"))  # a name wholly in brackets


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Deutsche Bank AG", "Deutsche Bank (Schweiz) AG"),  # a qualifier left out
        ("Deutsche Bank (Schweiz) AG", "Deutsche Bank AG"),
        ("Partido Comunista del Peru", "PARTIDO COMUNISTA DEL PERU (COMMUNIST PARTY OF PERU)"),
    ],
)
def test_bracketed_qualifier_may_be_left_out(
    matcher: AlignMatcher, query: str, listed: str
) -> None:
    assert matcher.compare(query, listed, "organization") >= matcher.threshold


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Bank of China (Hong Kong) Limited", "Bank of China (Singapore) Limited"),
        ("Bank of China Hong Kong Limited", "Bank of China (Singapore) Limited"),
        ("Bowne Global Solutions II (Sweden) AB", "Bowne Global Solutions II (Finland) AB"),
    ],
)
def test_different_bracketed_qualifiers_contradict_in_full(
    matcher: AlignMatcher, query: str, listed: str
) -> None:
    assert matcher.compare(query, listed, "organization") < 60


def test_arabic_script_meets_latin_on_consonants(matcher: AlignMatcher) -> None:
    arabic, latin = analyse_name("فرناندو بيريز"), analyse_name("Fernando Pérez")
    assert word_similarity(arabic[0], latin[0]) == ABJAD_SIM == 0.88
    assert matcher.compare("فرناندو بيريز", "Fernando Pérez", "person") >= matcher.threshold
    assert matcher.compare("فرناندو بيريز", "Fernando Paz", "person") < matcher.threshold
