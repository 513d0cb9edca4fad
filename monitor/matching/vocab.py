"""Linguistic word lists: legal forms, generic organisation words, titles, name particles.

These are language knowledge, not list data: they say which words carry little identity. A token in
one of these classes still counts when it matches, but it weighs little, so "Trading Company LLC"
does not hit every trading company while "Vostok Trading" still hits "VOSTOK TRADING LLC".
"""

from __future__ import annotations

# Multi-word legal forms and their spelled-out variants, folded to one canonical token before
# classification ("limited liability company" == "llc" == "ooo"). Tokens are already normalised.
LEGAL_PHRASES: dict[tuple[str, ...], str] = {
    ("limited", "liability", "company"): "llc",
    ("limited", "liability", "partnership"): "llp",
    ("limited", "partnership"): "lp",
    ("public", "limited", "company"): "plc",
    ("joint", "stock", "company"): "jsc",
    ("open", "joint", "stock", "company"): "ojsc",
    ("closed", "joint", "stock", "company"): "cjsc",
    ("public", "joint", "stock", "company"): "pjsc",
    ("joint", "stock", "commercial", "bank"): "jscb",
    ("obshchestvo", "s", "ogranichennoi", "otvetstvennostiu"): "llc",
    ("obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"): "llc",
    ("obshchestvo", "s", "ogranichennoi", "otvetstvennostyu"): "llc",
    ("zakrytoe", "aktsionernoe", "obshchestvo"): "cjsc",
    ("otkrytoe", "aktsionernoe", "obshchestvo"): "ojsc",
    ("publichnoe", "aktsionernoe", "obshchestvo"): "pjsc",
    ("aktsionernoe", "obshchestvo"): "jsc",
    ("aktsionernoe", "obshestvo"): "jsc",
    ("gesellschaft", "mit", "beschrankter", "haftung"): "gmbh",
    ("societatea", "cu", "raspundere", "limitata"): "srl",
    ("societe", "anonyme"): "sa",
    ("sociedad", "anonima"): "sa",
    ("sp", "z", "oo"): "spzoo",
    ("s", "a", "de", "c", "v"): "sa",
    ("pty", "ltd"): "ltd",
    ("pte", "ltd"): "ltd",
    ("co", "ltd"): "ltd",
    ("company", "limited"): "ltd",
    ("private", "limited"): "ltd",
}

# Every legal form, mapped to a canonical family: forms of one family are interchangeable
# ("OOO" = "LLC", "ZAO" = "CJSC", "Aktiengesellschaft" = "AG").
LEGAL_FORMS: dict[str, str] = {
    "llc": "llc", "ooo": "llc", "tov": "llc", "too": "llc", "gmbh": "llc", "srl": "llc",
    "sarl": "llc", "sprl": "llc", "spzoo": "llc", "bv": "llc", "bvba": "llc", "kft": "llc",
    "sro": "llc", "doo": "llc", "ltda": "llc", "lda": "llc", "mchj": "llc",
    "ltd": "ltd", "limited": "ltd", "lp": "lp", "llp": "lp", "kg": "lp", "plc": "plc",
    "inc": "inc", "incorporated": "inc", "corp": "corp", "corporation": "corp",
    "co": "co", "company": "co", "cie": "co", "kompaniya": "co", "kompania": "co",
    "jsc": "jsc", "ao": "jsc", "ag": "jsc", "aktiengesellschaft": "jsc", "sa": "jsc",
    "nv": "jsc", "spa": "jsc", "as": "jsc", "asa": "jsc", "ab": "jsc", "oy": "jsc", "oyj": "jsc",
    "kk": "jsc", "pt": "jsc", "tbk": "jsc", "bhd": "jsc", "sdn": "jsc", "pte": "ltd", "pty": "ltd",
    "ojsc": "jsc", "oao": "jsc", "cjsc": "jsc", "zao": "jsc", "pjsc": "jsc", "pao": "jsc",
    "jscb": "jsc", "sas": "jsc", "sae": "jsc", "saog": "jsc", "qsc": "jsc", "wll": "llc",
    "fze": "llc", "fzco": "llc", "fzc": "llc", "fz": "llc", "dmcc": "llc",
    "gp": "lp", "sl": "llc", "se": "jsc", "eood": "llc", "ood": "llc", "ad": "jsc",
    "aktsionernoe": "jsc", "obshchestvo": "co", "gesellschaft": "co", "tovarystvo": "co",
    "chastnoe": "co", "liability": "llc", "otvetstvennostyu": "llc", "ogranichennoy": "llc",
    "ano": "npo", "npo": "npo", "nko": "npo", "ngo": "npo", "ev": "npo", "gk": "state",
    "fgup": "state", "gup": "state", "mup": "state", "pp": "sole", "ip": "sole", "ie": "sole",
}  # fmt: skip

