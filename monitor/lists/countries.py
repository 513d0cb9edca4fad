"""Country names as OFAC and the UN publish them, mapped to ISO 3166-1 alpha-2 codes.

Lists keep countries as published ("Korea, North", "Iran (Islamic Republic of)"); jurisdiction
checks compare codes, so call `country_code` at the point of comparison. Sanctioned regions that
have no country code of their own (Crimea, Donetsk, Luhansk) map to their country and, via
`subdivision_code`, to their ISO 3166-2 code.
"""

from __future__ import annotations

import re
from functools import cache

from anyascii import anyascii

# code|name|other spellings ...  (ISO 3166-1 short names plus OFAC/UN/common variants; AN is the
# transitionally reserved code of the Netherlands Antilles, still in OFAC addresses)
_TABLE = """
AD|Andorra
AE|United Arab Emirates|UAE
AF|Afghanistan
AG|Antigua and Barbuda
AI|Anguilla
AL|Albania
AM|Armenia
AN|Netherlands Antilles
AO|Angola
AR|Argentina
AT|Austria
AU|Australia
AW|Aruba
AZ|Azerbaijan
BA|Bosnia and Herzegovina|Bosnia-Herzegovina
BB|Barbados
BD|Bangladesh
BE|Belgium
BF|Burkina Faso
BG|Bulgaria
BH|Bahrain
BI|Burundi
BJ|Benin
BM|Bermuda
BN|Brunei|Brunei Darussalam
BO|Bolivia|Bolivia (Plurinational State of)
BR|Brazil
BS|Bahamas|Bahamas, The|The Bahamas
BT|Bhutan
BW|Botswana
BY|Belarus
BZ|Belize
CA|Canada
CD|Congo, Democratic Republic of the|Democratic Republic of the Congo|DRC|Zaire
CF|Central African Republic
CG|Congo|Congo, Republic of the|Republic of the Congo
CH|Switzerland
CI|Cote d'Ivoire|Cote d Ivoire|Ivory Coast
CK|Cook Islands
CL|Chile
CM|Cameroon
CN|China|People's Republic of China
CO|Colombia
CR|Costa Rica
CU|Cuba
CV|Cabo Verde|Cape Verde
CW|Curacao
CY|Cyprus
CZ|Czech Republic|Czechia
DE|Germany
DJ|Djibouti
DK|Denmark
DM|Dominica
DO|Dominican Republic
DZ|Algeria
EC|Ecuador
EE|Estonia
EG|Egypt
EH|Western Sahara
ER|Eritrea
ES|Spain
ET|Ethiopia
FI|Finland
FJ|Fiji
FM|Micronesia|Micronesia, Federated States of
FR|France
GA|Gabon
GB|United Kingdom|United Kingdom of Great Britain and Northern Ireland|UK|Great Britain
GD|Grenada
GE|Georgia
GG|Guernsey
GH|Ghana
GI|Gibraltar
GM|Gambia|The Gambia|Gambia, The
GN|Guinea
GQ|Equatorial Guinea
GR|Greece
GT|Guatemala
GW|Guinea-Bissau
GY|Guyana
HK|Hong Kong|China, Hong Kong Special Administrative Region
HN|Honduras
HR|Croatia
HT|Haiti
HU|Hungary
ID|Indonesia
IE|Ireland
IL|Israel
IM|Man, Isle of|Isle of Man
IN|India
IQ|Iraq
IR|Iran|Iran (Islamic Republic of)|Islamic Republic of Iran
IS|Iceland
IT|Italy
JE|Jersey
JM|Jamaica
JO|Jordan
JP|Japan
KE|Kenya
KG|Kyrgyzstan
KH|Cambodia
KI|Kiribati
KM|Comoros
KN|Saint Kitts and Nevis|St. Kitts and Nevis|St. Kitts & Nevis
KP|Korea, North|North Korea|Democratic People's Republic of Korea|DPRK
KR|Korea, South|South Korea|Republic of Korea
KW|Kuwait
KY|Cayman Islands
KZ|Kazakhstan
LA|Laos|Lao People's Democratic Republic
LB|Lebanon
LC|Saint Lucia|St. Lucia
LI|Liechtenstein
LK|Sri Lanka
LR|Liberia
LS|Lesotho
LT|Lithuania
LU|Luxembourg
LV|Latvia
LY|Libya|Libyan Arab Jamahiriya
MA|Morocco
MC|Monaco
MD|Moldova|Republic of Moldova
ME|Montenegro
MG|Madagascar
MH|Marshall Islands
MK|North Macedonia|North Macedonia, The Republic of|Macedonia
ML|Mali|Region: Northern Mali
MM|Burma|Myanmar
MN|Mongolia
MO|Macau|Macao|China, Macao Special Administrative Region
MR|Mauritania
MT|Malta
MU|Mauritius
MV|Maldives
MW|Malawi
MX|Mexico
MY|Malaysia
MZ|Mozambique
NA|Namibia
NE|Niger
NG|Nigeria
NI|Nicaragua
NL|Netherlands|The Netherlands
NO|Norway
NP|Nepal
NR|Nauru
NZ|New Zealand
OM|Oman
PA|Panama
PE|Peru
PG|Papua New Guinea
PH|Philippines
PK|Pakistan
PL|Poland
PS|Palestinian|possibly Palestinian|State of Palestine|Palestine
PS|West Bank|Region: West Bank|Gaza|Region: Gaza
PT|Portugal
PW|Palau
PY|Paraguay
QA|Qatar
RO|Romania
RS|Serbia
RU|Russia|Russian Federation
RW|Rwanda
SA|Saudi Arabia
SB|Solomon Islands
SC|Seychelles
SD|Sudan|Region: Kafia Kingi
SE|Sweden
SG|Singapore
SI|Slovenia
SK|Slovakia
SL|Sierra Leone
SM|San Marino
SN|Senegal
SO|Somalia
SR|Suriname
SS|South Sudan
ST|Sao Tome and Principe
SV|El Salvador
SX|Sint Maarten
SY|Syria|Syrian Arab Republic
SZ|Eswatini|Swaziland
TD|Chad
TG|Togo
TH|Thailand
TJ|Tajikistan
TL|Timor-Leste|East Timor
TM|Turkmenistan
TN|Tunisia
TO|Tonga
TR|Turkey|Turkiye
TT|Trinidad and Tobago
TV|Tuvalu
TW|Taiwan
TZ|Tanzania|United Republic of Tanzania
UA|Ukraine|Crimea|Region: Crimea|Crimea region of Ukraine|Donetsk|Luhansk|Sevastopol
UG|Uganda
US|United States|United States of America|USA
UY|Uruguay
UZ|Uzbekistan
VA|Holy See|Vatican City
VC|Saint Vincent and the Grenadines|St. Vincent and the Grenadines
VE|Venezuela|Venezuela (Bolivarian Republic of)
VG|Virgin Islands, British|British Virgin Islands
VN|Vietnam|Viet Nam
VU|Vanuatu
WS|Samoa
XK|Kosovo
YE|Yemen
ZA|South Africa
ZM|Zambia
ZW|Zimbabwe
"""

# Sanctioned regions without a country code of their own (ISO 3166-2).
_SUBDIVISIONS = {
    "crimea": "UA-43",
    "region crimea": "UA-43",
    "crimea region of ukraine": "UA-43",
    "sevastopol": "UA-40",
    "donetsk": "UA-14",
    "luhansk": "UA-09",
}


def _key(name: str) -> str:
    text = anyascii(name).lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        code, *names = line.split("|")
        for name in names:
            table[_key(name)] = code
    return table


_CODES = _build()


@cache
def country_code(name: str | None) -> str | None:
    """ISO alpha-2 code for a country as OFAC/UN publish it; None for unknown or non-countries
    ("undetermined", "former Soviet Union", "Region: Commonwealth of Independent States")."""
    if not name:
        return None
    key = _key(name)
    return _CODES.get(key) or _CODES.get(key.removeprefix("the "))


def subdivision_code(name: str | None) -> str | None:
    """ISO 3166-2 code for the sanctioned regions (Crimea -> UA-43), else None."""
    return _SUBDIVISIONS.get(_key(name)) if name else None


def known_country_names() -> frozenset[str]:
    """Normalised keys of every name the table knows (for tests and data checks)."""
    return frozenset(_CODES)
