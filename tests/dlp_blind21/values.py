"""The twenty-first corpus's values: people (names.py) and how texts write them, e-mail addresses, phone numbers
of nineteen countries (checked with libphonenumber as they are made), payment cards, IBANs, SSNs, IP addresses,
credentials of every kind the harness scores, and the hard negatives of telecom and utility texts (IMSI, ICCID,
IMEI, meter point numbers, OIDs, versions, MAC addresses, masked and failing values). Every generator here was
written for this corpus; the shared helpers are the arithmetic of tests/dlp_eval/checksums.py and the draws of
tests/dlp_eval/value_source.py."""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import phonenumbers

from tests.dlp_eval import checksums
from tests.dlp_eval.templates import Neg, Val
from tests.dlp_eval.value_source import ALNUM, B64, B64URL, DIGITS, HEX, LOWER, UPPER, ValueSource, rand
from tests.dlp_eval.value_source import iban_valid as _iban_valid

from .names import COUNTRY_CULTURES, CULTURES

PHONE_REGIONS = ("GB", "IE", "DE", "FR", "ES", "PT", "IT", "NL", "PL", "RO", "ZA", "KE", "NG", "IN", "PH", "AU", "US",
                 "MX", "BR")
IBAN_COUNTRIES = ("GB", "IE", "DE", "FR", "ES", "PT", "IT", "NL", "PL", "RO")
PERSON = "PERSON"
CRED = "CREDENTIAL"


# --- validators (this corpus's own, over the shared arithmetic) ------------------------------------------------


def luhn_valid(number: str) -> bool:
    digits = re.sub(r"[ -]", "", number)
    return digits.isdigit() and len(digits) >= 12 and checksums.luhn_valid(digits)


def iban_valid(iban: str) -> bool:
    return _iban_valid(iban)


def base62_checksum_valid(token: str) -> bool:
    return checksums.base62_checksum_valid(token, 36)


def mpan_valid(core: str) -> bool:
    """A UK MPAN core (13 digits): the check digit is the sum of the first twelve times 3, 5, 7, 13, ... mod 11 mod 10."""
    d = re.sub(r"\D", "", core)
    if len(d) != 13:
        return False
    primes = (3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43)
    return sum(int(a) * p for a, p in zip(d[:12], primes)) % 11 % 10 == int(d[12])


def gs1_valid(number: str) -> bool:
    """A GS1 / EAN number's last digit is its mod-10 check digit (weights 3 and 1 from the right)."""
    d = re.sub(r"\D", "", number)
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(d[:-1])))
    return (10 - total % 10) % 10 == int(d[-1])


def _gs1_complete(payload: str) -> str:
    for c in DIGITS:
        if gs1_valid(payload + c):
            return payload + c
    raise AssertionError(payload)


def _mpan_complete(payload: str) -> str:
    primes = (3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43)
    return payload + str(sum(int(a) * p for a, p in zip(payload, primes)) % 11 % 10)


def ascii_fold(text: str) -> str:
    out = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L").replace("ß", "ss"))
    return "".join(c for c in out if not unicodedata.combining(c))


# --- people ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    given: str
    surname: str
    culture: str
    country: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.surname}"

    def handle(self, sep: str = ".") -> str:
        g = re.sub(r"[^a-z-]", "", ascii_fold(self.given).lower())
        s = re.sub(r"[^a-z]", "", ascii_fold(self.surname).lower())
        return f"{g}{sep}{s}"


def P(text: str) -> Val:  # noqa: N802 - a person's name as written, labelled
    return Val(text, PERSON, PERSON)


# --- phones -------------------------------------------------------------------------------------------------------

# national significant number patterns: (prefix choices, digits after the prefix)
_NSN: dict[str, tuple[tuple[tuple[str, ...], int], ...]] = {
    "GB": ((("74", "75", "77", "78", "79"), 8), (("207", "208", "203"), 7), (("161", "113", "131", "292", "121"), 7)),
    "IE": ((("83", "85", "86", "87", "89"), 7), (("1",), 7), (("21", "91", "61"), 7)),
    "DE": ((("151", "152", "157", "160", "170", "171", "176"), 8), (("30", "40"), 8), (("89",), 8)),
    "FR": ((("6", "7"), 8), (("1", "4", "5"), 8)),
    "ES": ((("6",), 8), (("91", "93", "96"), 7)),
    "PT": ((("91", "92", "93", "96"), 7), (("21", "22"), 7)),
    "IT": ((("32", "33", "34", "34", "36", "38"), 8), (("06",), 8), (("02",), 8)),
    "NL": ((("6",), 8), (("20", "10", "30"), 7)),
    "PL": ((("50", "51", "53", "60", "66", "69", "72", "79", "88"), 7), (("22", "12"), 7)),
    "RO": ((("72", "73", "74", "75", "76"), 7), (("21",), 7), (("264",), 6)),
    "ZA": ((("82", "83", "72", "73", "76", "79", "61"), 7), (("11", "21", "31"), 7)),
    "KE": ((("70", "71", "72", "74", "79", "11"), 7), (("20",), 7)),
    "NG": ((("803", "806", "813", "703", "706", "903", "810", "816"), 7), (("1",), 7)),
    "IN": ((("98", "99", "97", "94", "88", "70", "63"), 8), (("22", "11", "80"), 8)),
    "PH": ((("917", "918", "927", "939", "998", "905"), 7), (("2",), 8)),
    "AU": ((("4",), 8), (("2", "3"), 8), (("8",), 8)),
    "US": (),
    "MX": ((("55", "33", "81"), 8),),
    "BR": ((("119", "219", "319", "419"), 8), (("113", "213"), 7)),
}
_US_AREAS = ("617", "312", "415", "713", "404", "206", "303", "612", "503", "214", "305", "646", "480", "919", "216",
             "702", "801", "314")
