"""Values of the twenty-second corpus, drawn from one seeded rng with least-used-first spreading: people (names.py)
and how texts write their names, mailboxes, phones of the corpus's countries (valid by libphonenumber, never the
library's example numbers nor 555 fiction), cards of several brands (Luhn), IBANs (mod-97), issuable SSNs, IPv4 and
IPv6 addresses, and the hard negatives of public-sector and university texts. Credentials are in snippets.py."""

from __future__ import annotations

import ipaddress
import random
import re
from collections import Counter
from dataclasses import dataclass

import phonenumbers as pn

from tests.dlp_eval import checksums
from tests.dlp_eval.corpus import N, V
from tests.dlp_eval.value_source import HEX, UPPER, ValueSource, rand

from .names import CULTURES, TITLES, ascii_fold

PHONE_REGIONS = ("GB", "IE", "US", "CA", "AU", "NZ", "DE", "AT", "CH", "FR", "BE", "NL", "ES", "PT", "IT", "SE", "NO",
                 "FI", "PL", "CZ", "GR", "TR", "IL", "IN", "PK", "BD", "CN", "JP", "KR", "VN", "TH", "ID", "NG", "GH",
                 "ET", "EG", "MA", "BR", "CO", "CL")

TEST_CARDS = ("4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "6011111111111117",
              "4000056655665556")


def luhn_valid(number: str) -> bool:
    return checksums.luhn_valid(number, min_digits=12)


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    return len(compact) >= 15 and compact[:2].isalpha() and compact[2:4].isdigit() and checksums.iban_valid(compact)


def base62_checksum_valid(token: str) -> bool:
    return checksums.base62_checksum_valid(token)


def isbn13_valid(isbn: str) -> bool:
    d = re.sub(r"\D", "", isbn)
    return len(d) == 13 and sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(d)) % 10 == 0


def orcid_valid(orcid: str) -> bool:
    d = orcid.replace("-", "")
    total = 0
    for c in d[:-1]:
        total = (total + int(c)) * 2
    check = (12 - total % 11) % 11
    return d[-1] == ("X" if check == 10 else str(check))


def bsn_valid(bsn: str) -> bool:
    d = re.sub(r"\D", "", bsn)
    return len(d) == 9 and (sum(int(c) * w for c, w in zip(d, (9, 8, 7, 6, 5, 4, 3, 2, -1)))) % 11 == 0


# --- people -------------------------------------------------------------------------------------------------------


def _p(text: str) -> V:
    return V(text, "PERSON", "PERSON")


@dataclass(frozen=True)
class Person:
    given: str
    surname: str
    culture: str
    east: bool

    @property
    def called(self) -> str:
        """The name friends and colleagues use: a Vietnamese student's last given name, everyone else's given name."""
        if self.culture == "vietnamese":
            return self.given.split()[-1]
        return self.given

    def full(self) -> V:
        return _p(f"{self.surname} {self.given}" if self.east else f"{self.given} {self.surname}")

    def western(self) -> V:
        return _p(f"{self.given} {self.surname}")

    def first(self) -> V:
        return _p(self.called)

    def last(self) -> V:
        return _p(self.surname)

    def lower(self) -> V:
        return _p(self.called.lower())

    def lower_full(self) -> V:
        return _p(f"{self.given} {self.surname}".lower())

    def surname_first(self, upper: bool = False, comma: bool = True) -> V:
        sur = self.surname.upper() if upper else self.surname
        return _p(f"{sur}, {self.given}" if comma else f"{sur} {self.given}")

    def initials(self) -> V:
        parts = re.split(r"([ -])", self.given)
        ini = "".join(p[0] + "." if p.strip(" -") else ("-" if p == "-" else " ") for p in parts)
        return _p(f"{ini} {self.surname}")

    def handle(self, sep: str = ".") -> V:
        return _p(self.login(sep))

    def login(self, sep: str = ".") -> str:
        g = ascii_fold(self.called if self.culture == "vietnamese" else self.given).lower().replace(" ", "")
        s = ascii_fold(self.surname).lower().replace(" ", "")
        return f"{g}{sep}{s}"


# --- the value source -----------------------------------------------------------------------------------------------