# Words that describe what kind of organisation it is rather than which one.
ORG_GENERIC: frozenset[str] = frozenset(
    """
    bank banka banco banque bankasi banca credit trading trade traders trader international intl
    group groupe gruppe grupo holding holdings industries industry industrial industrie
    enterprise enterprises services service solutions global companies firm investment
    investments invest capital fund funds partners partnership management trust foundation
    association society agency office organization organisation systems system technologies
    technology tech import export commercial commerce national general development
    manufacturing products product goods supply supplies finance financial center centre
    institute committee council bureau union federation network consulting consultants
    vneshnetorgovaya torgovyi torgovaya torgovyy torgovy promyshlennaya joint stock
    """.split()
)
"""Organisation-type words only; sector words (oil, gas, shipping, ...) distinguish companies."""

# Generic words that name a kind of institution: two different ones contradict.
INSTITUTION_KINDS: frozenset[str] = frozenset(
    """
    bank banka banco banque bankasi banca trust fund foundation institute committee council
    bureau union federation association society agency
    """.split()
)

# Common written abbreviations of generic organisation words ("Int'l", "Mfg.", "Hldgs"): they
# compare as the word they abbreviate.
GENERIC_ABBREVIATIONS: dict[str, str] = {
    "intl": "international", "internat": "international", "natl": "national",
    "grp": "group", "hldg": "holding", "hldgs": "holdings", "mfg": "manufacturing",
    "mfrs": "manufacturing", "svc": "service", "svcs": "services", "tech": "technology",
    "techs": "technologies", "assn": "association", "assoc": "association",
    "assocs": "association", "inds": "industries", "indus": "industries", "mgmt": "management",
    "mgt": "management", "devt": "development", "ctr": "center", "cntr": "center",
    "fdn": "foundation", "finl": "financial", "comml": "commercial", "invest": "investment",
    "invt": "investment", "trdg": "trading", "expt": "export", "impt": "import",
}  # fmt: skip

# Geographic qualifiers on branch and subsidiary names ("Faberlic Europe").
GEO_QUALIFIERS: frozenset[str] = frozenset(
    "europe european asia asian africa african america american middle east west north south "
    "eastern western northern southern central pacific atlantic overseas worldwide".split()
)

# Honorifics, titles and religious/military ranks in front of personal names.
TITLES: frozenset[str] = frozenset(
    """
    mr mrs ms miss mister dr doctor prof professor sir madam madame mme mlle monsieur herr frau
    president presidente prasident president presidential predsjednik presedintele presiden
    prezident elnok minister general gen colonel col major maj captain capt lieutenant lt
    admiral sergeant sgt shaikh sheikh shaykh sheik haji hajji hadji mullah mulla maulvi
    mawlawi maulana qari mufti imam ayatollah hojatoleslam sayyid sayed syed seyed emir amir
    prince princess king queen his her excellency he hon honorable honourable rev reverend
    father brother sister st saint lord lady dame engineer eng
    """.split()
) - {"amir", "he"}  # a common given name and a common Chinese surname (何): kept as content

# Particles inside personal names: Arabic kinship and article, European nobiliary particles.
PARTICLES: frozenset[str] = frozenset(
    """
    al el ul bin ben ibn bint bn abu abou ab ould walad de da das dos du des del della
    di van von der den ter la le los las y of the and und et for
    """.split()
)
""""abd" (servant of) is not here: it begins many names and carries identity with what follows."""