_CC = {r: str(phonenumbers.country_code_for_region(r)) for r in PHONE_REGIONS}


def valid_in(text: str, regions: tuple[str, ...] = PHONE_REGIONS) -> str | None:
    """The region in which `text` is first found a valid number (the harness's reading), or None."""
    for r in regions:
        try:
            n = phonenumbers.parse(text, r)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(n):
            return phonenumbers.region_code_for_number(n)
    return None


def _is_example(n: phonenumbers.PhoneNumber, region: str) -> bool:
    for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
        ex = phonenumbers.example_number_for_type(region, t)
        if ex is not None and ex.national_number == n.national_number:
            return True
    return False


# --- IBAN layouts: country -> function of the rng giving the BBAN ---------------------------------------------


def _bban(rng: random.Random, country: str) -> str:
    d = lambda n: rand(rng, DIGITS, n)  # noqa: E731
    if country == "GB":
        return rng.choice(("NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA")) + d(6) + d(8)
    if country == "IE":
        return rng.choice(("AIBK", "BOFI", "IPBS", "ULSB")) + rng.choice(("931152", "900017", "985010", "930604")) + d(8)
    if country == "DE":
        return rng.choice(("37040044", "10010010", "50010517", "20041133", "70150000", "43060967")) + d(10)
    if country == "FR":
        return rng.choice(("30004", "20041", "30003", "10278", "16606")) + d(5) + d(11) + d(2)
    if country == "ES":
        return rng.choice(("2100", "0049", "0182", "2038", "0081")) + d(4) + d(2) + d(10)
    if country == "PT":
        return rng.choice(("0035", "0033", "0010", "0036", "0018")) + d(4) + d(11) + d(2)
    if country == "IT":
        return rng.choice(UPPER) + rng.choice(("03069", "02008", "05034", "03062")) + d(5) + d(12)
    if country == "NL":
        return rng.choice(("ABNA", "RABO", "INGB", "SNSB", "TRIO", "ASNB")) + d(10)
    if country == "PL":
        return rng.choice(("1020", "1140", "1090", "2490")) + d(20)
    if country == "RO":
        return rng.choice(("BTRL", "RNCB", "BRDE", "INGB", "BACX")) + rand(rng, UPPER + DIGITS, 16)
    raise KeyError(country)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


OPERATORS = {
    "GB": ("Brightwell Energy", "brightwell-energy.co.uk"), "IE": ("Liffey Power & Gas", "liffeypower.ie"),
    "DE": ("Stadtwerke Emsfeld", "stadtwerke-emsfeld.de"), "FR": ("Azur Télécom", "azur-telecom.fr"),
    "ES": ("Aguas del Turia", "aguasdelturia.es"), "PT": ("Tejo Energia", "tejoenergia.pt"),
    "IT": ("Acque Padane", "acquepadane.it"), "NL": ("Polderstroom", "polderstroom.nl"),
    "PL": ("Wisła Energia", "wislaenergia.pl"), "RO": ("Carpatel Mobil", "carpatel.ro"),
    "ZA": ("Highveld Power", "highveldpower.co.za"), "KE": ("Rift Telecom", "rifttelecom.co.ke"),
    "NG": ("Eko Grid Disco", "ekogrid.com.ng"), "IN": ("Sahyadri Power", "sahyadripower.in"),
    "PH": ("Luzon Waterworks", "luzonwater.com.ph"), "AU": ("Coral Coast Energy", "coralcoast.com.au"),
    "US": ("Prairie Gas & Electric", "prairiege.com"), "MX": ("Agua del Bajío", "aguadelbajio.mx"),
    "BR": ("Energia Paulista", "energiapaulista.com.br"),
}
PERSONAL_DOMAINS = {
    "GB": ("gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk", "hotmail.co.uk"),
    "IE": ("gmail.com", "eircom.net", "hotmail.com", "icloud.com"),
    "DE": ("gmx.de", "web.de", "t-online.de", "gmail.com"),
    "FR": ("orange.fr", "free.fr", "laposte.net", "gmail.com"),
    "ES": ("gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"),
    "PT": ("sapo.pt", "gmail.com", "hotmail.com"),
    "IT": ("libero.it", "virgilio.it", "gmail.com", "alice.it"),
    "NL": ("ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl"),
    "PL": ("wp.pl", "onet.pl", "interia.pl", "gmail.com"),
    "RO": ("yahoo.com", "gmail.com"),
    "ZA": ("gmail.com", "webmail.co.za", "mweb.co.za"),
    "KE": ("gmail.com", "yahoo.com"),
    "NG": ("gmail.com", "yahoo.com"),
    "IN": ("gmail.com", "rediffmail.com", "yahoo.co.in"),
    "PH": ("gmail.com", "yahoo.com"),
    "AU": ("bigpond.com", "gmail.com", "optusnet.com.au"),
    "US": ("gmail.com", "comcast.net", "yahoo.com", "aol.com"),
    "MX": ("gmail.com", "hotmail.com", "prodigy.net.mx"),
    "BR": ("gmail.com", "uol.com.br", "bol.com.br", "hotmail.com"),
}
STREETS = ("Nelson Mandela Drive", "Kwame Nkrumah Avenue", "Rua Vasco da Gama", "Avenida Benito Juárez",
           "Rue Victor Hugo", "Via Giuseppe Garibaldi", "ul. Marii Skłodowskiej-Curie", "Strada Mihai Eminescu",
           "Jomo Kenyatta Avenue", "Obafemi Awolowo Way", "Mahatma Gandhi Road", "Jose Rizal Street",
           "Martin Luther King Jr Blvd", "Johan de Wittlaan", "Konrad-Adenauer-Straße", "Rua Oscar Freire",
           "Calle de Alfonso XII", "Daniel O'Connell Street", "Sir Seretse Khama Road")