PERSONAL_DOMAINS = ("gmail.com", "outlook.com", "hotmail.co.uk", "yahoo.com", "icloud.com", "web.de", "gmx.de",
                    "orange.fr", "libero.it", "wp.pl", "seznam.cz", "qq.com", "163.com", "naver.com", "yahoo.co.jp",
                    "uol.com.br", "bigpond.com", "xtra.co.nz", "eircom.net", "protonmail.com", "telenet.be",
                    "ziggo.nl", "bluewin.ch", "gmx.at", "sapo.pt", "hotmail.es", "live.se", "online.no", "yandex.com",
                    "rediffmail.com", "yahoo.com.gh")
STAFF_DOMAINS = ("northmere.ac.uk", "ashvale.gov.uk", "kilbarra.ie", "stadt-kellbach.de", "lakeshore.edu",
                 "westbrook.school.nz", "student.northmere.ac.uk", "mairie-vauclerc.fr", "gemeente-lindendal.nl")

IBAN_LAYOUTS = {  # country: BBAN as (alphabet, length) parts, grouped display
    "GB": (("U", 4), ("D", 14)), "IE": (("U", 4), ("D", 14)), "DE": (("D", 18),), "AT": (("D", 16),),
    "CH": (("D", 17),), "FR": (("D", 23),), "BE": (("D", 12),), "NL": (("U", 4), ("D", 10)), "ES": (("D", 20),),
    "PT": (("D", 21),), "IT": (("U", 1), ("D", 22)), "SE": (("D", 20),), "NO": (("D", 11),), "FI": (("D", 14),),
    "PL": (("D", 24),), "CZ": (("D", 20),), "GR": (("D", 23),), "TR": (("D", 5), ("Z", 1), ("D", 16)),
    "IL": (("D", 19),), "PK": (("U", 4), ("D", 16)), "EG": (("D", 25),), "BR": (("D", 23), ("U", 1), ("D", 1)),
}
BANKS = {"GB": ("NWBK", "BARC", "LOYD", "MIDL", "HBUK"), "IE": ("AIBK", "BOFI", "IPBS"), "NL": ("ABNA", "RABO", "INGB"),
         "PK": ("HABB", "MEZN", "UNIL")}

CARD_BRANDS = ("visa", "mastercard", "mastercard2", "amex", "discover", "diners", "jcb", "unionpay")


