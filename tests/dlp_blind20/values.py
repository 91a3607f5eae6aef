"""The twentieth corpus's own values: people of many cultures and the ways texts write their names, e-mail addresses,
phones (valid for libphonenumber, never its example numbers), cards, IBANs, SSNs, IPs, every credential kind the
harness scores, and the retail and logistics look-alikes (order and tracking numbers, EAN-13 barcodes, gift cards,
masked cards, SKUs, HS codes, brand and street names) that are hard negatives. Written for this corpus alone: only the
generic helpers of tests/dlp_eval/value_source.py and the arithmetic of tests/dlp_eval/checksums.py are shared."""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass

import phonenumbers

from tests.dlp_eval import checksums
from tests.dlp_eval.corpus import N, V
from tests.dlp_eval.value_source import ALNUM, B64, B64URL, DIGITS, HEX, LOWER, UPPER, ValueSource, rand

PERSON = "PERSON"
CRED = "CREDENTIAL"

# --- validators this corpus's tests and the shared harness call ---------------------------------


def luhn_valid(number: str) -> bool:
    digits = "".join(c for c in number if c.isdigit())
    return len(digits) >= 12 and checksums.luhn_valid(digits)


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    return 15 <= len(compact) <= 34 and compact[:2].isalpha() and compact[2:4].isdigit() and checksums.iban_valid(compact)


def base62_checksum_valid(token: str) -> bool:
    return checksums.base62_checksum_valid(token)


def gtin13_valid(code: str) -> bool:
    """EAN-13 / GTIN-13: weights 1 and 3 from the left over the first twelve digits."""
    if len(code) != 13 or not code.isdigit():
        return False
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(code[:12]))
    return (10 - total % 10) % 10 == int(code[12])


def gtin13_complete(payload: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(payload))
    return payload + str((10 - total % 10) % 10)


# --- people ---------------------------------------------------------------------------------------