LOOKALIKE_COMPANIES = ("Murphy Cable Ltd", "Fitzgerald Metering Services", "Van Leeuwen Installatie B.V.",
                       "Okafor & Sons Electrical", "Hartmann Netzbau GmbH", "Pereira Telecomunicações Lda",
                       "Kowalski Instalacje sp. z o.o.", "Dumont Réseaux SAS", "Ramírez Fibra S.A. de C.V.",
                       "Naidoo Civils (Pty) Ltd", "Reyes Tower Services Inc.", "Brennan Field Ops LLC")
PRODUCT_NAMES = ("Sam Smart Plan", "Max Broadband 500", "Ruby Unlimited 5G", "Grace Period Extension",
                 "Jack Flex Fixed 24", "Sophie Saver Sim-Only", "Victor Viaje Roaming", "Frank Fibre Home",
                 "Eddie EV Night Rate", "Molly Mobile Lite")


class Values(ValueSource):
    """One corpus's value source (the rng of the whole corpus and its use counts)."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng, Counter())

    # --- people ---------------------------------------------------------------------------------------------

    def person(self, country: str | None = None, culture: str | None = None) -> Person:
        country = country or self.least("country", PHONE_REGIONS)
        if culture is None:
            options = COUNTRY_CULTURES[country]
            culture = options[0] if self.chance(0.55) else self.pick(options)
        given, surnames = CULTURES[culture]
        g = self.least(f"given:{culture}", given)
        s = self.least(f"surname:{culture}", surnames)
        return Person(g, s, culture, country)

    def people(self, n: int, country: str | None = None) -> list[Person]:
        out: list[Person] = []
        while len(out) < n:
            p = self.person(country)
            if all(p.given != q.given and p.surname != q.surname for q in out):
                out.append(p)
        return out

    @staticmethod
    def surname_first(p: Person, style: int) -> str:
        if style == 0:
            return f"{p.surname}, {p.given}"
        if style == 1:
            return f"{p.surname.upper()}, {p.given}"
        if style == 2:
            return f"{p.surname.upper()} {p.given}"
        return f"{p.surname.upper()}, {p.given.upper()}"

    @staticmethod
    def initial(p: Person) -> str:
        return f"{p.given[0]}. {p.surname}"

    # --- e-mail -----------------------------------------------------------------------------------------------

    def email_of(self, p: Person, work: str | None = None) -> Val:
        g = re.sub(r"[^a-z]", "", ascii_fold(p.given).lower())
        s = re.sub(r"[^a-z]", "", ascii_fold(p.surname).lower())
        if work:
            local = self.pick((f"{g}.{s}", f"{g[0]}{s}", f"{g}.{s}", f"{s}.{g}"))
            return Val(f"{local}@{work}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")
        local = self.pick((f"{g}.{s}", f"{g}{s}{self.rng.randrange(1, 99)}", f"{g[0]}.{s}", f"{g}_{s}",
                           f"{s}{g[0]}{self.rng.randrange(60, 99)}"))
        return Val(f"{local}@{self.pick(PERSONAL_DOMAINS[p.country])}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def role_email(self, country: str, role: str) -> Val:
        return Val(f"{role}@{OPERATORS[country][1]}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def example_email(self) -> Neg:
        return Neg(f"{self.pick(('customer', 'jane.doe', 'user', 'test.account', 'your.name'))}@"
                   f"{self.pick(('example.com', 'example.org', 'example.net'))}", "example_email", "EMAIL_ADDRESS")

    # --- phones -----------------------------------------------------------------------------------------------

    def phone_number(self, region: str) -> phonenumbers.PhoneNumber:
        for _ in range(400):
            if region == "US":
                nsn = (self.pick(_US_AREAS) + str(self.rng.randrange(2, 10)) + self.digits(2) + self.digits(4))
                if nsn[3:6] == "555" or nsn[4:6] == "11":
                    continue
            else:
                prefixes, n = self.pick(_NSN[region])
                nsn = self.pick(prefixes) + self.digits(n)
                if region == "GB" and nsn.startswith("7700900"):
                    continue
            num = phonenumbers.parse(f"+{_CC[region]}{nsn}", None)
            if phonenumbers.is_valid_number(num) and phonenumbers.region_code_for_number(num) == region \
                    and not _is_example(num, region):
                return num
        raise AssertionError(region)

    def phone(self, region: str | None = None, style: str | None = None) -> Val:
        region = region or self.least("phone_region", PHONE_REGIONS)
        num = self.phone_number(region)
        style = style or self.pick(("intl", "intl", "national", "e164", "grouped"))
        nsn = phonenumbers.national_significant_number(num)
        cc = str(num.country_code)
        if style == "national":
            text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
            if region == "US" and self.chance(0.5):
                text = self.pick((f"{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}", f"{nsn[:3]}.{nsn[3:6]}.{nsn[6:]}"))
            if valid_in(text) != region:
                text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        elif style == "e164":
            text = f"+{cc}{nsn}"
        elif style == "grouped":  # the international form with another separator between the groups
            intl = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            head, _, rest = intl.partition(" ")
            text = f"{head} {rest.replace(' ', self.pick(('-', '.', '-')))}" if self.chance(0.7) else \
                f"{head}-{rest.replace(' ', '-')}"
        elif style == "msisdn":
            text = f"{cc}{nsn}"  # how network logs and provisioning APIs write an MSISDN (no plus)
        else:
            text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if valid_in(text) != region:  # read as another country's number: write it in full
            text = f"+{cc}{nsn}" if style == "msisdn" else \
                phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return Val(text, "PHONE_NUMBER", "PHONE_NUMBER")

    def drama_number(self) -> Neg:
        return Neg(self.pick((f"07700 900{self.digits(3)}", f"+44 7700 900{self.digits(3)}")), "drama_number",
                   "PHONE_NUMBER")

    def fict_phone(self) -> Neg:
        return Neg(f"({self.pick(_US_AREAS)}) 555-01{self.digits(2)}", "fict_phone", "PHONE_NUMBER")

    # --- cards ------------------------------------------------------------------------------------------------

    def card_digits(self, brand: str | None = None) -> tuple[str, str]:
        brand = brand or self.least("card_brand", ("visa", "mc5", "mc2", "amex", "visa19", "maestro", "discover",
                                                   "verve", "rupay", "elo", "jcb", "diners"))
        prefix, length = {
            "visa": (self.pick(("4", "45", "49", "41")), 16),
            "visa19": ("4" + self.digits(1), 19),
            "mc5": (self.pick(("51", "52", "53", "54", "55")), 16),
            "mc2": (str(self.rng.randrange(2221, 2721)), 16),
            "amex": (self.pick(("34", "37")), 15),
            "maestro": (self.pick(("6759", "5018", "6763")), self.pick((16, 19))),
            "discover": (self.pick(("6011", "65")), 16),
            "verve": (self.pick(("506099", "506105", "650002")), 19),
            "rupay": (self.pick(("6521", "6522", "6080")), 16),
            "elo": (self.pick(("636368", "504175", "509048")), 16),
            "jcb": (str(self.rng.randrange(3528, 3590)), 16),
            "diners": (self.pick(("36", "300", "305")), 14),
        }[brand]
        return brand, checksums.luhn_complete(prefix + self.digits(length - len(prefix) - 1))

    def card(self, brand: str | None = None, style: str | None = None) -> Val:
        brand, d = self.card_digits(brand)
        style = style or self.least("card_style", ("spaced", "dashed", "plain"))
        return Val(self.card_layout(d, style), "CREDIT_CARD", "CREDIT_CARD")

    @staticmethod
    def card_layout(d: str, style: str) -> str:
        if style == "plain":
            return d
        sep = " " if style == "spaced" else "-"
        if len(d) == 15:
            return sep.join((d[:4], d[4:10], d[10:]))
        if len(d) == 14:
            return sep.join((d[:4], d[4:10], d[10:]))
        return sep.join(d[i:i + 4] for i in range(0, len(d), 4))

    def masked_card(self) -> Neg:
        _, d = self.card_digits()
        text = self.pick((f"**** **** **** {d[-4:]}", f"{d[:6]}******{d[-4:]}", f"XXXX-XXXX-XXXX-{d[-4:]}",
                          f"{d[:4]} {d[4:6]}** **** {d[-4:]}", f"ending {d[-4:]}"))
        return Neg(text, "masked", "CREDIT_CARD")

    def luhn_fail(self) -> Neg:
        while True:
            d = self.pick(("4", "5", "37", "6011")) + self.digits(14)
            d = d[:16]
            if not checksums.luhn_valid(d):
                return Neg(self.pick((d, self.group4(d))), "luhn_fail", "CREDIT_CARD")

    def test_card(self) -> Neg:
        return Neg(self.pick(("4111 1111 1111 1111", "5555 5555 5555 4444", "4242424242424242", "378282246310005")),
                   "test_card", "CREDIT_CARD")

    # --- IBAN -------------------------------------------------------------------------------------------------

    def iban_compact(self, country: str | None = None) -> str:
        country = country or self.least("iban_country", IBAN_COUNTRIES)
        bban = _bban(self.rng, country)
        return country + checksums.iban_check_digits(country, bban) + bban

    def iban(self, country: str | None = None, grouped: bool | None = None) -> Val:
        compact = self.iban_compact(country)
        if grouped is None:
            grouped = self.least("iban_grouped", (True, False))
        return Val(self.group4(compact) if grouped else compact, "IBAN_CODE", "IBAN_CODE")

    def bad_iban(self) -> Neg:
        compact = self.iban_compact()
        check = int(compact[2:4])
        wrong = f"{(check + self.rng.randrange(1, 90)) % 97 + 2:02d}"
        if wrong == compact[2:4]:
            wrong = f"{(check + 3) % 97 + 2:02d}"
        bad = compact[:2] + wrong + compact[4:]
        if iban_valid(bad):
            bad = compact[:-1] + str((int(compact[-1]) + 1) % 10)
        return Neg(self.group4(bad), "bad_iban", "IBAN_CODE")

    def masked_iban(self) -> Neg:
        c = self.iban_compact()
        return Neg(self.pick((f"{c[:4]} **** **** **** {c[-4:]}", f"{c[:2]}** {'X' * 4} {'X' * 4} {c[-4:]}",
                              f"{c[:8]}{'*' * (len(c) - 12)}{c[-4:]}")), "masked", "IBAN_CODE")

    # --- SSN --------------------------------------------------------------------------------------------------

    def ssn(self, style: str | None = None) -> Val:
        while True:
            area = self.rng.randrange(1, 900)
            if area == 666:
                continue
            group, serial = self.rng.randrange(1, 100), self.rng.randrange(1, 10000)
            text = f"{area:03d}-{group:02d}-{serial:04d}"
            if text not in ("078-05-1120", "123-45-6789"):
                break
        style = style or self.pick(("dashed", "dashed", "spaced", "plain"))
        if style == "spaced":
            text = text.replace("-", " ")
        elif style == "plain":
            text = text.replace("-", "")
        return Val(text, "US_SSN", "US_SSN")

    def bad_ssn(self) -> Neg:
        return Neg(self.pick((f"000-{self.digits(2)}-{self.digits(4)}", f"666-{self.rng.randrange(10, 99)}-{self.digits(4)}",
                              f"9{self.digits(2)}-{self.rng.randrange(10, 99)}-{self.rng.randrange(1000, 9999)}",
                              "078-05-1120")), "bad_ssn", "US_SSN")

    # --- IP addresses -----------------------------------------------------------------------------------------

    def ipv4(self, public: bool | None = None) -> Val:
        if public is None:
            public = self.chance(0.45)
        if public:
            while True:
                first = self.pick((31, 37, 41, 46, 62, 77, 81, 85, 86, 89, 91, 102, 105, 109, 154, 177, 185, 188,
                                   196, 197, 212, 213, 217))
                text = f"{first}.{self.rng.randrange(0, 256)}.{self.rng.randrange(0, 256)}.{self.rng.randrange(1, 255)}"
                if ipaddress.ip_address(text).is_global:
                    break
        else:
            text = self.pick((f"10.{self.rng.randrange(0, 256)}.{self.rng.randrange(0, 256)}.{self.rng.randrange(1, 255)}",
                              f"172.{self.rng.randrange(16, 32)}.{self.rng.randrange(0, 256)}.{self.rng.randrange(1, 255)}",
                              f"192.168.{self.rng.randrange(0, 256)}.{self.rng.randrange(1, 255)}",
                              f"100.{self.rng.randrange(64, 128)}.{self.rng.randrange(0, 256)}.{self.rng.randrange(1, 255)}"))
        return Val(text, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self, public: bool | None = None) -> Val:
        if public is None:
            public = self.chance(0.6)
        while True:
            if public:
                head = self.pick(("2a02", "2a01", "2a00", "2c0f", "2405", "2600", "2804", "2a0e", "2001:4c48"))
            else:
                head = "fd" + rand(self.rng, HEX, 2)
            groups = head.split(":") + [format(self.rng.randrange(0, 0x10000), "x") for _ in range(8 - len(head.split(":")))]
            if self.chance(0.5):
                groups[4:7] = ["0", "0", "0"]
            addr = ipaddress.ip_address(":".join(groups))
            if not str(addr).startswith("2001:db8") and (addr.is_global or not public):
                return Val(str(addr), "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> Val:
        return self.ipv6() if self.chance(0.25) else self.ipv4()

    def doc_ip(self) -> Neg:
        return Neg(self.pick((f"192.0.2.{self.rng.randrange(1, 255)}", f"198.51.100.{self.rng.randrange(1, 255)}",
                              f"203.0.113.{self.rng.randrange(1, 255)}",
                              f"2001:db8:{format(self.rng.randrange(1, 0xffff), 'x')}::{self.rng.randrange(1, 99)}")),
                   "doc_ip", "IP_ADDRESS")

    # --- telecom and utility hard negatives -------------------------------------------------------------------

    IMSI_PLMN = {"GB": "23415", "IE": "27201", "DE": "26202", "FR": "20801", "ES": "21407", "PT": "26806",
                 "IT": "22210", "NL": "20408", "PL": "26002", "RO": "22610", "ZA": "65510", "KE": "63902",
                 "NG": "62130", "IN": "40445", "PH": "51503", "AU": "50501", "US": "310260", "MX": "334020",
                 "BR": "72405"}

    def imsi(self, country: str | None = None) -> Neg:
        plmn = self.IMSI_PLMN[country or self.pick(PHONE_REGIONS)]
        return Neg(plmn + self.digits(15 - len(plmn)), "imsi", "PHONE_NUMBER")

    def iccid(self, country: str | None = None) -> Neg:
        cc = _CC[country or self.pick(PHONE_REGIONS)]
        body = "89" + cc + self.digits(2)
        n = self.pick((19, 19, 20))
        return Neg(checksums.luhn_complete(body + self.digits(n - len(body) - 1)), "iccid", "CREDIT_CARD")

    def imei(self) -> Neg:
        tac = self.pick(("35", "86", "01", "35")) + self.digits(6)
        return Neg(checksums.luhn_complete(tac + self.digits(6)), "imei", "CREDIT_CARD")

    def mpan(self, full: bool = False) -> Neg:
        core = _mpan_complete(self.pick(("10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22",
                                         "23")) + self.digits(10))
        text = self.pick((core, f"{core[:2]} {core[2:6]} {core[6:10]} {core[10:]}"))
        return Neg(text, "mpan", "PHONE_NUMBER")

    def mprn(self) -> Neg:
        return Neg(self.pick(("10" + self.digits(9), str(self.rng.randrange(100000, 99999999)))), "mprn", "PHONE_NUMBER")

    def ean18(self) -> Neg:
        return Neg(_gs1_complete(self.pick(("871687", "871694", "541448", "871690")) + self.digits(11)), "ean18",
                   "CREDIT_CARD")

    def zaehlpunkt(self) -> Neg:
        while True:
            text = "DE" + self.digits(6) + self.pick(("10115", "50667", "80331", "26721")) + self.digits(20)
            if not iban_valid(text):
                return Neg(text, "zaehlpunkt", "IBAN_CODE")

    def cups(self) -> Neg:
        while True:
            text = "ES" + self.pick(("0021", "0031", "0022", "0390")) + self.digits(12) + rand(self.rng, UPPER, 2) \
                + self.pick(("", "0F", "1P"))
            if not iban_valid(text):
                return Neg(text, "cups", "IBAN_CODE")

    def pdl(self) -> Neg:
        return Neg(self.pick(("0", "1", "2")) + self.digits(13), "pdl", "PHONE_NUMBER")

    def account_number(self) -> Neg:
        return Neg(self.pick((self.digits(10), f"{self.digits(4)}-{self.digits(4)}-{self.digits(2)}",
                              f"{self.rng.randrange(100, 999)}{self.digits(9)}")), "account_number", "PHONE_NUMBER")

    def contract_number(self) -> Neg:
        return Neg(self.pick((f"CT-{self.digits(8)}", f"VN{self.digits(9)}", f"{self.digits(3)}/{self.digits(6)}/"
                                                                                 f"{self.rng.randrange(2019, 2026)}")),
                   "contract_number", "PHONE_NUMBER")

    def cdr_id(self) -> Neg:
        return Neg(self.pick((self.digits(18), f"{self.digits(12)}-{self.digits(6)}")), "cdr_id", "CREDIT_CARD")

    def ticket(self) -> Neg:
        return Neg(self.pick((f"INC{self.digits(7)}", f"CS-{self.digits(6)}", f"WO-{self.digits(8)}",
                              f"#{self.rng.randrange(100000, 999999)}")), "ticket", "PHONE_NUMBER")

    def oid(self) -> Neg:
        return Neg(self.pick(("1.3.6.1.2.1.2.2.1.8", "1.3.6.1.4.1.2011.5.25.31.1.1.1.1.5", "1.3.6.1.6.3.1.1.4.1.0",
                              "1.3.6.1.4.1.9.9.41.1.2.3.1.5", "1.3.6.1.2.1.1.3.0", "1.3.6.1.4.1.2636.4.1.1",
                              f"1.3.6.1.4.1.{self.rng.randrange(1000, 60000)}.1.{self.rng.randrange(1, 9)}.{self.rng.randrange(1, 40)}")),
                   "oid", "IP_ADDRESS")

    def version(self) -> Neg:
        return Neg(f"{self.rng.randrange(1, 22)}.{self.rng.randrange(0, 30)}.{self.rng.randrange(0, 20)}."
                   f"{self.rng.randrange(1, 250)}", "version", "IP_ADDRESS")

    def mac(self) -> Neg:
        sep = self.pick((":", "-"))
        return Neg(sep.join(rand(self.rng, "0123456789ABCDEF", 2) for _ in range(6)), "mac", "IP_ADDRESS")

    def cell_id(self) -> Neg:
        return Neg(self.pick((f"{self.pick(tuple(self.IMSI_PLMN.values()))}-{self.rng.randrange(1000, 65000)}-"
                              f"{self.rng.randrange(100, 99999)}", f"0x{rand(self.rng, '0123456789ABCDEF', 7)}",
                              f"eNB {self.rng.randrange(10000, 999999)}/{self.rng.randrange(1, 6)}")), "cell_id",
                   "PHONE_NUMBER")

    def tariff(self) -> Neg:
        return Neg(self.pick((f"E7-FIX-{self.pick(('12', '24', '36'))}M-V{self.rng.randrange(1, 9)}",
                              f"SIMO-{self.pick(('30', '100', 'UNL'))}GB-{self.rng.randrange(2023, 2027)}",
                              f"TRF{self.digits(4)}", f"WTR-RES-{self.pick(('A', 'B', 'C'))}{self.digits(2)}")),
                   "tariff", "PHONE_NUMBER")

    def guid(self) -> Neg:
        h = rand(self.rng, HEX, 32)
        return Neg(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.pick('89ab')}{h[17:20]}-{h[20:]}", "guid", "azure_openai_key")

    def trace_id(self) -> Neg:
        return Neg(rand(self.rng, HEX, 32), "trace_id", "azure_openai_key")

    def commit_sha(self) -> Neg:
        return Neg(rand(self.rng, HEX, self.pick((40, 7))), "commit_sha", "github_token")

    def company(self) -> Neg:
        return Neg(self.least("lookalike", LOOKALIKE_COMPANIES), "company", PERSON)

    def product(self) -> Neg:
        return Neg(self.least("product", PRODUCT_NAMES), "product", PERSON)

    def street(self) -> Neg:
        return Neg(self.least("street", STREETS), "street", PERSON)

    def placeholder(self, mimics: str = "password_kv") -> Neg:
        return Neg(self.pick(("<your-key>", "${RADIUS_SECRET}", "{{ vault_db_password }}", "XXXXXXXX", "<REDACTED>",
                              "********", "$(BILLING_SFTP_PASSWORD)", "%SFTP_PASS%", "<api-key-here>")), "placeholder",
                   mimics)

    def secret_ref(self) -> Neg:
        return Neg(self.pick((f"@Microsoft.KeyVault(SecretUri=https://kv-{self.pick(('billing', 'oss', 'crm'))}"
                              f"-prod.vault.azure.net/secrets/{self.pick(('db-password', 'sftp-pass', 'api-key'))}/)",
                              f"arn:aws:secretsmanager:eu-west-1:{self.digits(12)}:secret:prov/api-"
                              f"{rand(self.rng, ALNUM, 6)}", "vault:secret/data/radius#shared_secret")),
                   "secret_ref", "password_kv")

    def twilio_sid(self) -> Neg:
        return Neg("AC" + rand(self.rng, HEX, 32), "account_sid", "twilio_key")

    def git_target(self) -> Neg:
        return Neg(self.pick(("git@gitlab.ops.internal", "git@github.com", "deploy@jump01.noc.lan",
                              "root@radius-a.core.local", "oper@mdm-head.metering.local")), "ssh_target",
                   "EMAIL_ADDRESS")

    def documented(self, which: str) -> Neg:
        if which == "aws":
            return Neg("AKIAIOSFODNN7EXAMPLE", "documented_example", "aws_access_key_id")
        if which == "aws_secret":
            return Neg("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "documented_example", "aws_secret_key")
        return Neg("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "documented_example", "stripe_key")

    # --- credentials: values ----------------------------------------------------------------------------------

    def checksummed(self, prefix: str) -> str:
        body = rand(self.rng, ALNUM, 30)
        return f"{prefix}_{body}{checksums.crc32_base62(body)}"

    def password(self, specials: str = "!#%*-_.?+@$") -> str:
        while True:
            style = self.rng.randrange(4)
            if style == 0:
                word = self.pick(("Kestrel", "Turbine", "Voltage", "Hydrant", "Meter", "Granite", "Harbour", "Pylon",
                                  "Lantern", "Sirocco", "Basalt", "Fjord"))
                pw = f"{word}{self.pick(specials)}{self.rng.randrange(10, 9999)}{self.pick(specials)}"
            elif style == 1:
                pw = rand(self.rng, ALNUM, self.rng.randrange(10, 16)) + self.pick(specials) + self.digits(2)
            elif style == 2:
                pw = (self.pick(("winter", "sunny", "river", "copper", "fibre", "radio")) + self.pick(specials)
                      + self.pick(("Lagos", "Porto", "Gdansk", "Cluj", "Pune", "Cebu", "Perth", "Leeds")) + self.digits(3))
            else:
                pw = rand(self.rng, ALNUM + specials, self.rng.randrange(12, 20))
            if re.search(r"\d", pw) and re.search(r"[A-Za-z]", pw) and pw[0] not in "-#" and pw[-1] not in "."\
                    and not re.search(r"[\w.+-]@[\w-]+\.[a-z]{2,}", pw):
                return pw

    def aws_key_id(self) -> str:
        return self.pick(("AKIA", "AKIA", "ASIA")) + rand(self.rng, UPPER + "234567", 16)

    def aws_secret(self) -> str:
        return rand(self.rng, ALNUM + "+/", 40)

    def storage_key(self) -> str:
        """64 bytes in base64 (the last character before the padding carries 2 bits)."""
        return rand(self.rng, B64, 85) + self.pick("AQgw") + "=="

    def sas_key(self) -> str:
        """32 bytes in base64."""
        return rand(self.rng, B64, 42) + self.pick("AEIMQUYcgkosw048") + "="

    def annotated(self, sig: str) -> str:
        return rand(self.rng, ALNUM, 52) + "JQQJ99" + self.pick("ABC") + rand(self.rng, ALNUM, 17) + sig + \
            rand(self.rng, ALNUM, 4)

    def hex32(self) -> str:
        return rand(self.rng, HEX, 32)

    def jwt(self, issuer: str = "https://auth.kestrel-mobile.io/") -> str:
        header = {"alg": self.pick(("RS256", "HS256", "ES256")), "typ": "JWT"}
        if header["alg"] != "HS256":
            header["kid"] = rand(self.rng, ALNUM, 12)
        claims = {"iss": issuer, "sub": f"svc-{self.pick(('provisioning', 'billing-sync', 'mdm', 'crm-bridge'))}",
                  "aud": self.pick(("prov-api", "bss", "oss-gateway", "meter-data")),
                  "iat": 1767200000 + self.rng.randrange(0, 9000000), "scope": self.pick(("sim.write msisdn.read",
                                                                                           "billing:read", "meter:write"))}
        claims["exp"] = claims["iat"] + 3600
        sig = _b64url(bytes(self.rng.randrange(256) for _ in range(self.pick((32, 64)))))
        return f"{_b64url(json.dumps(header, separators=(',', ':')).encode())}." \
               f"{_b64url(json.dumps(claims, separators=(',', ':')).encode())}.{sig}"

    def pem(self, escaped: bool = False) -> str:
        kind = self.pick(("EC", "PKCS8", "OPENSSH", "RSA"))
        if kind == "EC":
            head, body = "EC PRIVATE KEY", "MHcCAQEEI" + rand(self.rng, B64, 156) + "=="
        elif kind == "PKCS8":
            head, body = "PRIVATE KEY", "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg" + rand(self.rng, B64, 136)
        elif kind == "OPENSSH":
            head, body = "OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW" \
                + rand(self.rng, B64, 258) + "="
        else:
            head, body = "RSA PRIVATE KEY", "MIICXAIBAAKBgQ" + rand(self.rng, B64, 430) + "=="
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        nl = "\\n" if escaped else "\n"
        return f"-----BEGIN {head}-----{nl}" + nl.join(lines) + f"{nl}-----END {head}-----"

    def slack_token(self) -> str:
        if self.chance(0.6):
            return f"xoxb-{self.digits(12)}-{self.digits(13)}-{rand(self.rng, ALNUM, 24)}"
        return f"xoxp-{self.digits(12)}-{self.digits(12)}-{self.digits(13)}-{rand(self.rng, HEX, 32)}"

    def slack_webhook(self) -> str:
        return (f"https://hooks.slack.com/services/T{rand(self.rng, UPPER + DIGITS, 10)}/B{rand(self.rng, UPPER + DIGITS, 10)}/"
                f"{rand(self.rng, ALNUM, 24)}")

    def credential(self, kind: str) -> tuple[str, str | None]:
        """A credential value of `kind` and the part of it that is the secret (None: all of it). Connection
        strings and SAS tokens are made by the snippets (they carry a host)."""
        r = self.rng
        if kind == "github_token":
            if self.chance(0.2):
                return f"github_pat_{rand(r, ALNUM, 22)}_{rand(r, ALNUM, 59)}", None
            return self.checksummed(self.pick(("ghp", "ghp", "gho", "ghs", "ghu"))), None
        if kind == "npm_token":
            return self.checksummed("npm"), None
        if kind == "gitlab_token":
            return self.pick(("glpat-", "glpat-", "gldt-")) + rand(r, ALNUM + "-_", 20), None
        if kind == "slack_token":
            return self.slack_token(), None
        if kind == "slack_webhook":
            return self.slack_webhook(), None
        if kind == "stripe_key":
            return self.pick(("sk_live_", "rk_live_")) + rand(r, ALNUM, self.pick((24, 34, 99))), None
        if kind == "google_api_key":
            return "AIza" + rand(r, ALNUM + "-_", 35), None
        if kind == "azure_devops_pat":
            return (self.annotated("AZDO") if self.chance(0.5) else rand(r, LOWER + "234567", 52)), None
        if kind == "sendgrid_key":
            return f"SG.{rand(r, B64URL, 22)}.{rand(r, B64URL, 43)}", None
        if kind in ("azure_storage_key", "cosmos_key"):
            return self.storage_key(), None
        if kind == "azure_openai_key":
            return (self.annotated("ACOG") if self.chance(0.3) else self.hex32()), None
        if kind == "azure_ai_key_no_keyword":
            return self.annotated("ACOG"), None
        if kind == "openai_key":
            if self.chance(0.6):
                return f"sk-proj-{rand(r, B64URL, 74)}T3BlbkFJ{rand(r, B64URL, 74)}", None
            return f"sk-{self.pick(('', 'svcacct-'))}{rand(r, ALNUM, 20)}T3BlbkFJ{rand(r, ALNUM, 20)}", None
        if kind == "anthropic_key":
            return f"sk-ant-api03-{rand(r, B64URL, 93)}AA", None
        if kind == "aws_access_key_id":
            return self.aws_key_id(), None
        if kind == "aws_secret_key":
            return self.aws_secret(), None
        if kind == "jwt":
            return self.jwt(), None
        if kind == "bearer_token":
            return self.pick((rand(r, ALNUM, 40), rand(r, B64URL, 56), f"{rand(r, ALNUM, 8)}.{rand(r, ALNUM, 32)}")), None
        if kind == "private_key":
            return self.pem(escaped=self.chance(0.4)), None
        if kind == "entra_client_secret":
            return rand(r, ALNUM, 3) + str(r.randrange(10)) + "Q~" + rand(r, ALNUM + "_~.-", 31) + rand(r, ALNUM, 3), None
        if kind == "twilio_key":
            return "SK" + rand(r, HEX, 32), None
        if kind == "mailgun_key":
            if self.chance(0.5):
                return "key-" + rand(r, HEX, 32), None
            return f"{rand(r, HEX, 32)}-{rand(r, HEX, 8)}-{rand(r, HEX, 8)}", None
        if kind == "pypi_token":
            return "pypi-AgEIcHlwaS5vcmc" + rand(r, B64URL, self.pick((70, 120, 160))), None
        if kind == "huggingface_token":
            return "hf_" + rand(r, UPPER + LOWER, 34), None
        if kind.startswith("password_"):
            return self.password(), None
        raise KeyError(kind)