# Canonical spellings of particles with several romanisations.
PARTICLE_CANON: dict[str, str] = {
    "el": "al", "ul": "al", "ben": "bin", "ibn": "bin", "bn": "bin", "abou": "abu",
    "und": "and", "et": "and", "y": "and",
}  # fmt: skip

# Russian/Ukrainian/Belarusian/South Slavic patronymic endings: a patronymic is evidence when it
# differs, but a missing one is normal (payments rarely carry it).
PATRONYMIC_SUFFIXES: tuple[str, ...] = (
    "ovich", "evich", "ovych", "evych", "ovitch", "evitch", "ovna", "evna", "ivna", "ichna",
    "yevich", "ievich", "ovic", "evic", "ogly", "oglu", "kyzy", "gizi", "qizi",
)  # fmt: skip

# Roman numerals that are not also name words ("Xi", "Vi", "I", "V" stay words or initials).
ROMAN_NUMERALS: frozenset[str] = frozenset(
    "ii iii iv vii viii ix xii xiii xiv xv xvi xvii xviii xix xx".split()
)

TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip

# Long legal words often misspelt: a word one edit away is read as the legal form.
LONG_LEGAL_WORDS: tuple[str, ...] = (
    "aktiengesellschaft", "incorporated", "corporation", "limited", "company", "gesellschaft",
    "obshchestvo", "aktsionernoe", "liability", "otvetstvennostyu", "ogranichennoy",
)  # fmt: skip

NUMBER_WORDS: dict[str, str] = {
    "one": "1", "first": "1", "1st": "1", "two": "2", "second": "2", "2nd": "2",
    "three": "3", "third": "3", "3rd": "3", "four": "4", "fourth": "4", "4th": "4",
    "five": "5", "fifth": "5", "5th": "5", "six": "6", "sixth": "6", "6th": "6",
    "seven": "7", "seventh": "7", "7th": "7", "eight": "8", "eighth": "8", "8th": "8",
    "nine": "9", "ninth": "9", "9th": "9", "ten": "10", "tenth": "10", "10th": "10",
}  # fmt: skip

# Common hypocorisms of given names that stand for one formal name (a general nickname list;
# ambiguous ones such as "Ted" (Edward, Theodore) or "Alex" are left out). A hypocorism takes
# the romanisation key of its formal name, so "Bill Gates" meets "William Gates" in the index too.
HYPOCORISMS: dict[str, str] = {
    "bill": "william", "billy": "william", "willy": "william", "bob": "robert",
    "bobby": "robert", "robbie": "robert", "dick": "richard", "rick": "richard",
    "ricky": "richard", "richie": "richard", "jim": "james", "jimmy": "james",
    "mike": "michael", "mikey": "michael", "tommy": "thomas", "tony": "anthony",
    "chuck": "charles", "hank": "henry", "johnny": "john", "joey": "joseph", "dave": "david",
    "davey": "david", "benny": "benjamin", "ned": "edward", "peggy": "margaret",
    "betty": "elizabeth", "liz": "elizabeth", "beth": "elizabeth", "kate": "katherine",
    "volodya": "vladimir", "vova": "vladimir", "kolya": "nikolai", "misha": "mikhail",
    "dima": "dmitry", "seryozha": "sergey", "pasha": "pavel", "petya": "pyotr", "vanya": "ivan",
    "alyosha": "aleksey", "lyosha": "aleksey", "grisha": "grigory", "yura": "yuri",
    "tolya": "anatoly", "pepe": "jose", "paco": "francisco", "pancho": "francisco",
    "nacho": "ignacio", "memo": "guillermo", "chucho": "jesus", "bibi": "benjamin",
}  # fmt: skip

# Country initialisms written for the country's name in organisation names ("U.S. Department
# of State"): read as the words they stand for.
COUNTRY_INITIALISMS: dict[str, tuple[str, ...]] = {
    "us": ("united", "states"), "usa": ("united", "states", "of", "america"),
    "uk": ("united", "kingdom"), "uae": ("united", "arab", "emirates"),
    "ussr": ("soviet", "union"), "prc": ("peoples", "republic", "of", "china"),
    "dprk": ("democratic", "peoples", "republic", "of", "korea"),
}  # fmt: skip