class Values(ValueSource):
    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng, Counter())

    # people
    def person(self, culture: str | None = None) -> Person:
        culture = culture or self.least("culture", sorted(CULTURES))
        given, sur, east = CULTURES[culture]
        return Person(self.least(f"given:{culture}", given), self.least(f"sur:{culture}", sur), culture, east)

    def title(self, lang: str = "en") -> str:
        return self.pick(TITLES[lang])

    # e-mail
    def email(self, p: Person | None = None, where: str = "personal") -> V:
        p = p or self.person()
        g = ascii_fold(p.called).lower().replace(" ", "")
        s = ascii_fold(p.surname).lower().replace(" ", "").replace("'", "")
        local = self.pick((f"{g}.{s}", f"{g[0]}.{s}", f"{g}{s[:1]}", f"{s}.{g}", f"{g}_{s}{self.digits(2)}",
                           f"{g}{s}{self.digits(2)}"))
        if where == "student":
            domain = "student.northmere.ac.uk"
            local = f"{g}.{s}" if self.chance(0.6) else f"{g[0]}{s}{self.digits(3)}"
        elif where == "university":
            domain = self.pick(("uni-kellbach.de", "univ-vauclerc.fr", "lakeshore.edu", "tcd-partner.ie", "uva-partner.nl",
                                "unilinden.edu.au"))
            local = self.pick((f"{g}.{s}", f"{g[0]}{s}"))
        elif where == "staff":
            domain = self.least("staff_domain", STAFF_DOMAINS[:6])
            local = f"{g}.{s}"
        else:
            domain = self.least("domain", PERSONAL_DOMAINS)
        return V(f"{local}@{domain}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def mailbox(self, name: str, domain: str | None = None) -> V:
        """A team mailbox (admissions@, foi@): an e-mail address as well."""
        return V(f"{name}@{domain or self.pick(STAFF_DOMAINS[:6])}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    # phones
    def _phone_number(self, region: str) -> pn.PhoneNumber:
        kind = self.pick((pn.PhoneNumberType.MOBILE, pn.PhoneNumberType.FIXED_LINE))
        ex = pn.example_number_for_type(region, kind) or pn.example_number(region)
        e164 = pn.format_number(ex, pn.PhoneNumberFormat.E164)
        cc = str(ex.country_code)
        nsn = e164[1 + len(cc):]
        keep = 2 if len(nsn) > 7 else 1
        for _ in range(800):
            cand = nsn[:keep] + self.digits(len(nsn) - keep)
            num = pn.parse(f"+{cc}{cand}")
            if not pn.is_valid_number(num) or pn.region_code_for_number(num) != region:
                continue
            if num.national_number == ex.national_number:
                continue
            if region in ("US", "CA") and str(num.national_number)[3:6] == "555":
                continue
            return num
        raise RuntimeError(region)

    def phone(self, region: str | None = None, style: str | None = None) -> V:
        region = region or self.least("phone_region", PHONE_REGIONS)
        num = self._phone_number(region)
        style = style or self.pick(("intl", "intl", "national", "national", "e164", "dashed", "zerozero"))
        intl = pn.format_number(num, pn.PhoneNumberFormat.INTERNATIONAL)
        text = {
            "intl": intl,
            "national": pn.format_number(num, pn.PhoneNumberFormat.NATIONAL),
            "e164": pn.format_number(num, pn.PhoneNumberFormat.E164),
            "dashed": intl.replace(" ", "-").replace("--", "-"),
            "zerozero": "00" + intl[1:],
        }[style]
        from tests.dlp_eval.corpus_checks import valid_phone

        parsed = valid_phone(text, PHONE_REGIONS)
        if parsed is None or parsed.national_number != num.national_number:
            text = intl
        return V(text, "PHONE_NUMBER", "PHONE_NUMBER")

    # cards
    def card(self, brand: str | None = None, sep: str | None = None) -> V:
        brand = brand or self.least("brand", CARD_BRANDS)
        prefix, length = {
            "visa": (self.pick(("4", "45", "49", "41")), 16), "mastercard": (str(self.rng.randint(51, 55)), 16),
            "mastercard2": (str(self.rng.randint(2221, 2720)), 16), "amex": (self.pick(("34", "37")), 15),
            "discover": (self.pick(("6011", "65", "644")), 16), "diners": (self.pick(("36", "300", "305")), 14),
            "jcb": (str(self.rng.randint(3528, 3589)), 16), "unionpay": ("62" + self.digits(1), 16),
        }[brand]
        while True:
            digits = checksums.luhn_complete(prefix + self.digits(length - len(prefix) - 1))
            if digits not in TEST_CARDS:
                break
        sep = sep if sep is not None else self.least("card_sep", (" ", "-", ""))
        groups = {15: (4, 6, 5), 14: (4, 6, 4)}.get(length, (4, 4, 4, 4))
        parts, i = [], 0
        for g in groups:
            parts.append(digits[i:i + g])
            i += g
        return V(sep.join(parts), "CREDIT_CARD", "CREDIT_CARD")

    def expiry(self) -> str:
        return f"{self.rng.randint(1, 12):02d}/{self.rng.randint(26, 30)}"

    # IBANs
    def _bban(self, country: str) -> str:
        out = ""
        for i, (alpha, n) in enumerate(IBAN_LAYOUTS[country]):
            if alpha == "U" and i == 0 and country in BANKS:
                out += self.pick(BANKS[country])
            elif alpha == "U":
                out += rand(self.rng, UPPER, n)
            elif alpha == "Z":
                out += "0" * n
            else:
                out += self.digits(n)
        return out

    def iban(self, country: str | None = None, grouped: bool | None = None) -> V:
        country = country or self.least("iban_country", sorted(IBAN_LAYOUTS))
        bban = self._bban(country)
        compact = country + checksums.iban_check_digits(country, bban) + bban
        grouped = self.chance(0.55) if grouped is None else grouped
        text = self.group4(compact) if grouped else compact
        return V(text, "IBAN_CODE", "IBAN_CODE")

    # SSNs
    def ssn(self, style: str | None = None) -> V:
        while True:
            area = self.rng.randint(1, 899)
            if area != 666:
                break
        group, serial = self.rng.randint(1, 99), self.rng.randint(1, 9999)
        style = style or self.least("ssn_style", ("dash", "dash", "space", "plain"))
        a, g, s = f"{area:03d}", f"{group:02d}", f"{serial:04d}"
        text = {"dash": f"{a}-{g}-{s}", "space": f"{a} {g} {s}", "plain": a + g + s}[style]
        return V(text, "US_SSN", "US_SSN")

    # IPs
    def ipv4(self, private: bool | None = None) -> V:
        private = self.chance(0.4) if private is None else private
        while True:
            if private:
                first = self.pick(("10", "172", "192"))
                text = {"10": f"10.{self.rng.randint(0, 255)}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}",
                        "172": f"172.{self.rng.randint(16, 31)}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}",
                        "192": f"192.168.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}"}[first]
                return V(text, "IP_ADDRESS", "IP_ADDRESS")
            text = ".".join(str(self.rng.randint(1, 254)) for _ in range(4))
            ip = ipaddress.ip_address(text)
            if ip.is_global and not text.startswith(("192.0.2.", "198.51.100.", "203.0.113.")):
                return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self, private: bool = False) -> V:
        head = "fd" + rand(self.rng, HEX, 2) if private else self.pick(("2a02", "2a01", "2a0a", "2600", "2406", "2804",
                                                                            "2c0f", "2a00", "2400", "2803"))
        groups = [head] + [f"{self.rng.randint(0, 0xffff):x}" for _ in range(7)]
        if self.chance(0.5):
            groups[4:7] = ["0", "0", "0"]
        return V(ipaddress.ip_address(":".join(groups)).compressed, "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> V:
        return self.ipv6() if self.chance(0.25) else self.ipv4()

    # plain text bits
    def date(self, style: str = "iso") -> str:
        y, m, d = self.rng.randint(2023, 2025), self.rng.randint(1, 12), self.rng.randint(1, 28)
        return {"iso": f"{y}-{m:02d}-{d:02d}", "uk": f"{d:02d}/{m:02d}/{y}", "de": f"{d:02d}.{m:02d}.{y}",
                "us": f"{m:02d}/{d:02d}/{y}"}[style]

    def dob(self, young: bool = False) -> str:
        y = self.rng.randint(2006, 2009) if young else self.rng.randint(1968, 2007)
        m, d = self.rng.randint(1, 12), self.rng.randint(1, 28)
        return f"{d:02d}/{m:02d}/{y}"

    def time(self) -> str:
        return f"{self.rng.randint(7, 22):02d}:{self.rng.randint(0, 59):02d}:{self.rng.randint(0, 59):02d}"

    def money(self, lo: int = 20, hi: int = 9000) -> str:
        return f"{self.rng.randint(lo, hi):,}.{self.rng.randint(0, 99):02d}"

    def student_login(self) -> str:
        return "s" + self.digits(7)

    # --- hard negatives -------------------------------------------------------------------------------------------

    def neg(self, kind: str) -> N:
        text, mimics = getattr(self, f"_neg_{kind}")()
        return N(text, kind, mimics)

    def _neg_student_id(self) -> tuple[str, str]:
        return self.pick((self.digits(8), "S" + self.digits(7), self.digits(9), "2" + self.digits(8))), "US_SSN"

    def _neg_login(self) -> tuple[str, str]:
        return self.pick(("s" + self.digits(7), "u" + self.digits(7), "ab" + self.digits(4), "stu" + self.digits(5))), \
            "PERSON"

    def _neg_staff_id(self) -> tuple[str, str]:
        return self.pick(("E" + self.digits(6), "STF-" + self.digits(5), "P" + self.digits(7))), "US_SSN"

    def _neg_ni_number(self) -> tuple[str, str]:
        a = self.pick("ABCEGHJKLMNPRSTWXYZ") + self.pick("ABCEGHJKLMNPRSTWXYZ")
        d = self.digits(6)
        s = self.pick("ABCD")
        return self.pick((f"{a} {d[:2]} {d[2:4]} {d[4:]} {s}", f"{a}{d}{s}")), "US_SSN"

    def _neg_steuer_id(self) -> tuple[str, str]:
        d = str(self.rng.randint(1, 9)) + self.digits(10)
        return self.pick((f"{d[:2]} {d[2:5]} {d[5:8]} {d[8:]}", d)), "US_SSN"

    def _neg_bsn(self) -> tuple[str, str]:
        while True:
            d = str(self.rng.randint(1, 9)) + self.digits(8)
            if bsn_valid(d):
                return d, "US_SSN"

    def _neg_pps(self) -> tuple[str, str]:
        return self.digits(7) + self.pick(UPPER) + self.pick(("A", "W", "")), "US_SSN"

    def _neg_sin(self) -> tuple[str, str]:
        d = checksums.luhn_complete(str(self.rng.randint(1, 7)) + self.digits(7))
        return f"{d[:3]} {d[3:6]} {d[6:]}", "US_SSN"

    def _neg_tfn(self) -> tuple[str, str]:
        d = self.digits(9)
        return f"{d[:3]} {d[3:6]} {d[6:]}", "US_SSN"

    def _neg_itin(self) -> tuple[str, str]:
        return f"9{self.digits(2)}-{self.rng.randint(70, 88)}-{self.digits(4)}", "US_SSN"

    def _neg_isbn(self) -> tuple[str, str]:
        body = self.pick(("978", "979")) + self.digits(9)
        check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body)) % 10) % 10
        d = body + str(check)
        return self.pick((f"{d[:3]}-{d[3]}-{d[4:8]}-{d[8:12]}-{d[12]}", d, f"{d[:3]}-{d[3:5]}-{d[5:9]}-{d[9:12]}-{d[12]}")), \
            "PHONE_NUMBER"

    def _neg_orcid(self) -> tuple[str, str]:
        d = "000" + str(self.rng.randint(1, 3)) + self.digits(11)
        total = 0
        for c in d:
            total = (total + int(c)) * 2
        check = (12 - total % 11) % 11
        d += "X" if check == 10 else str(check)
        return f"{d[:4]}-{d[4:8]}-{d[8:12]}-{d[12:]}", "CREDIT_CARD"

    def _neg_library_barcode(self) -> tuple[str, str]:
        while True:
            d = "3" + self.digits(13)
            if not luhn_valid(d):
                return d, "CREDIT_CARD"

    def _neg_course_code(self) -> tuple[str, str]:
        return self.pick((f"{self.pick(('COMP', 'ECON', 'LAWS', 'MATH', 'NURS', 'PSYC', 'HIST', 'ENGL'))}{self.digits(4)}",
                          f"{self.pick(('CS', 'BIO', 'EDU', 'ARCH'))} {self.rng.randint(100, 499)}",
                          f"{self.pick(('L100', 'G400', 'N400', 'C800', 'V100', 'M100'))}")), "CREDENTIAL"

    def _neg_room(self) -> tuple[str, str]:
        return self.pick((f"{self.pick('ABCDGLM')}.{self.rng.randint(0, 4)}{self.digits(2)}",
                          f"Room {self.rng.randint(1, 5)}.{self.digits(2)}", f"LT{self.rng.randint(1, 9)}",
                          f"G{self.digits(2)}")), "PHONE_NUMBER"

    def _neg_case_ref(self) -> tuple[str, str]:
        y = self.rng.randint(2023, 2025)
        return self.pick((f"CT/{y}/{self.digits(6)}", f"BEN-{self.digits(7)}", f"HB{self.digits(8)}",
                          f"CASE-{y}-{self.digits(5)}", f"{self.digits(3)} {self.digits(3)} {self.digits(4)}")), \
            "PHONE_NUMBER"

    def _neg_foi_ref(self) -> tuple[str, str]:
        return self.pick((f"FOI-{self.rng.randint(2023, 2025)}-{self.digits(5)}", f"FOI/{self.digits(4)}/{self.digits(2)}",
                          f"EIR{self.digits(6)}", f"IFG-{self.digits(4)}/{self.rng.randint(23, 25)}")), "PHONE_NUMBER"

    def _neg_invoice(self) -> tuple[str, str]:
        return self.pick((f"INV-{self.rng.randint(2023, 2025)}-{self.digits(6)}", f"SI{self.digits(8)}",
                          f"{self.digits(4)} {self.digits(4)} {self.digits(4)}")), "CREDIT_CARD"

    def _neg_pcn(self) -> tuple[str, str]:
        return self.pick((f"{self.pick(('AV', 'KB', 'WM', 'ZT'))}{self.digits(8)}", f"PCN {self.digits(10)}")), \
            "PHONE_NUMBER"

    def _neg_council_tax_ref(self) -> tuple[str, str]:
        return self.pick((self.digits(10), f"{self.digits(8)}X", f"CTAX {self.digits(4)} {self.digits(4)}")), \
            "PHONE_NUMBER"

    def _neg_ucas_id(self) -> tuple[str, str]:
        d = "1" + self.digits(9)
        return f"{d[:3]}-{d[3:6]}-{d[6:]}", "PHONE_NUMBER"

    def _neg_date(self) -> tuple[str, str]:
        return self.date(self.pick(("iso", "uk", "de"))), "PHONE_NUMBER"

    def _neg_postcode(self) -> tuple[str, str]:
        return self.pick((f"{self.pick(('EH', 'LS', 'M', 'BS', 'CF', 'NE', 'G'))}{self.rng.randint(1, 20)} "
                          f"{self.rng.randint(1, 9)}{self.pick('ABDEFGHJLNPQRSTUWXYZ')}{self.pick('ABDEFGHJLNPQRSTUWXYZ')}",
                          self.digits(5), f"D{self.rng.randint(1, 24):02d} {self.pick('ACDEFHKNPRTVWXY')}{self.digits(3)}",
                          f"{self.rng.randint(1000, 9999)} {rand(self.rng, 'ABCEGHJKLNPRSTVWXZ', 2)}")), "PHONE_NUMBER"

    def _neg_uk_postcode(self) -> tuple[str, str]:
        return f"{self.pick(('EH', 'LS', 'M', 'BS', 'CF', 'NE', 'G', 'SW', 'B'))}{self.rng.randint(1, 20)} " \
               f"{self.rng.randint(1, 9)}{rand(self.rng, 'ABDEFGHJLNPQRSTUWXYZ', 2)}", "PHONE_NUMBER"

    def _neg_version(self) -> tuple[str, str]:
        return self.pick((f"{self.rng.randint(1, 12)}.{self.rng.randint(0, 9)}.{self.rng.randint(0, 40)}",
                          f"{self.rng.randint(1, 9)}.{self.rng.randint(0, 20)}.{self.rng.randint(0, 99)}.{self.rng.randint(0, 250)}",
                          f"v{self.rng.randint(1, 5)}.{self.rng.randint(0, 30)}.{self.rng.randint(0, 9)}")), "IP_ADDRESS"

    def _neg_doc_ip(self) -> tuple[str, str]:
        return self.pick((f"192.0.2.{self.rng.randint(1, 254)}", f"198.51.100.{self.rng.randint(1, 254)}",
                          f"203.0.113.{self.rng.randint(1, 254)}", f"2001:db8::{self.rng.randint(1, 0xfff):x}")), "IP_ADDRESS"

    def _neg_example_email(self) -> tuple[str, str]:
        return f"{self.pick(('firstname.lastname', 'student', 'jane.doe', 'applicant', 'user', 'test.user'))}@" \
               f"{self.pick(('example.com', 'example.org', 'example.net'))}", "EMAIL_ADDRESS"

    def _neg_ssh_target(self) -> tuple[str, str]:
        return f"{self.pick(('ctr', 'exams', 'sftp'))}{self.digits(5)}@{self.pick(('sftp.ocrexams-transfer.org.uk', 'transfer.examsboard.net', 'files.sqa-partner.org.uk'))}", \
            "EMAIL_ADDRESS"

    def _neg_masked_card(self) -> tuple[str, str]:
        last = self.digits(4)
        return self.pick((f"**** **** **** {last}", f"XXXX-XXXX-XXXX-{last}", f"{self.pick(('4', '5'))}{self.digits(3)} "
                          f"•••• •••• {last}", f"**** {last}", f"************{last}")), "CREDIT_CARD"

    def _neg_luhn_fail(self) -> tuple[str, str]:
        while True:
            d = self.pick(("4", "5", "37")) + self.digits(14)
            d = d[:16]
            if not luhn_valid(d):
                return self.pick((d, self.group4(d))), "CREDIT_CARD"

    def _neg_test_card(self) -> tuple[str, str]:
        c = self.pick(TEST_CARDS[:4])
        return self.pick((c, self.group4(c))), "CREDIT_CARD"

    def _neg_bad_iban(self) -> tuple[str, str]:
        country = self.pick(sorted(IBAN_LAYOUTS))
        bban = self._bban(country)
        good = checksums.iban_check_digits(country, bban)
        bad = f"{(int(good) + self.rng.randint(1, 50)) % 97 + 2:02d}"
        if bad == good:
            bad = f"{(int(good) + 3) % 97 + 2:02d}"
        return self.group4(country + bad + bban), "IBAN_CODE"

    def _neg_bic(self) -> tuple[str, str]:
        return self.pick(("DEUTDEFF", "COBADEFFXXX", "BNPAFRPP", "INGBNL2A", "AIBKIE2D", "NWBKGB2L", "BSCHESMM",
                          "UNCRITMM", "ESSESESS", "DNBANOKK", "NDEAFIHH", "PKOPPLPW", "GEBABEBB", "RZBAATWW",
                          "UBSWCHZH80A", "CGDIPTPL")), "IBAN_CODE"

    def _neg_sort_code(self) -> tuple[str, str]:
        return f"{self.digits(2)}-{self.digits(2)}-{self.digits(2)}", "PHONE_NUMBER"

    def _neg_account_number(self) -> tuple[str, str]:
        return self.digits(8), "IBAN_CODE"

    def _neg_routing_number(self) -> tuple[str, str]:
        return self.pick(("0", "1", "2")) + self.digits(8), "US_SSN"

    def _neg_bad_ssn(self) -> tuple[str, str]:
        return self.pick((f"000-{self.digits(2)}-{self.digits(4)}", f"666-{self.rng.randint(10, 99)}-{self.digits(4)}",
                          f"{self.rng.randint(100, 899)}-00-{self.digits(4)}", "078-05-1120",
                          f"{self.rng.randint(100, 665)}-{self.rng.randint(10, 99)}-0000")), "US_SSN"

    def _neg_fict_phone(self) -> tuple[str, str]:
        return self.pick((f"({self.rng.randint(201, 989)}) 555-01{self.digits(2)}",
                          f"+1 {self.rng.randint(201, 989)} 555-01{self.digits(2)}",
                          f"{self.rng.randint(201, 989)}-555-01{self.digits(2)}")), "PHONE_NUMBER"

    def _neg_guid(self) -> tuple[str, str]:
        h = rand(self.rng, HEX, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.pick('89ab')}{h[17:20]}-{h[20:]}", "CREDENTIAL"

    def _neg_commit_sha(self) -> tuple[str, str]:
        return rand(self.rng, HEX, self.pick((40, 7))), "CREDENTIAL"

    def _neg_sha256(self) -> tuple[str, str]:
        return rand(self.rng, HEX, 64), "CREDENTIAL"

    def _neg_placeholder(self) -> tuple[str, str]:
        return self.pick(("<your-api-key>", "<BIND_PASSWORD>", "********", "sk-...XXXX", "REPLACE_ME", "xxxxxxxxxxxxxxxx",
                          "<paste token here>", "[REDACTED]", "changeme-in-vault", "{{CANVAS_TOKEN}}", "YOUR_SECRET_HERE",
                          "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "AKIAXXXXXXXXXXXXXXXX")), "CREDENTIAL"

    def _neg_secret_ref(self) -> tuple[str, str]:
        return self.pick(("${LDAP_BIND_PW}", "{{ vault_sis_db_password }}", "$(SFTP_PASSWORD)", "env:CANVAS_API_TOKEN",
                          "@Microsoft.KeyVault(SecretUri=https://kv-northmere-it.vault.azure.net/secrets/banner-ro/)",
                          "${{ secrets.MOODLE_WS_TOKEN }}", "!vault |", "secretKeyRef: sis-db/password",
                          "%(ENV_SMTP_PASS)s", "${env:AZURE_CLIENT_SECRET}")), "CREDENTIAL"

    def _neg_account_sid(self) -> tuple[str, str]:
        return "AC" + rand(self.rng, HEX, 32), "CREDENTIAL"

    def _neg_named_place(self) -> tuple[str, str]:
        return self.least("named_place", NAMED_PLACES), "PERSON"

    def _neg_named_school(self) -> tuple[str, str]:
        return self.least("named_school", NAMED_SCHOOLS), "PERSON"

    def _neg_scholarship(self) -> tuple[str, str]:
        return self.least("scholarship", SCHOLARSHIPS), "PERSON"

    def _neg_grade(self) -> tuple[str, str]:
        return self.pick(("2:1", "A*AA", "3.72 GPA", "7.5 IELTS", "First", "B+", "14/20", "1,7", "38/45 IB")), "PHONE_NUMBER"

    def _neg_uln(self) -> tuple[str, str]:
        return self.digits(10), "PHONE_NUMBER"

    def _neg_candidate_no(self) -> tuple[str, str]:
        return self.digits(4), "US_SSN"

    def _neg_centre_no(self) -> tuple[str, str]:
        return self.digits(5), "US_SSN"

    def _neg_uci(self) -> tuple[str, str]:
        return f"{self.digits(5)}{self.rng.randint(1, 9)}{self.digits(6)}{rand(self.rng, UPPER, 1)}", "CREDIT_CARD"

    def _neg_oid(self) -> tuple[str, str]:
        return f"1.3.6.1.4.1.{self.rng.randint(1000, 60000)}.{self.rng.randint(1, 9)}.{self.rng.randint(1, 99)}", \
            "IP_ADDRESS"

    def _neg_mac(self) -> tuple[str, str]:
        return ":".join(rand(self.rng, HEX, 2) for _ in range(6)), "IP_ADDRESS"

    def _neg_ticket_no(self) -> tuple[str, str]:
        return self.pick((f"INC{self.digits(7)}", f"RITM{self.digits(7)}", f"HD-{self.digits(6)}", f"#{self.digits(6)}")), \
            "PHONE_NUMBER"

    def _neg_vat(self) -> tuple[str, str]:
        return self.pick((f"GB{self.digits(9)}", f"DE{self.digits(9)}", f"IE{self.digits(7)}{self.pick(UPPER)}",
                          f"NL{self.digits(9)}B{self.digits(2)}")), "IBAN_CODE"

    def _neg_fafsa_id(self) -> tuple[str, str]:
        return self.pick((f"ISIR transaction {self.digits(2)}", f"DRN {self.digits(4)}", f"EFC {self.digits(4)}",
                          f"SAI {self.rng.randint(-1500, 30000)}")), "US_SSN"


NAMED_PLACES = ("Marie Curie Building", "Ada Lovelace Lab", "Alan Turing Building", "Rosalind Franklin Hall",
                "Isaac Newton Lecture Theatre", "Mary Seacole Wing", "Kwame Nkrumah Hall", "Rabindranath Tagore Library",
                "Chinua Achebe Reading Room", "Heinrich-Heine-Straße", "rue Victor-Hugo", "Avenida Getúlio Vargas",
                "Via Giuseppe Garibaldi", "Atatürk Bulvarı", "Simón Bolívar Avenue", "Emmeline Pankhurst House",
                "Nelson Mandela Place", "Frederick Douglass Center", "Astrid Lindgren-salen", "Copernicus Room",
                "Gandhi Road", "Edith Cowan Street", "Kate Sheppard Place", "Sophie-Scholl-Platz", "Erasmusplein",
                "Seamus Heaney Theatre", "Fernando Pessoa Auditorium", "Jane Austen Suite", "Marie-Curie-Saal")
NAMED_SCHOOLS = ("Thomas Jefferson High School", "Lycée Victor Hugo", "Goethe-Gymnasium", "Colegio San Ignacio",
                 "St Mary's Primary", "Sir John Cass School", "Liceo Galileo Galilei", "Escola Básica Luís de Camões",
                 "Anne Frank Basisschool", "Kofi Annan International School", "Albert-Schweitzer-Realschule",
                 "Bishop Heber College", "Queen Elizabeth's Grammar School", "Szkoła Podstawowa im. Marii Konopnickiej")
SCHOLARSHIPS = ("Nelson Mandela Scholarship", "Marie Skłodowska-Curie fellowship", "Fulbright award", "Rhodes Scholarship",
                "Erasmus+ grant", "Humboldt Research Fellowship", "Gates Cambridge Scholarship", "Wangari Maathai Bursary",
                "Alan Turing Scholarship", "Ada Lovelace Bursary", "Kate Edger Award", "Jean Monnet Chair")
