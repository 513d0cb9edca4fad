"""Name-part tables for synthetic traffic: persons, companies, banks, addresses, remittance.

Names are assembled from given names, invented surname stems and brand syllables per language and
script, so they read like real counterparties without reproducing anyone on a sanctions list
(the generator also drops any name that folds to a listed one). No sanctioned jurisdiction appears.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Literal

from anyascii import anyascii

PartyType = Literal["person", "organization", "unknown"]


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    lang: str
    currency: str
    cities: tuple[str, ...]
    weight: float


_COUNTRY_ROWS = """
US|en|USD|New York,Chicago,Houston,Miami,Seattle|14
GB|en|GBP|London,Manchester,Leeds,Bristol|8
IE|en|EUR|Dublin,Cork|1
CA|en|CAD|Toronto,Vancouver,Montreal|3
AU|en|AUD|Sydney,Melbourne,Brisbane|2
SG|en|SGD|Singapore|3
IN|en|INR|Mumbai,Bengaluru,Chennai,Pune|3
DE|de|EUR|Berlin,Hamburg,München,Frankfurt am Main,Köln|8
AT|de|EUR|Wien,Graz,Linz|2
CH|de|CHF|Zürich,Basel,Bern|3
FR|fr|EUR|Paris,Lyon,Marseille,Toulouse,Lille|6
BE|fr|EUR|Bruxelles,Liège,Namur|2
ES|es|EUR|Madrid,Barcelona,Valencia,Sevilla|4
MX|es|MXN|Ciudad de México,Monterrey,Guadalajara|2
IT|it|EUR|Milano,Roma,Torino,Napoli|4
BR|pt|BRL|São Paulo,Rio de Janeiro,Curitiba|2
PT|pt|EUR|Lisboa,Porto|1
NL|nl|EUR|Amsterdam,Rotterdam,Utrecht|3
PL|pl|PLN|Warszawa,Kraków,Gdańsk,Wrocław|3
TR|tr|TRY|İstanbul,Ankara,İzmir|2
RU|ru|RUB|Москва,Санкт-Петербург,Казань,Екатеринбург|2
KZ|ru|KZT|Алматы,Астана|1
KR|ko|KRW|서울,부산,인천,대전|3
CN|zh|CNY|上海,深圳,广州,杭州|4
HK|zh|HKD|香港|2
TW|zh|TWD|台北,高雄|1
JP|ja|JPY|東京,大阪,名古屋|4
AE|ar|AED|دبي,أبوظبي,الشارقة|3
SA|ar|SAR|الرياض,جدة,الدمام|2
EG|ar|EGP|القاهرة,الإسكندرية|1
QA|ar|QAR|الدوحة|1
"""


def _countries() -> tuple[Country, ...]:
    rows = []
    for line in _COUNTRY_ROWS.strip().splitlines():
        code, lang, cur, cities, weight = line.split("|")
        rows.append(Country(code, lang, cur, tuple(cities.split(",")), float(weight)))
    return tuple(rows)


COUNTRIES = _countries()
CORRESPONDENT_COUNTRIES = ("US", "GB", "DE", "FR", "CH", "NL", "JP", "SG", "HK", "AE")

# lang: (given names, surname stems, surname endings); CJK/Hangul: surnames, given-name syllables
_PEOPLE: dict[str, tuple[str, str, str]] = {
    "en": ("James Olivia Henry Emma Thomas Grace Oliver Chloe Daniel Sophie Samuel Megan Ethan "
           "Hannah Lucy Nathan Priya Rahul Aisha Liam", "Ash Brad Craw Dun Fair Hol Kings Lang "
           "Mar Pen Red Stan Thorn Wil Hather Brom", "ford ley wood ton field more by well ridge"),
    "de": ("Lukas Anna Jonas Marie Felix Lea Paul Lena Maximilian Katrin Tobias Jana Florian",
           "Alt Berg Eich Feld Gold Hoch Kirch Linden Mohr Rosen Stein Wald Winter",
           "mann er hoff bauer berger meier hagen thal"),
    "fr": ("Camille Louis Chloé Hugo Léa Mathieu Élodie Julien Manon Théo Inès Antoine",
           "Beau Bel Bon Chan Dela Du Fon Lam Mar Mont Ro Val",
           "champ lieu mont court fort vert bois"),
    "es": ("Lucía Mateo Sofía Diego Valeria Javier Carmen Pablo Elena Andrés Marta",
           "Alc Barr Cas Elor Garr Mend Olm Quint Sarr Vall Zub", "ado ero iza ega illa uela"),
    "it": ("Giulia Marco Chiara Luca Francesca Matteo Sara Davide Elisa Lorenzo",
           "Bel Cas Ferr Gall Mar Ross Sant Vitt Zan", "elli ini etti oni ucci ato"),
    "pt": ("João Ana Pedro Beatriz Tiago Mariana Rafael Inês Gustavo Larissa",
           "Alv Barb Cunh Fig Mour Pinh Rib Torr Vasc", "eira eiro edo ares anho"),
    "nl": ("Daan Sanne Bram Lotte Sem Fleur Thijs Noor Ruben Eva", "van_der_ de_ van_ ter_ _",
           "Brink Dijk Hoek Kamp Veen Bosch Molen Zand"),
    "pl": ("Jakub Zofia Kacper Julia Szymon Maja Wojciech Alicja Michał Natalia",
           "Kowal Wiśniew Lewan Zieliń Szyman Dąbrow Kozło Jabłoń", "ski czyk ak iewicz"),
    "tr": ("Emre Elif Burak Zeynep Mert Ayşe Kerem Defne Onur Selin", "Ak Kara Öz Yıl Demir Çelik",
           "soy doğan kaya taş ay"),
    "ru": ("Алексей Анна Борис Вера Глеб Дарья Егор Елена Игорь Кира Никита Ольга Павел Полина "
           "Роман Светлана Тимур Юлия", "Белозер Ветл Горбун Журав Зарец Калин Лесн Мирон Орлен "
           "Подгор Рябин Тополь Черемх", "ов ев ин ский енко"),
    "ko": ("김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송",
           "민 서 지 현 우 준 예 도 하 윤 수 영 은 진 호 성 재 유 아 연 태 경", ""),
    "zh": ("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 罗 高",
           "伟 芳 娜 敏 静 丽 强 磊 洋 艳 勇 军 杰 娟 涛 明 超 秀 霞 平 刚 "
           "英 华 玉 兰 晨 宇 浩 欣 怡 嘉 梓 睿 博", ""),
    "ja": ("佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 松本 井上 木村 清水",
           "翔太 陽菜 大輝 美咲 健太 結衣 拓海 葵 蓮 さくら 悠真 優奈", ""),
    "ar": ("عمر ليلى يوسف مريم خالد سارة طارق نور حسن فاطمة سامي هدى كريم رنا ماجد دينا",
           "الحربي العتيبي المنصوري الشامسي الزعبي الخطيب النجار الحداد البدوي القاسم "
           "السويدي الكعبي",
           ""),
}  # fmt: skip

# lang: (sector words, legal forms, bank name patterns with {b} = brand, {c} = city)
_ORGS: dict[str, tuple[str, str, str]] = {
    "en": ("Logistics Trading Holdings Foods Textiles Consulting Engineering Software Supplies "
           "Pharma Energy Media Agro", "Ltd|LLC|Inc.|plc|Limited|Corp.",
           "{b} Bank|{b} National Bank|{b} Savings Bank|{b} Trust Company|Bank of {c}"),
    "de": ("Logistik Handel Maschinenbau Lebensmittel Beratung Bau Elektrotechnik Software",
           "GmbH|AG|GmbH & Co. KG|KG", "{b}bank AG|Sparkasse {c}|Volksbank {b} eG"),
    "fr": ("Logistique Négoce Conseil Alimentaire Bâtiment Informatique", "SAS|SARL|SA",
           "Banque {b}|Crédit {b}"),
    "es": ("Logística Comercial Alimentos Construcciones Consultores Textil", "S.L.|S.A.",
           "Banco {b}|Caja {b}"),
    "it": ("Logistica Commerciale Alimentari Costruzioni Consulenze Tessile", "S.r.l.|S.p.A.",
           "Banca {b}|Banca Popolare di {c}"),
    "pt": ("Logística Comercial Alimentos Construções Consultoria", "Ltda.|S.A.", "Banco {b}"),
    "nl": ("Logistiek Handel Bouw Voeding Advies", "B.V.|N.V.", "{b} Bank N.V."),
    "pl": ("Logistyka Handel Budownictwo Doradztwo", "Sp. z o.o.|S.A.", "Bank {b} S.A."),
    "tr": ("Lojistik Ticaret İnşaat Gıda Danışmanlık Tekstil", "A.Ş.|Ltd. Şti.",
           "{b} Bankası A.Ş."),
    "ru": ("Снаб Пром Строй Транс Инвест Сервис Торг", "ООО|АО|ПАО", "{b}bank JSC|Bank {b}"),
    "ko": ("물산 전자 상사 산업 무역 식품 건설 해운 화학", "주식회사|(주)", "{b} Bank"),
    "zh": ("贸易 科技 实业 电子 物流 进出口 机械 纺织", "有限公司",
           "{b} Commercial Bank|Bank of {b}"),
    "ja": ("商事 工業 電機 物産 製作所 化成", "株式会社", "{b} Bank, Ltd."),
    "ar": ("للتجارة للمقاولات للخدمات_اللوجستية للصناعات_الغذائية للاستثمار", "ذ.م.م",
           "{b} Islamic Bank|{b} Bank PJSC"),
}  # fmt: skip

_BRAND = ("Al Bel Cor Dal Ever Fen Gal Hal Ion Jar Kel Lum Mar Nor Or Pel Quen Ros Sol Tal Ulm Ver "
          "Wex Zan", "a e i o", "tex vix gen dia lux tron nova mar sys well field form point line "
          "ris stone dale crest")  # fmt: skip
_BRAND_NATIVE = {
    "ru": ("Бел Вер Гал Дон Кор Лум Мар Нор Сол Тел Зен Дал Ром", "текс вит ген лайн трон мет"),
    "ko": ("한 대 세 동 신 삼 국 우 현 미", "성 진 영 일 양 광 화 보"),
    "zh": ("明 华 宏 盛 鑫 恒 信 达 瑞 泰", "丰 源 通 宇 昌 隆 兴 利"),
    "ja": ("東和 大成 新光 日進 三協 共栄 サクラ ミドリ アオバ", ""),
    "ar": ("النخبة الرواد الأفق الوطنية المتحدة الخليج الأمل الفجر الواحة المستقبل", ""),
}
_STREETS = {
    "en": "{n} {w} Street|{n} {w} Road|{n} {w} Avenue|{n} {w} Lane",
    "de": "{w}straße {n}|{w}weg {n}",
    "fr": "{n} rue {w}|{n} avenue {w}",
    "es": "Calle {w} {n}|Avenida {w} {n}",
    "it": "Via {w} {n}|Corso {w} {n}",
    "pt": "Rua {w} {n}|Avenida {w} {n}",
    "nl": "{w}straat {n}|{w}weg {n}",
    "pl": "ul. {w} {n}",
    "tr": "{w} Cad. No:{n}",
    "ru": "ул. {w}, д. {n}",
    "ko": "{w} {n}",
    "zh": "{w}{n}号",
    "ja": "{w}{n}丁目",
    "ar": "شارع {w} {n}",
}
_STREET_WORDS = {
    "en": "Oak Mill Station Church Park King Queen Victoria High Elm", "de": "Linden Garten Berg "
    "Schiller Goethe Bahnhof Haupt", "fr": "de la Paix|des Lilas|Victor Hugo|du Port|Pasteur",
    "es": "Mayor|del Sol|de Alcalá|Real", "it": "Roma|Garibaldi|Dante|Verdi", "pt": "das Flores|"
    "Augusta|do Comércio", "nl": "Kerk Molen Dorps", "pl": "Polna Leśna Słoneczna Kwiatowa",
    "tr": "Atatürk|Cumhuriyet|İstiklal", "ru": "Садовая Лесная Школьная Молодёжная Набережная",
    "ko": "테헤란로 세종대로 해운대로 중앙로", "zh": "人民路 中山路 解放路 建设路",
    "ja": "中央 本町 栄",
    "ar": "الملك_فهد الشيخ_زايد الجامعة",
}  # fmt: skip
_IBAN = {"DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27, "NL": 18, "PL": 28, "TR": 26, "PT": 25,
         "CH": 21, "AT": 20, "BE": 16, "AE": 23, "SA": 24, "KZ": 20, "IE": 22, "BR": 29, "EG": 29,
         "QA": 29}  # fmt: skip
_REMIT_BUSINESS = ("INV-{y}-{n}|Invoice {n} / PO {m}|Rechnung Nr. {n}|Facture {n}|Factura {n}|"
                   "Contract {m} dd {d}|/INV/{n}/{d}|Payment for services {mon} {y}|"
                   "Order {m} balance|Оплата по счету № {m}|货款 {n}|請求書 {n}")  # fmt: skip
_REMIT_PERSONAL = "Rent {mon} {y}|Salary {mon} {y}|Gift|Family support|Tuition fee {m}|Loan {m}"
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _words(text: str, sep: str | None = None) -> list[str]:
    sep = sep or ("|" if "|" in text else " ")
    return [w.replace("_", " ") for w in text.split(sep) if w]


class Names:
    """String factories over one `random.Random`; the tables above are the only vocabulary."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _pick(self, text: str, sep: str | None = None) -> str:
        return self.rng.choice(_words(text, sep))

    def letters(self, k: int) -> str:
        return "".join(self.rng.choices(string.ascii_uppercase, k=k))

    def location_code(self) -> str:
        # second character 0 marks test BICs and 1 passive participants: avoid both
        return self.rng.choice(string.ascii_uppercase + "23456789") + self.rng.choice(
            string.ascii_uppercase + "23456789"
        )

    def branch(self) -> str:
        return self.rng.choice("ABCDEFGHJKLMNPRSTUVW0123456789") + self.letters(2)

    def _brand(self, lang: str | None = None) -> str:
        if lang in _BRAND_NATIVE:
            first, second = _BRAND_NATIVE[lang]
            return self._pick(first) + (self._pick(second) if second else "")
        a, b, c = _BRAND
        mid = self._pick(b) if self.rng.random() < 0.3 else ""
        return self._pick(a) + mid + self._pick(c)

    def person(self, c: Country) -> str:
        given, stems, ends = _PEOPLE[c.lang]
        if c.lang in ("ko", "zh"):
            sur, syl = self._pick(given), _words(stems)
            first = "".join(self.rng.choices(syl, k=self.rng.choice((1, 2, 2))))
            native = f"{sur}{first}"
            roman = f"{anyascii(sur).capitalize()} {anyascii(first).capitalize()}"
        elif c.lang in ("ja", "ar"):
            a, b = (self._pick(given), self._pick(stems))
            native = f"{a} {b}"
            roman = ""  # anyascii reads kanji as Chinese: keep Japanese names native
        else:
            native = f"{self._pick(given)} {self._pick(stems)}{self._pick(ends)}"
            if c.lang == "en" and self.rng.random() < 0.2:
                first, last = native.split(" ", 1)
                native = f"{first} {self.letters(1)}. {last}"
            roman = anyascii(native) if c.lang == "ru" else ""
        name = roman if roman and self.rng.random() < 0.2 else native
        return " ".join(name.split())

    def company(self, c: Country) -> str:
        sectors, forms, _ = _ORGS[c.lang]
        brand, sector, form = self._brand(c.lang), self._pick(sectors), self._pick(forms, "|")
        if c.lang == "ru":
            return f"{form} «{brand}{sector.lower()}»"
        if c.lang in ("ko", "ja"):
            return (
                f"{form} {brand}{sector}" if self.rng.random() < 0.5 else f"{brand}{sector} {form}"
            )
        if c.lang == "zh":
            return f"{self.rng.choice(c.cities)}{brand}{sector}{form}"
        if c.lang == "ar":
            return f"شركة {brand} {sector} {form}"
        return f"{brand} {sector} {form}"

    def bank(self, c: Country) -> str:
        _, _, patterns = _ORGS[c.lang]
        city = anyascii(self.rng.choice(c.cities))
        return self._pick(patterns, "|").format(b=self._brand(), c=city)

    def address(self, c: Country) -> list[str]:
        n = str(self.rng.randint(1, 240))
        street = self._pick(_STREETS[c.lang], "|").format(w=self._pick(_STREET_WORDS[c.lang]), n=n)
        post = str(self.rng.randint(10000, 99999))
        if c.code == "GB":
            district, sector = self.rng.randint(1, 20), self.rng.randint(1, 9)
            post = f"{self.letters(2)}{district} {sector}{self.letters(2)}"
        return [street, f"{post} {self.rng.choice(c.cities)}"]

    def account(self, c: Country, bic: str) -> str:
        length = _IBAN.get(c.code)
        if length is None:
            return "".join(self.rng.choices(string.digits, k=self.rng.choice((10, 12, 14))))
        digits = "".join(self.rng.choices(string.digits, k=length - 4))
        bban = bic[:4] + digits[4:] if c.code in ("GB", "NL", "IE") else digits
        numeric = "".join(str(int(ch, 36)) for ch in bban + c.code + "00")
        return f"{c.code}{98 - int(numeric) % 97:02d}{bban}"

    def remittance(self, personal: bool, year: int) -> str:
        rng = self.rng
        template = self._pick(_REMIT_PERSONAL if personal else _REMIT_BUSINESS, "|")
        return template.format(
            y=year,
            n=f"{rng.randint(1, 999999):06d}",
            m=rng.randint(100, 99999),
            d=f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{year}",
            mon=rng.choice(_MONTHS),
        )