# culture: (first names, family names, family name first in its own writing)
CULTURES: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "indian": (("Priya", "Arjun", "Ananya", "Rohan", "Sneha", "Vikram", "Lakshmi", "Karthik", "Deepika", "Aishwarya",
                "Sanjay", "Meenakshi"),
               ("Raghunathan", "Mehta", "Iyer", "Reddy", "Venkataraman", "Nair", "Chatterjee", "Patel", "Krishnamurthy",
                "Banerjee", "Subramanian", "Kulkarni"), False),
    "chinese": (("Xiuying", "Wei", "Jing", "Haoran", "Yuxuan", "Zihan", "Jiahui", "Lei", "Meiling", "Zhiwei"),
                ("Wang", "Li", "Zhang", "Liu", "Chen", "Huang", "Zhao", "Zhou", "Xu", "Guo"), True),
    "vietnamese": (("Thị Lan", "Văn Minh", "Thu Hà", "Minh Anh", "Quang Huy", "Ngọc Ánh", "Đức Thắng", "Thanh Hương"),
                   ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"), True),
    "korean": (("Min-jun", "Seo-yeon", "Ji-woo", "Ha-eun", "Do-yoon", "Soo-bin", "Jae-hyun", "Ye-jin"),
               ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon", "Han"), True),
    "nigerian": (("Chioma", "Oluwaseun", "Ngozi", "Babatunde", "Emeka", "Adaeze", "Chinedu", "Funmilayo", "Olumide",
                  "Ifeoma", "Tobiloba", "Chukwuemeka"),
                 ("Okafor", "Adeyemi", "Eze", "Balogun", "Nwosu", "Okonkwo", "Adebayo", "Ogunleye", "Obi", "Afolabi",
                  "Nwachukwu", "Oyelaran"), False),
    "arabic": (("Fatima", "Omar", "Layla", "Yousef", "Khalid", "Noura", "Mariam", "Tariq", "Huda", "Rania"),
               ("Al-Harbi", "Haddad", "Mansour", "Al-Sayed", "El-Masry", "Khoury", "Al-Qahtani", "Nasser", "Bakri",
                "Al-Mutairi"), False),
    "turkish": (("Mehmet", "Ayşe", "Emre", "Zeynep", "Burak", "Elif", "Oğuz", "Gülşen", "Şebnem", "Çağla", "Hakan"),
                ("Yılmaz", "Kaya", "Şahin", "Çelik", "Öztürk", "Demir", "Aydın", "Arslan", "Doğan", "Koç", "Güneş"), False),
    "polish": (("Katarzyna", "Paweł", "Łukasz", "Agnieszka", "Małgorzata", "Krzysztof", "Zofia", "Wojciech", "Joanna",
                "Grzegorz"),
               ("Wójcik", "Nowak", "Zieliński", "Kamińska", "Lewandowski", "Wiśniewska", "Dąbrowski", "Szymańska",
                "Kowalczyk", "Jabłoński"), False),
    "dutch": (("Sanne", "Daan", "Joost", "Femke", "Bram", "Lieke", "Thijs", "Marloes", "Noor", "Wouter"),
              ("de Vries", "van den Berg", "Bakker", "Visser", "van Dijk", "Jansen", "Smit", "de Boer", "Mulder",
               "van der Meer"), False),
    "hispanic": (("María José", "Alejandro", "Lucía", "Javier", "Carmen", "Diego", "Sofía", "Andrés", "Valentina",
                  "Raúl"),
                 ("Fernández", "Gutiérrez", "Moreno", "Jiménez", "Ramírez", "Castillo", "Ortega", "Navarro",
                  "Domínguez", "Herrera"), False),
    "filipino": (("Maricel", "Jericho", "Rowena", "Jomar", "Kristine", "Rodel", "Aileen", "Mark Anthony"),
                 ("Dela Cruz", "Santos", "Bautista", "Villanueva", "Mendoza", "Macaraeg", "Pangilinan", "Soriano"), False),
    "brazilian": (("João Pedro", "Thaís", "Rafael", "Luana", "Gustavo", "Camila", "Vinícius", "Letícia"),
                  ("Carvalho", "Albuquerque", "Gonçalves", "Ribeiro", "Nascimento", "Barbosa", "Araújo", "Monteiro"),
                  False),
    "greek": (("Eleni", "Dimitris", "Nikos", "Georgia", "Konstantinos", "Katerina", "Giannis", "Vasiliki"),
              ("Papadopoulou", "Georgiou", "Konstantinidis", "Nikolaidis", "Pappas", "Vlachou", "Oikonomou",
               "Karagiannis"), False),
    "italian": (("Giulia", "Matteo", "Chiara", "Lorenzo", "Francesca", "Alessandro", "Federica"),
                ("Ricci", "Esposito", "Romano", "Colombo", "Greco", "De Luca", "Marchetti"), False),
    "german": (("Jürgen", "Lena", "Maximilian", "Anja", "Björn", "Katrin", "Sören"),
               ("Weiß", "Schäfer", "Hoffmann", "Krüger", "Schröder", "Becker", "Große"), False),
    "anglo": (("Rachel", "Tyler", "Brianna", "Connor", "Megan", "DeShawn", "Kayla", "Siobhan"),
              ("Whitfield", "Brennan", "Holloway", "Washington", "McAllister", "Thornton", "O'Sullivan"), False),
}

_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ß": "ss", "đ": "d", "Đ": "D", "ø": "o", "'": ""})


def fold(text: str) -> str:
    """ASCII letters only, as in handles and mailbox names."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    culture: str

    @property
    def family_first(self) -> bool:
        return CULTURES[self.culture][2]

    @property
    def full(self) -> str:
        """As the person writes it: family name first for Chinese, Korean and Vietnamese names."""
        return f"{self.last} {self.first}" if self.family_first else f"{self.first} {self.last}"

    @property
    def western(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def given(self) -> str:
        """What a greeting or a chat uses: the last syllable of a Vietnamese given name."""
        return self.first.split()[-1] if self.culture == "vietnamese" else self.first

    @property
    def handle(self) -> str:
        return fold(f"{self.given.split()[0]}.{self.last.replace(' ', '')}").lower().replace("-", "")


def pv(text: str) -> V:
    return V(text, PERSON, PERSON)


# --- hard-negative look-alikes ----------------------------------------------------------------------

BRANDS = ("Ted Baker", "Tommy Hilfiger", "Marks & Spencer", "Calvin Klein", "Ralph Lauren", "Hugo Boss", "Karl Lagerfeld",
          "Michael Kors", "Stella McCartney", "Tory Burch", "Kate Spade", "Jack & Jones", "Bobbi Brown", "Dr. Martens",
          "Ben & Jerry's", "Victoria Beckham", "Marc O'Polo", "Tom Tailor", "Paul Smith", "Vivienne Westwood",
          "Anna Field", "Massimo Dutti", "Pierre Cardin", "Kurt Geiger")
PLACES = ("Victoria Station", "St. Pancras", "Gare Saint-Lazare", "Santa Justa", "Ernst-Reuter-Platz", "Piazza Garibaldi")
STREETS = ("Jan van Galenstraat", "Oscar Romerolaan", "Karl-Marx-Allee", "Rue Victor Hugo", "Willem Dreeslaan",
           "Via Giuseppe Garibaldi", "ul. Marii Skłodowskiej-Curie", "Atatürk Caddesi", "Calle de Alfonso XII",
           "Martin Luther King Jr Blvd", "Konrad-Adenauer-Straße", "Avenida Getúlio Vargas", "Rua Augusta",
           "Thomas Mann Straße", "Johan Huizingalaan", "ul. Jana Pawła II")
PRODUCTS = ("Stan Smith sneakers", "Jordan 1 Mid", "Billy bookcase", "Mr. Muscle spray", "Uncle Ben's rice",
            "Mrs. Meyer's soap", "Tommy Jeans jacket", "Levi's 501", "Aunt Bessie's yorkshires", "Dr. Oetker pizza")


# --- the value source -------------------------------------------------------------------------------

PHONE_REGIONS = ("US", "GB", "DE", "NL", "PL", "IT", "ES", "TR", "IN", "CN", "VN", "KR", "NG", "AE", "SA", "PH", "BR",
                 "GR", "BE", "FR", "MX", "IE", "AT")
CULTURE_REGION = {"indian": "IN", "chinese": "CN", "vietnamese": "VN", "korean": "KR", "nigerian": "NG", "arabic": "AE",
                  "turkish": "TR", "polish": "PL", "dutch": "NL", "hispanic": "ES", "filipino": "PH", "brazilian": "BR",
                  "greek": "GR", "italian": "IT", "german": "DE", "anglo": "GB"}
MAIL_DOMAINS = {"IN": ("gmail.com", "yahoo.co.in", "rediffmail.com"), "CN": ("qq.com", "163.com", "outlook.com"),
                "VN": ("gmail.com", "yahoo.com.vn"), "KR": ("naver.com", "daum.net", "gmail.com"),
                "NG": ("gmail.com", "yahoo.com", "outlook.com"), "AE": ("gmail.com", "hotmail.com"),
                "TR": ("gmail.com", "hotmail.com.tr", "yandex.com.tr"), "PL": ("wp.pl", "onet.pl", "o2.pl", "interia.pl"),
                "NL": ("ziggo.nl", "kpnmail.nl", "hotmail.nl", "gmail.com"), "ES": ("yahoo.es", "gmail.com", "telefonica.net"),
                "PH": ("gmail.com", "yahoo.com.ph"), "BR": ("uol.com.br", "bol.com.br", "gmail.com"),
                "GR": ("gmail.com", "otenet.gr"), "IT": ("libero.it", "virgilio.it", "gmail.com"),
                "DE": ("web.de", "gmx.de", "t-online.de"), "GB": ("btinternet.com", "outlook.com", "yahoo.co.uk")}
STAFF_DOMAINS = ("kestrel-retail.com", "kestrelhome.nl", "kestrel-logistics.de", "marktplatz-kestrel.de", "kestrel.com.tr")
CARD_BRANDS = ("visa", "mc5", "mc2", "amex", "discover", "jcb", "maestro", "diners", "unionpay")
IBAN_COUNTRIES = ("NL", "DE", "PL", "IT", "ES", "TR", "BE", "GB", "FR", "AT", "IE", "PT", "GR", "AE", "SA", "CH")


class Values(ValueSource):
    """The whole corpus's value source (one rng, one use counter)."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng, Counter())

    # -- people, mail, phones --------------------------------------------------------------------

    def person(self, culture: str | None = None) -> Person:
        culture = culture or self.least("culture", tuple(CULTURES))
        firsts, lasts, _ = CULTURES[culture]
        return Person(self.pick(firsts), self.pick(lasts), culture)

    def email(self, p: Person | None = None, staff: bool = False) -> str:
        p = p or self.person()
        f, last = fold(p.given.split()[0]).lower(), fold(p.last).lower().replace(" ", "").replace("-", "")
        if staff:
            return f"{self.pick((f'{f}.{last}', f'{f[0]}.{last}', f'{f}{last[0]}'))}@{self.pick(STAFF_DOMAINS)}"
        local = self.pick((f"{f}.{last}", f"{f}{last}{self.rng.randrange(7, 99)}", f"{f[0]}{last}", f"{last}.{f}",
                           f"{f}_{last}", f"{f}{self.rng.randrange(1970, 2004)}"))
        return f"{local}@{self.pick(MAIL_DOMAINS[CULTURE_REGION[p.culture]])}"

    def email_v(self, p: Person | None = None, staff: bool = False) -> V:
        return V(self.email(p, staff), "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def phone(self, region: str | None = None, style: str | None = None) -> str:
        region = region or self.least("phone_region", PHONE_REGIONS)
        kind = phonenumbers.PhoneNumberType.MOBILE if self.chance(0.7) or region in ("US",) else \
            phonenumbers.PhoneNumberType.FIXED_LINE
        ex = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number_for_type(
            region, phonenumbers.PhoneNumberType.MOBILE)
        digits = str(ex.national_number)
        for _ in range(200):
            if region == "US":
                area = self.pick(("212", "312", "415", "617", "713", "206", "404", "305", "469", "702", "773", "917"))
                exch = str(self.rng.randrange(2, 10)) + self.digits(2)
                if exch[1:] == "11" or exch == "555":
                    continue
                new = area + exch + self.digits(4)
            else:
                keep = 2 if len(digits) > 7 else 1
                new = digits[:keep] + self.digits(len(digits) - keep)
            if new == digits:
                continue
            num = phonenumbers.PhoneNumber(country_code=ex.country_code, national_number=int(new),
                                           italian_leading_zero=ex.italian_leading_zero,
                                           number_of_leading_zeros=ex.number_of_leading_zeros)
            if phonenumbers.is_valid_number(num) and phonenumbers.region_code_for_number(num) == region:
                break
        else:  # pragma: no cover - every region above yields numbers quickly
            raise RuntimeError(region)
        style = style or self.pick(("intl", "intl", "e164", "national", "intl", "00"))
        if region == "US":
            nat = str(num.national_number)
            text = {"intl": f"+1 {nat[:3]} {nat[3:6]} {nat[6:]}", "e164": f"+1{nat}", "00": f"+1 ({nat[:3]}) {nat[3:6]}-{nat[6:]}",
                    "national": self.pick((f"({nat[:3]}) {nat[3:6]}-{nat[6:]}", f"{nat[:3]}-{nat[3:6]}-{nat[6:]}",
                                           f"{nat[:3]}.{nat[3:6]}.{nat[6:]}"))}[style]
        elif style == "e164":
            text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        elif style == "national":
            text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
        elif style == "00":
            text = "00" + phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)[1:]
        else:
            text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return text if _reads_as(text, region) else phonenumbers.format_number(
            num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    def phone_v(self, region: str | None = None, style: str | None = None) -> V:
        return V(self.phone(region, style), "PHONE_NUMBER", "PHONE_NUMBER")

    def phone_for(self, p: Person, style: str | None = None) -> V:
        region = CULTURE_REGION[p.culture] if self.chance(0.6) else None
        return self.phone_v(region, style)

    # -- cards, IBANs, SSNs, IPs -----------------------------------------------------------------

    def card(self, brand: str | None = None, layout: str | None = None) -> str:
        brand = brand or self.least("card_brand", CARD_BRANDS)
        prefix, length = {
            "visa": (self.pick(("4", "49", "45", "41")), 16),
            "mc5": (str(self.rng.randrange(51, 56)), 16),
            "mc2": (str(self.rng.randrange(2221, 2721)), 16),
            "amex": (self.pick(("34", "37")), 15),
            "discover": (self.pick(("6011", "65", str(self.rng.randrange(644, 650)))), 16),
            "jcb": (str(self.rng.randrange(3528, 3590)), 16),
            "maestro": (self.pick(("6759", "6761", "5018", "5020", "6304")), self.pick((16, 19))),
            "diners": (self.pick(("36", "38", "300", "305")), 14),
            "unionpay": ("62" + self.digits(2), 16),
        }[brand]
        number = checksums.luhn_complete(prefix + self.digits(length - len(prefix) - 1))
        layout = layout or self.least("card_layout", ("spaced", "dashed", "plain"))
        if layout == "plain":
            return number
        sep = " " if layout == "spaced" else "-"
        if length == 15:
            parts = (number[:4], number[4:10], number[10:])
        elif length == 14:
            parts = (number[:4], number[4:10], number[10:])
        else:
            parts = tuple(number[i:i + 4] for i in range(0, length, 4))
        return sep.join(parts)

    def card_v(self, brand: str | None = None, layout: str | None = None) -> V:
        return V(self.card(brand, layout), "CREDIT_CARD", "CREDIT_CARD")

    def bban(self, country: str) -> str:
        d = self.digits
        if country == "BE":
            body = d(10)
            check = int(body) % 97 or 97
            return f"{body}{check:02d}"
        return {
            "NL": lambda: self.pick(("ABNA", "RABO", "INGB", "TRIO", "SNSB", "KNAB", "BUNQ")) + d(10),
            "DE": lambda: self.pick(("10070000", "20050550", "37040044", "50010517", "70150000", "43060967")) + d(10),
            "PL": lambda: self.pick(("1020", "1140", "1090", "1050", "2490")) + d(20),
            "IT": lambda: self.pick(UPPER) + self.pick(("03069", "02008", "05034", "03062")) + d(5) + d(12),
            "ES": lambda: self.pick(("2100", "0049", "0182", "2080", "0081")) + d(16),
            "TR": lambda: self.pick(("00062", "00010", "00046", "00064", "00111")) + "0" + d(16),
            "GB": lambda: self.pick(("NWBK", "BARC", "LOYD", "HBUK", "MIDL")) + d(14),
            "FR": lambda: self.pick(("30004", "20041", "30003", "10278")) + d(5) + d(11) + d(2),
            "AT": lambda: self.pick(("20111", "12000", "32000", "14000")) + d(11),
            "IE": lambda: self.pick(("AIBK", "BOFI")) + d(14),
            "PT": lambda: self.pick(("0035", "0033", "0007")) + d(17),
            "GR": lambda: self.pick(("0110125", "0140101", "0172010")) + d(16),
            "AE": lambda: self.pick(("033", "026", "035")) + d(16),
            "SA": lambda: self.pick(("80", "10", "45")) + d(18),
            "CH": lambda: self.pick(("00762", "00230", "08401")) + d(12),
        }[country]()

    def iban(self, country: str | None = None, grouped: bool | None = None) -> str:
        country = country or self.least("iban_country", IBAN_COUNTRIES)
        bban = self.bban(country)
        compact = country + checksums.iban_check_digits(country, bban) + bban
        grouped = self.chance(0.45) if grouped is None else grouped
        return self.group4(compact) if grouped else compact

    def iban_v(self, country: str | None = None, grouped: bool | None = None) -> V:
        return V(self.iban(country, grouped), "IBAN_CODE", "IBAN_CODE")

    def bad_iban(self) -> N:
        good = self.iban(self.pick(IBAN_COUNTRIES), grouped=False)
        check = int(good[2:4])
        bad = good[:2] + f"{(check + self.rng.randrange(1, 90)) % 97 + 2:02d}" + good[4:]
        bad = bad if not iban_valid(bad) else good[:2] + f"{(check + 1) % 98:02d}" + good[4:]
        return N(self.group4(bad) if self.chance(0.5) else bad, "bad_iban", "IBAN_CODE")

    def ssn(self, layout: str | None = None) -> str:
        while True:
            area = self.rng.randrange(1, 900)
            group, serial = self.rng.randrange(1, 100), self.rng.randrange(1, 10000)
            text = f"{area:03d}-{group:02d}-{serial:04d}"
            if area != 666 and text not in ("078-05-1120", "123-45-6789", "219-09-9999"):
                break
        layout = layout or self.least("ssn_layout", ("dashed", "dashed", "plain", "spaced"))
        return {"dashed": text, "plain": text.replace("-", ""), "spaced": text.replace("-", " ")}[layout]

    def ssn_v(self, layout: str | None = None) -> V:
        return V(self.ssn(layout), "US_SSN", "US_SSN")

    def ipv4(self, private: bool | None = None) -> str:
        private = self.chance(0.5) if private is None else private
        while True:
            if private:
                text = self.pick((f"10.{self.rng.randrange(0, 256)}.{self.rng.randrange(0, 256)}.{self.rng.randrange(2, 255)}",
                                  f"172.{self.rng.randrange(16, 32)}.{self.rng.randrange(0, 256)}.{self.rng.randrange(2, 255)}",
                                  f"192.168.{self.rng.randrange(0, 256)}.{self.rng.randrange(2, 255)}"))
                return text
            first = self.pick((31, 37, 46, 62, 77, 78, 81, 84, 85, 88, 91, 94, 95, 109, 145, 176, 178, 185, 188, 212, 213,
                               217, 24, 64, 71, 98, 73, 49, 103, 122, 180))
            text = f"{first}.{self.rng.randrange(0, 256)}.{self.rng.randrange(0, 256)}.{self.rng.randrange(1, 255)}"
            if ipaddress.ip_address(text).is_global:
                return text

    def ipv6(self, private: bool | None = None) -> str:
        private = self.chance(0.3) if private is None else private
        if private:
            head = ["fd" + rand(self.rng, HEX, 2), rand(self.rng, HEX, 4)]
        else:
            head = self.pick((["2a02", rand(self.rng, HEX, 4)], ["2a01", rand(self.rng, HEX, 4)], ["2001", "1c00"],
                              ["2a00", rand(self.rng, HEX, 4)], ["2600", rand(self.rng, HEX, 4)], ["2406", rand(self.rng, HEX, 4)],
                              ["2c0f", rand(self.rng, HEX, 4)]))
        tail = [rand(self.rng, HEX, self.rng.randrange(1, 5)) for _ in range(6)]
        if self.chance(0.6):
            zero = self.rng.randrange(1, 4)
            tail[1:1 + zero] = ["0"] * zero
        addr = ipaddress.IPv6Address(":".join(head + tail))
        assert addr.is_private if private else addr.is_global, addr
        return str(addr)

    def ip_v(self, v6: bool = False, private: bool | None = None) -> V:
        return V(self.ipv6(private) if v6 else self.ipv4(private), "IP_ADDRESS", "IP_ADDRESS")

    # -- credentials -----------------------------------------------------------------------------

    def b62(self, n: int) -> str:
        return rand(self.rng, ALNUM, n)

    def password(self, style: str | None = None) -> str:
        style = style or self.pick(("word", "word", "random", "phrase"))
        if style == "random":
            return rand(self.rng, ALNUM, self.rng.randrange(12, 20)) + self.pick(("!", "#", "%", "*", "-", "_"))
        if style == "phrase":
            return "-".join(self.pick(("Magazijn", "Paket", "Kargo", "Sklep", "Tienda", "Negozio", "Lager", "Retour",
                                       "Zomer", "Winter", "Bahar", "Kasa", "Kurier", "Scanner", "Palette"))
                            for _ in range(2)) + str(self.rng.randrange(10, 99)) + self.pick(("!", "?", "#", ""))
        return self.pick(("Kestrel", "Warehouse", "Lager", "Depot", "Pakket", "Dostawa", "Spedizione", "Envio", "Teslimat",
                          "Checkout", "Picking", "Returns")) + self.pick(("", "_", "#", "!", ".")) + \
            str(self.rng.randrange(2019, 2027)) + self.pick(("!", "$", "%", "*", "x", "Q", "#"))

    def password_url(self) -> str:
        return self.pick((self.password("random").rstrip("!#%*"), self.password("word").replace("#", "_").replace(
            "%", "_").replace("$", "_")))

    def github(self) -> str:
        body = self.b62(30)
        return self.pick(("ghp", "ghp", "gho", "ghs", "ghu")) + "_" + body + checksums.crc32_base62(body)

    def github_pat(self) -> str:
        return "github_pat_11" + rand(self.rng, UPPER + DIGITS, 20) + "_" + self.b62(59)

    def npm(self) -> str:
        body = self.b62(30)
        return "npm_" + body + checksums.crc32_base62(body)

    def slack(self) -> str:
        kind = self.pick(("xoxb", "xoxb", "xoxp", "xapp"))
        if kind == "xoxb":
            return f"xoxb-{self.digits(11)}-{self.digits(13)}-{self.b62(24)}"
        if kind == "xoxp":
            return f"xoxp-{self.digits(11)}-{self.digits(11)}-{self.digits(13)}-{rand(self.rng, HEX, 32)}"
        return f"xapp-1-A{rand(self.rng, UPPER + DIGITS, 10)}-{self.digits(13)}-{rand(self.rng, HEX, 64)}"

    def slack_webhook(self) -> tuple[str, str]:
        secret = self.b62(24)
        return (f"https://hooks.slack.com/services/T{rand(self.rng, UPPER + DIGITS, 8)}/B{rand(self.rng, UPPER + DIGITS, 10)}/"
                f"{secret}", secret)

    def gitlab(self) -> str:
        return "glpat-" + rand(self.rng, ALNUM + "-_", 20)

    def stripe(self) -> str:
        return self.pick(("sk_live_", "sk_live_", "rk_live_")) + self.b62(self.pick((24, 99)))

    def google(self) -> str:
        if self.chance(0.2):
            return "GOCSPX-" + rand(self.rng, ALNUM + "-_", 28)
        return "AIzaSy" + rand(self.rng, ALNUM + "-_", 33)

    def ado_pat(self) -> str:
        return self.annotated("AZDO") if self.chance(0.5) else rand(self.rng, "abcdefghijklmnopqrstuvwxyz234567", 52)

    def annotated(self, provider: str) -> str:
        return (self.b62(52) + "JQQJ99" + self.pick("BC") + self.pick("ABCDEFGHIJKL") + self.b62(12) + provider
                + self.pick(UPPER + LOWER) + self.b62(7))

    def sendgrid(self) -> str:
        return "SG." + rand(self.rng, ALNUM + "-_", 22) + "." + rand(self.rng, ALNUM + "-_", 43)

    def b64key(self, nbytes: int = 64) -> str:
        return base64.b64encode(bytes(self.rng.randrange(256) for _ in range(nbytes))).decode()

    def aoai(self) -> str:
        return self.annotated("ACOG") if self.chance(0.35) else rand(self.rng, HEX, 32)

    def openai(self) -> str:
        if self.chance(0.3):
            return "sk-" + self.b62(20) + "T3BlbkFJ" + self.b62(20)
        prefix = self.pick(("sk-proj-", "sk-proj-", "sk-svcacct-"))
        return prefix + rand(self.rng, ALNUM + "-_", 64) + "T3BlbkFJ" + rand(self.rng, ALNUM + "-_", 64)

    def anthropic(self) -> str:
        return "sk-ant-api03-" + rand(self.rng, ALNUM + "-_", 93) + "AA"

    def aws_id(self) -> str:
        return self.pick(("AKIA", "AKIA", "ASIA")) + rand(self.rng, UPPER + "234567", 16)

    def aws_secret(self) -> str:
        return rand(self.rng, ALNUM + "+/", 40)

    def entra(self) -> str:
        return rand(self.rng, ALNUM, 3) + "8Q~" + rand(self.rng, ALNUM + "_.~-", 34)

    def twilio(self) -> str:
        return "SK" + rand(self.rng, HEX, 32) if self.chance(0.5) else rand(self.rng, HEX, 32)

    def mailgun(self) -> str:
        return "key-" + rand(self.rng, HEX, 32) if self.chance(0.5) else \
            f"{rand(self.rng, HEX, 32)}-{rand(self.rng, HEX, 8)}-{rand(self.rng, HEX, 8)}"

    def pypi(self) -> str:
        return "pypi-AgEIcHlwaS5vcmc" + rand(self.rng, B64URL, self.rng.randrange(120, 160))

    def hf(self) -> str:
        return "hf_" + rand(self.rng, UPPER + LOWER, 34)

    def opaque(self) -> str:
        return self.pick((rand(self.rng, ALNUM, 40), rand(self.rng, B64URL, 56), "at_" + rand(self.rng, ALNUM + "-_", 44)))

    def jwt(self, iss: str = "https://auth.kestrel-retail.com/") -> str:
        def enc(obj: dict) -> str:
            raw = json.dumps(obj, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).decode().rstrip("=")

        head = {"alg": self.pick(("RS256", "HS256", "ES256")), "typ": "JWT"}
        if head["alg"] != "HS256":
            head["kid"] = self.b62(16)
        now = self.rng.randrange(1_735_000_000, 1_770_000_000)
        body = {"sub": self.pick(("carrier-sync", "pos-gateway", "wms-worker", str(self.rng.randrange(10**6, 10**7)))),
                "iss": iss, "aud": self.pick(("orders-api", "tracking", "loyalty", "https://api.kestrel-retail.com")),
                "iat": now, "exp": now + 3600, "scope": self.pick(("orders:read orders:write", "shipments:create",
                                                                  "loyalty:read", "refunds:write"))}
        return f"{enc(head)}.{enc(body)}.{rand(self.rng, B64URL, 43 if head['alg'] == 'HS256' else 86)}"

    def pem(self, escaped: bool = False) -> str:
        kind = self.pick(("EC", "OPENSSH", "PKCS8"))
        if kind == "EC":
            head, body = "EC PRIVATE KEY", "MHcCAQEEI" + rand(self.rng, B64, 155) + "=="
        elif kind == "PKCS8":
            head, body = "PRIVATE KEY", "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg" + rand(self.rng, B64, 136)
        else:
            head, body = "OPENSSH PRIVATE KEY", ("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
                                                 "QyNTUxOQAAACA" + rand(self.rng, B64, 230) + "=")
        nl = "\\n" if escaped else "\n"
        lines = [body[i:i + (70 if kind == "OPENSSH" else 64)] for i in range(0, len(body), 70 if kind == "OPENSSH" else 64)]
        return f"-----BEGIN {head}-----{nl}" + nl.join(lines) + f"{nl}-----END {head}-----"

    # -- retail and logistics look-alikes (hard negatives) ---------------------------------------

    def ean13(self) -> N:
        while True:
            code = gtin13_complete(self.pick(("400", "401", "406", "871", "872", "590", "800", "840", "869", "500",
                                              "880", "893", "690", "789")) + self.digits(9))
            if not luhn_valid(code):
                return N(code, "ean13", "CREDIT_CARD")

    def gift_card(self) -> N:
        if self.chance(0.5):
            while True:
                code = "6" + self.pick(("0", "3", "2")) + self.digits(17)
                if not luhn_valid(code):
                    return N(code, "gift_card", "CREDIT_CARD")
        return N("-".join(rand(self.rng, UPPER + "23456789", 4) for _ in range(4)), "gift_card", "CREDIT_CARD")

    def luhn_fail16(self) -> N:
        while True:
            code = self.pick(("4", "5", "37", "6011")) + self.digits(15)
            code = code[:16]
            if not luhn_valid(code):
                return N(code, "luhn_fail", "CREDIT_CARD")

    def masked_card(self) -> N:
        number = self.card(layout="plain")
        last4 = number[-4:]
        text = self.pick((f"{number[:6]}{'*' * (len(number) - 10)}{last4}", f"**** **** **** {last4}",
                          f"{number[:4]} {number[4:6]}XX XXXX {last4}", f"XXXXXXXXXXXX{last4}",
                          f"{number[:6]}******{last4}"))
        return N(text, "masked_card", "CREDIT_CARD")

    def test_card(self) -> N:
        return N(self.pick(("4111 1111 1111 1111", "4242424242424242", "5555 5555 5555 4444", "4000 0000 0000 0002",
                            "378282246310005")), "test_card", "CREDIT_CARD")

    def ups(self) -> N:
        return N("1Z" + rand(self.rng, UPPER + DIGITS, 6) + self.pick(("01", "02", "03", "12", "66")) + self.digits(8),
                 "tracking_ups", "CREDIT_CARD")

    def dhl(self) -> N:
        return N(self.pick(("00340434", "JJD0001")) + self.digits(12) if self.chance(0.4) else self.digits(10),
                 "tracking_dhl", "PHONE_NUMBER")

    def postnl(self) -> N:
        return N("3S" + rand(self.rng, UPPER, 4) + self.digits(self.pick((7, 9))), "tracking_postnl", "PHONE_NUMBER")

    def intl_parcel(self) -> N:
        return N(self.pick(("RR", "CP", "LX", "UA", "EE")) + self.digits(9) + self.pick(("NL", "DE", "PL", "TR", "GB",
                                                                                          "IT", "ES")),
                 "tracking_s10", "IBAN_CODE")

    def amazon_order(self) -> N:
        return N(f"{self.rng.randrange(111, 409)}-{self.digits(7)}-{self.digits(7)}", "marketplace_order", "PHONE_NUMBER")

    def order_no(self) -> N:
        return N(self.pick((f"#{self.rng.randrange(100000, 999999)}", f"SO-2025-{self.digits(6)}", f"KR{self.digits(9)}",
                            f"{self.rng.randrange(10**9, 10**10)}")), "order_number", "PHONE_NUMBER")

    def rma(self) -> N:
        return N(self.pick((f"RMA-{self.rng.randrange(2024, 2026)}-{self.digits(6)}", f"R{self.digits(8)}",
                            f"RET/{self.digits(5)}/25")), "rma_number", "PHONE_NUMBER")

    def invoice(self) -> N:
        return N(self.pick((f"INV-2025-{self.digits(6)}", f"FV/{self.rng.randrange(1, 13):02d}/2025/{self.digits(5)}",
                            f"FT 2025/{self.digits(6)}", f"RE-{self.digits(8)}")), "invoice_number", "PHONE_NUMBER")

    def sku(self) -> N:
        return N(self.pick((f"{rand(self.rng, UPPER, 3)}-{self.digits(5)}-{self.pick(('XS', 'S', 'M', 'L', 'XL'))}",
                            f"SKU{self.digits(8)}", f"{rand(self.rng, UPPER, 2)}{self.digits(4)}-{self.pick(('BLK', 'NVY', 'RED', 'WHT'))}")),
                 "sku", "PHONE_NUMBER")

    def hs_code(self) -> N:
        return N(self.pick((f"{self.pick(('6403', '6109', '6204', '8517', '9503', '4202', '3304'))}.{self.digits(2)}.{self.digits(2)}",
                            self.pick(("6403", "6109", "6204", "8517", "9503", "4202", "3304")) + self.digits(6))),
                 "hs_code", "PHONE_NUMBER")

    def bin_location(self) -> N:
        return N(f"{self.pick(UPPER[:8])}-{self.rng.randrange(1, 40):02d}-{self.rng.randrange(1, 12):02d}-"
                 f"{self.rng.randrange(1, 6)}", "bin_location", "PHONE_NUMBER")

    def store_id(self) -> N:
        return N(self.pick((f"ST-{self.digits(4)}", f"NL{self.digits(3)}", f"store_{self.digits(3)}")), "store_id",
                 "PHONE_NUMBER")

    def terminal_id(self) -> N:
        return N(self.pick((f"P400Plus-{self.digits(9)}", f"TID {self.digits(8)}", f"V400m-{self.digits(9)}")),
                 "terminal_id", "PHONE_NUMBER")

    def version4(self) -> N:
        return N(f"{self.rng.randrange(1, 12)}.{self.rng.randrange(0, 40)}.{self.rng.randrange(0, 20)}."
                 f"{self.rng.randrange(0, 255)}", "version", "IP_ADDRESS")

    def doc_ip(self) -> N:
        return N(self.pick((f"192.0.2.{self.rng.randrange(1, 255)}", f"198.51.100.{self.rng.randrange(1, 255)}",
                            f"203.0.113.{self.rng.randrange(1, 255)}", f"2001:db8::{rand(self.rng, HEX, 3)}")),
                 "doc_ip", "IP_ADDRESS")

    def guid(self) -> N:
        h = rand(self.rng, HEX, 32)
        return N(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}", "guid", "azure_openai_key")

    def sha(self) -> N:
        return N(rand(self.rng, HEX, 40), "commit_sha", "github_token")

    def md5(self) -> N:
        return N(rand(self.rng, HEX, 32), "checksum", "azure_ai_key_no_keyword")

    def brand(self) -> N:
        return N(self.pick(BRANDS), "brand", PERSON)

    def street(self) -> N:
        return N(self.pick(STREETS), "street", PERSON)

    def place(self) -> N:
        return N(self.pick(PLACES), "place", PERSON)

    def product(self) -> N:
        return N(self.pick(PRODUCTS), "product", PERSON)

    def example_email(self) -> N:
        return N(self.pick(("jane.doe@example.com", "customer@example.com", "test.buyer@example.org", "you@example.com",
                            "seller@example.net", "orders@example.com")), "example_email", "EMAIL_ADDRESS")

    def placeholder(self, mimics: str) -> N:
        return N(self.pick(("<your-key>", "${SFTP_PASSWORD}", "XXXXXXXX", "<REDACTED>", "changeme", "${{ secrets.API_KEY }}",
                            "********", "{{ vault_password }}", "<password>", "%CARRIER_PASS%")), "placeholder", mimics)

    def bad_ssn(self) -> N:
        return N(self.pick((f"000-{self.rng.randrange(10, 99)}-{self.digits(4)}", f"666-{self.rng.randrange(10, 99)}-{self.digits(4)}",
                            f"9{self.digits(2)}-7{self.digits(1)}-{self.digits(4)}", "078-05-1120",
                            f"{self.rng.randrange(100, 899)}-00-{self.digits(4)}")), "bad_ssn", "US_SSN")

    def ein(self) -> N:
        return N(f"{self.rng.randrange(10, 99)}-{self.digits(7)}", "ein", "US_SSN")

    def fict_phone(self) -> N:
        return N(f"({self.pick(('212', '310', '415', '646'))}) 555-01{self.digits(2)}", "fict_phone", "PHONE_NUMBER")

    def stripe_test(self) -> N:
        return N(self.pick(("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "pk_test_TYooMQauvdEDq54NiTphI7jx")), "documented_example",
                 "stripe_key")

    def aws_example(self) -> N:
        return N("AKIAIOSFODNN7EXAMPLE", "documented_example", "aws_access_key_id")

    def account_sid(self) -> N:
        return N("AC" + rand(self.rng, HEX, 32), "account_sid", "twilio_key")

    def client_id(self) -> N:
        return N(self.pick(("A", "AZ", "Ab")) + rand(self.rng, ALNUM + "-_", 78), "client_id", "password_cli")


def _reads_as(text: str, region: str) -> bool:
    """`text` is a valid number when read the way the harness reads it (international, or national in the first of the
    regions in which it is valid: a national number may read as another region's)."""
    for r in PHONE_REGIONS:
        try:
            parsed = phonenumbers.parse(text, r)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return True
    return False
