"""Values for the sixth corpus: labelled PII and credentials that pass their own checks (Luhn,
mod-97 with each country's BBAN layout, issuable SSNs, phone numbers valid for their region by
libphonenumber, CRC32-checksummed GitHub / npm tokens), person names, and hard negatives that look
like them. Written for this corpus alone (the other corpora's values were not read)."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import random
import re
import string
import uuid

import phonenumbers

from tests.dlp_eval import checksums
from tests.dlp_eval.checksums import crc32_base62, iban_check_digits, luhn_complete, luhn_valid
from tests.dlp_eval.corpus import CREDENTIAL, PERSON
from tests.dlp_eval.templates import Neg, Val

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"

# Regions whose numbers the corpus writes (national forms are read in their own region).
PHONE_REGIONS = ("US", "CA", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "AT", "CH", "PT", "BR", "MX", "IN", "JP", "KR",
                 "AE", "SA", "PL", "SE", "IE", "AU", "SG", "ZA", "TR", "AR", "CO", "EG")
NANP_AREAS = ("212", "312", "415", "617", "206", "303", "404", "512", "646", "702", "713", "818", "917", "949", "305")
CA_AREAS = ("416", "604", "514", "403", "613", "647", "780")

# BBAN layouts: (count, class) with class n digits, a upper letters, c alphanumerics.
IBAN_LAYOUTS = {
    "AD": "4n4n12c", "AT": "5n11n", "BE": "12n", "BG": "4a6n8c", "CH": "5n12c", "CY": "8n16c", "CZ": "20n",
    "DE": "18n", "DK": "14n", "EE": "16n", "ES": "20n", "FI": "14n", "FR": "10n11c2n", "GB": "4a14n", "GR": "7n16c",
    "HR": "17n", "HU": "24n", "IE": "4a14n", "IS": "22n", "IT": "1a10n12c", "LT": "16n", "LU": "3n13c", "LV": "4a13c",
    "MT": "4a5n18c", "NL": "4a10n", "NO": "11n", "PL": "24n", "PT": "21n", "RO": "4a16c", "SE": "20n", "SI": "15n",
    "SK": "20n", "SA": "2n18c", "AE": "3n16n", "TR": "5n1n16c", "BR": "8n5n10n1a1c", "QA": "4a21c", "KW": "4a22c",
    "IL": "3n3n13n", "MC": "10n11c2n", "LI": "5n12c", "GI": "4a15c", "SM": "1a10n12c", "JO": "4a4n18c", "MR": "23n",
    "LB": "4n20c", "AZ": "4a20c", "GE": "2a16n", "XK": "4n10n2n", "UA": "6n19c",
}
NL_BANKS = ("ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB")
GB_BANKS = ("BARC", "NWBK", "HBUK", "LOYD", "MIDL", "MONZ")

FIRST = ("Aoife", "Bjorn", "Camila", "Dmitri", "Esperanza", "Farid", "Gudrun", "Hiroshi", "Ingrid", "Jamal", "Keiko",
         "Lorenzo", "Mireille", "Nnamdi", "Oksana", "Priyanka", "Quentin", "Rafaela", "Siddharth", "Tamsin", "Ulrich",
         "Valentina", "Wojciech", "Ximena", "Yusuf", "Zofia", "Anneliese", "Bartholomew", "Chiara", "Declan", "Eun-ji",
         "Fatima", "Gonzalo", "Halvard", "Isabela", "Joaquim", "Kwame", "Leonie", "Matteo", "Naledi", "Orla", "Pawel",
         "Rosalind", "Soren", "Thandiwe", "Ugo", "Vikram", "Wilhelmina", "Yolanda", "Zeynep", "Margarethe", "Tobias",
         "Haruto", "Min-jun", "Aarav", "Lucia", "Henrik", "Amara", "Cormac", "Delphine")
LAST = ("Oyelaran", "Lindqvist", "Restrepo", "Volkov", "Quintanilla", "Haddadi", "Sigurdardottir", "Takahashi",
        "Bergstrom", "Okonkwo", "Nakamura", "Bellandi", "Lefebvre", "Adeyemi", "Shevchenko", "Raghunathan", "Moreau",
        "Carvalho", "Venkataraman", "Trelawney", "Brandauer", "Castellanos", "Kowalczyk", "Arriaga", "Demir",
        "Wisniewska", "Fitzgerald", "Van der Berg", "Esposito", "Gallagher", "Park", "Al-Mansouri", "Echeverria",
        "Haugland", "Ferreira", "Mendonca", "Asante", "Schwarzkopf", "Rinaldi", "Mokoena", "Brennan", "Zielinski",
        "Achterberg", "Lundgren", "Dlamini", "Okafor", "Iyer", "Kristiansen", "Villanueva", "Yilmaz", "Hoffmann",
        "Kobayashi", "Choi", "Sharma", "Duarte", "Magnusson", "Nwosu", "O'Sullivan", "Dubois")
DOMAINS = ("fabrikam-logistics.com", "northwindtraders.net", "tailspin-air.de", "wingtiptoys.co.uk", "adatum.fr",
           "litware-health.org", "proseware.io", "woodgrovebank.es", "alpineski.at", "margiestravel.com.br",
           "fourthcoffee.jp", "lucernepublishing.nl", "trey-research.ch", "graphicdesigninstitute.pt", "humongous.se",
           "blueyonderairlines.ie", "consolidatedmessenger.pl", "cohovineyard.com.au", "relecloud.in", "vanarsdel.kr")
WORDS = ("orbit", "maple", "quartz", "ember", "falcon", "harbor", "lumen", "cobalt", "willow", "saffron", "tundra",
         "glacier", "ripple", "meadow", "cinder", "zephyr", "juniper", "basalt", "mistral", "pebble")


def iban_valid(iban: str) -> bool:
    s = re.sub(r"\s", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s) or s[:2] not in IBAN_LAYOUTS:
        return False
    return len(s) - 4 == _layout_len(IBAN_LAYOUTS[s[:2]]) and checksums.iban_valid(s)


def _layout_len(layout: str) -> int:
    return sum(int(n) for n, _ in re.findall(r"(\d+)([nac])", layout))


def base62_checksum_valid(token: str) -> bool:
    """GitHub / npm token: prefix, 30 base62 characters, then their CRC32 in 6 base62 characters."""
    return checksums.base62_checksum_valid(token, 36)


def ssn_valid(ssn: str) -> bool:
    d = re.sub(r"[ -]", "", ssn)
    return len(d) == 9 and 0 < int(d[:3]) < 900 and d[:3] != "666" and d[3:5] != "00" and d[5:] != "0000"


class Values:
    """Everything one corpus draw needs, from one seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self._examples = set()
        for reg in PHONE_REGIONS:
            for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
                ex = phonenumbers.example_number_for_type(reg, t)
                if ex:
                    self._examples.add(phonenumbers.national_significant_number(ex))

    # ---- helpers
    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def pick(self, seq):  # noqa: ANN001, ANN201
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def word(self) -> str:
        return self.r.choice(WORDS)

    def num(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def guid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    # ---- people
    def first(self) -> str:
        return self.r.choice(FIRST)

    def last(self) -> str:
        return self.r.choice(LAST)

    def person(self, text: str | None = None) -> Val:
        return Val(text or f"{self.first()} {self.last()}", PERSON, PERSON)

    def pfirst(self) -> Val:
        return Val(self.first(), PERSON, PERSON)

    def plast(self) -> Val:
        return Val(self.last(), PERSON, PERSON)

    def email(self, name: str | None = None) -> Val:
        name = name or f"{self.first()} {self.last()}"
        parts = re.sub(r"[^a-z ]", "", name.lower()).split()
        local = self.r.choice([".".join(parts), parts[0][0] + parts[-1], parts[0] + "_" + parts[-1],
                               parts[-1] + str(self.num(1, 99))])
        if self.chance(0.15):
            local += "+" + self.word()
        return Val(f"{local}@{self.pick(DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    # ---- cards
    def card_digits(self, brand: str | None = None) -> str:
        brand = brand or self.pick(("visa", "mc", "mc2", "amex", "discover", "jcb", "diners", "visa", "mc"))
        if brand == "visa":
            return luhn_complete("4" + self.s(string.digits, 14))
        if brand == "mc":
            return luhn_complete(str(self.num(51, 55)) + self.s(string.digits, 13))
        if brand == "mc2":
            return luhn_complete(str(self.num(2221, 2720)) + self.s(string.digits, 11))
        if brand == "amex":
            return luhn_complete(self.pick(("34", "37")) + self.s(string.digits, 12))
        if brand == "discover":
            pre = self.pick(("6011", "65" + self.s(string.digits, 2), str(self.num(644, 649)) + self.s(string.digits, 1)))
            return luhn_complete(pre + self.s(string.digits, 11))
        if brand == "jcb":
            return luhn_complete(str(self.num(3528, 3589)) + self.s(string.digits, 11))
        pre = self.pick(("36", "38", str(self.num(300, 305))))
        return luhn_complete(pre + self.s(string.digits, 13 - len(pre)))

    def card(self, brand: str | None = None, sep: str | None = None) -> Val:
        d = self.card_digits(brand)
        sep = self.pick((" ", "-", "", " ")) if sep is None else sep
        if len(d) == 15:
            g = [d[:4], d[4:10], d[10:]]
        elif len(d) == 14:
            g = [d[:4], d[4:10], d[10:]]
        else:
            g = [d[i:i + 4] for i in range(0, 16, 4)]
        return Val(sep.join(g), "CREDIT_CARD", "CREDIT_CARD")

    def card_neg(self) -> Neg:
        kind = self.pick(("luhn_fail", "test_card", "masked_card", "order_number16"))
        if kind == "luhn_fail":
            d = self.card_digits("visa")
            d = d[:-1] + str((int(d[-1]) + self.num(1, 9)) % 10)
            return Neg(" ".join(d[i:i + 4] for i in range(0, 16, 4)), kind, "CREDIT_CARD")
        if kind == "test_card":
            return Neg(self.pick(("4242 4242 4242 4242", "4111 1111 1111 1111", "5555 5555 5555 4444",
                                  "4000 0566 5566 5556", "3782 822463 10005")), kind, "CREDIT_CARD")
        if kind == "masked_card":
            return Neg(self.pick(("**** **** **** ", "XXXX-XXXX-XXXX-", "•••• •••• •••• ")) + self.s(string.digits, 4), kind,
                       "CREDIT_CARD")
        d = self.s(string.digits, 16)
        while luhn_valid(d):
            d = self.s(string.digits, 16)
        return Neg(d, kind, "CREDIT_CARD")

    # ---- IBAN
    def iban_compact(self, country: str | None = None) -> str:
        cc = country or self.pick(sorted(IBAN_LAYOUTS))
        layout = IBAN_LAYOUTS[cc]
        bban = ""
        for n, cls in re.findall(r"(\d+)([nac])", layout):
            n = int(n)
            if cls == "n":
                bban += self.s(string.digits, n)
            elif cls == "a":
                bban += self.s(string.ascii_uppercase, n)
            else:
                bban += self.s(string.digits, n) if self.chance(0.7) else self.s(string.ascii_uppercase + string.digits, n)
        if cc == "NL":
            bban = self.pick(NL_BANKS) + bban[4:]
        if cc == "GB":
            bban = self.pick(GB_BANKS) + bban[4:]
        if cc == "TR":
            bban = bban[:5] + "0" + bban[6:]
        if cc == "BE":
            chk = int(bban[:10]) % 97 or 97
            bban = bban[:10] + f"{chk:02d}"
        return f"{cc}{iban_check_digits(cc, bban)}{bban}"

    def iban(self, country: str | None = None, grouped: bool | None = None) -> Val:
        s = self.iban_compact(country)
        grouped = self.chance(0.6) if grouped is None else grouped
        if grouped:
            s = " ".join(s[i:i + 4] for i in range(0, len(s), 4))
        return Val(s, "IBAN_CODE", "IBAN_CODE")

    def iban_neg(self) -> Neg:
        kind = self.pick(("iban_bad_check", "iban_doc_example", "iban_masked"))
        if kind == "iban_bad_check":
            s = self.iban_compact(self.pick(("DE", "FR", "ES", "NL", "IT", "GB")))
            bad = (int(s[2:4]) + self.num(1, 50)) % 97 + 2
            s = s[:2] + f"{bad:02d}" + s[4:]
            if iban_valid(s):
                s = s[:2] + f"{(bad + 1) % 97 + 2:02d}" + s[4:]
            return Neg(" ".join(s[i:i + 4] for i in range(0, len(s), 4)), kind, "IBAN_CODE")
        if kind == "iban_doc_example":
            return Neg(self.pick(("DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19", "FR14 2004 1010 0505 0001 3M02 606",
                                  "NL91ABNA0417164300", "ES91 2100 0418 4502 0005 1332", "CH93 0076 2011 6238 5295 7")),
                       kind, "IBAN_CODE")
        return Neg(self.pick(("DE", "FR", "ES", "IT")) + "** **** **** **** " + self.s(string.digits, 4), kind, "IBAN_CODE")

    # ---- SSN
    def ssn(self, sep: str | None = None) -> Val:
        while True:
            area = self.num(1, 899)
            if area != 666:
                break
        sep = self.pick(("-", "-", " ")) if sep is None else sep
        return Val(f"{area:03d}{sep}{self.num(1, 99):02d}{sep}{self.num(1, 9999):04d}", "US_SSN", "US_SSN")

    def ssn_neg(self) -> Neg:
        kind = self.pick(("ssn_invalid_area", "ssn_masked", "ssn_example", "ssn_zero_group"))
        if kind == "ssn_invalid_area":
            return Neg(f"{self.pick(('000', '666', str(self.num(900, 999))))}-{self.num(10, 99)}-{self.num(1000, 9999)}", kind,
                       "US_SSN")
        if kind == "ssn_masked":
            return Neg(f"***-**-{self.num(1000, 9999)}", kind, "US_SSN")
        if kind == "ssn_example":
            return Neg(self.pick(("078-05-1120", "123-45-6789", "219-09-9999")), kind, "US_SSN")
        return Neg(f"{self.num(100, 665)}-00-{self.num(1000, 9999)}", kind, "US_SSN")

    # ---- phones
    def _phone_number(self, region: str) -> phonenumbers.PhoneNumber:
        if region in ("US", "CA"):
            while True:
                area = self.pick(NANP_AREAS if region == "US" else CA_AREAS)
                exch = self.num(201, 989)
                if exch == 555 or str(exch)[1:] == "11":
                    continue
                n = phonenumbers.parse(f"+1{area}{exch}{self.num(0, 9999):04d}")
                if phonenumbers.is_valid_number(n) and phonenumbers.region_code_for_number(n) == region:
                    return n
        t = self.pick((phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE))
        ex = phonenumbers.example_number_for_type(region, t) or phonenumbers.example_number(region)
        nsn = phonenumbers.national_significant_number(ex)
        cc = ex.country_code
        for _ in range(500):
            k = self.num(3, min(6, len(nsn) - 2))
            cand = nsn[:-k] + self.s(string.digits, k)
            if cand in self._examples or cand == nsn:
                continue
            n = phonenumbers.parse(f"+{cc}{cand}")
            if phonenumbers.is_valid_number(n) and phonenumbers.region_code_for_number(n) == region:
                return n
        raise AssertionError(region)

    def phone(self, region: str | None = None, fmt: str | None = None) -> Val:
        region = region or self.pick(PHONE_REGIONS)
        n = self._phone_number(region)
        fmt = fmt or self.pick(("intl", "intl", "national", "e164", "dotted", "00"))
        intl = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if fmt == "intl":
            text = intl
        elif fmt == "national":
            text = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.NATIONAL)
        elif fmt == "e164":
            text = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
        elif fmt == "dotted":
            text = "+" + intl[1:].replace(" ", ".").replace("-", ".")
        else:
            text = "00" + intl[1:]
        return Val(text, "PHONE_NUMBER", "PHONE_NUMBER")

    def phone_neg(self) -> Neg:
        kind = self.pick(("fictional_555", "extension", "order_number", "timestamp_digits", "build_number"))
        if kind == "fictional_555":
            return Neg(f"+1 {self.pick(NANP_AREAS)}-555-01{self.num(0, 99):02d}", kind, "PHONE_NUMBER")
        if kind == "extension":
            return Neg(f"ext. {self.num(2000, 7999)}", kind, "PHONE_NUMBER")
        if kind == "order_number":
            return Neg(f"{self.num(100, 999)}-{self.num(1000000, 9999999)}-{self.num(1000000, 9999999)}", kind, "PHONE_NUMBER")
        if kind == "timestamp_digits":
            return Neg(f"{self.num(1700000000, 1799999999)}{self.num(100, 999)}", kind, "PHONE_NUMBER")
        return Neg(f"{self.num(2025, 2026)}{self.num(1, 12):02d}{self.num(1, 28):02d}.{self.num(1, 40)}", kind, "PHONE_NUMBER")

    # ---- IPs
    def ipv4(self, private: bool | None = None) -> Val:
        private = self.chance(0.45) if private is None else private
        if private:
            text = self.pick((f"10.{self.num(0, 255)}.{self.num(0, 255)}.{self.num(1, 254)}",
                              f"172.{self.num(16, 31)}.{self.num(0, 255)}.{self.num(1, 254)}",
                              f"192.168.{self.num(0, 255)}.{self.num(1, 254)}"))
        else:
            while True:
                a = ipaddress.IPv4Address(f"{self.num(11, 223)}.{self.num(0, 255)}.{self.num(0, 255)}.{self.num(1, 254)}")
                if a.is_global and not a.is_multicast:
                    text = str(a)
                    break
        return Val(text, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self, private: bool | None = None) -> Val:
        private = self.chance(0.3) if private is None else private
        groups = [f"{self.num(0, 65535):x}" for _ in range(8)]
        if private:
            groups[0] = "fd" + self.s(HEX, 2)
        else:
            groups[0] = self.pick(("2a01", "2a02", "2600", "2603", "2404", "2001", "2a05", "2c0f"))
            if groups[0] == "2001":
                groups[1] = self.pick(("4860", "67c", "470", "1890"))
        style = self.pick(("full", "compressed", "zero"))
        if style == "zero":
            groups[3:6] = ["0", "0", "0"]
        addr = ipaddress.IPv6Address(":".join(groups))
        text = addr.exploded if style == "full" else addr.compressed
        return Val(text, "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> Val:
        return self.ipv4() if self.chance(0.75) else self.ipv6()

    def ip_neg(self) -> Neg:
        kind = self.pick(("doc_ip", "loopback", "netmask", "version4", "doc_ipv6"))
        if kind == "doc_ip":
            return Neg(f"{self.pick(('192.0.2', '198.51.100', '203.0.113'))}.{self.num(1, 254)}", kind, "IP_ADDRESS")
        if kind == "loopback":
            return Neg(self.pick(("127.0.0.1", "0.0.0.0")), kind, "IP_ADDRESS")
        if kind == "netmask":
            return Neg(self.pick(("255.255.255.0", "255.255.240.0", "255.255.0.0")), kind, "IP_ADDRESS")
        if kind == "version4":
            return Neg(f"{self.num(1, 9)}.{self.num(0, 30)}.{self.num(0, 99)}.{self.num(1000, 29999)}", kind, "IP_ADDRESS")
        return Neg(f"2001:db8:{self.num(1, 0xffff):x}::{self.num(1, 0xff):x}", kind, "IP_ADDRESS")

    # ---- passwords
    def password_text(self) -> str:
        style = self.num(0, 4)
        if style == 0:
            return self.s(ALNUM, self.num(10, 16)) + self.pick("!#%&*?@$") + str(self.num(10, 99))
        if style == 1:
            w = self.word().capitalize()
            return f"{w}{self.pick('!#$%&*')}{self.num(1000, 9999)}{self.s(string.ascii_letters, 3)}"
        if style == 2:
            return "-".join(self.word() for _ in range(3)) + str(self.num(1, 9)) + self.pick("!?")
        if style == 3:
            return self.s(ALNUM + "!#%^*()_+=", self.num(14, 22))
        return f"{self.s(string.ascii_uppercase, 2)}{self.s(string.digits, 3)}{self.word()}{self.pick('!@#$')}{self.s(ALNUM, 4)}"

    def pw(self, kind: str, text: str | None = None) -> Val:
        return Val(text or self.password_text(), CREDENTIAL, kind)

    def pw_neg(self) -> Neg:
        kind = self.pick(("placeholder", "masked", "env_ref", "vault_ref", "changeme"))
        text = {
            "placeholder": self.pick(("<password>", "<YOUR_PASSWORD>", "your-password-here", "********")),
            "masked": self.pick(("***", "[MASKED]", "[REDACTED]", "••••••••", "xxxxxxxx")),
            "env_ref": self.pick(("${DB_PASSWORD}", "$env:SQL_PASSWORD", "%ADMIN_PASS%", "$(SqlAdminPassword)",
                                  "os.Getenv(\"DB_PASS\")")),
            "vault_ref": self.pick(("{{ vault_db_password }}", "${{ secrets.DB_PASSWORD }}",
                                    "@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/db-pass/)",
                                    "var.admin_password")),
            "changeme": self.pick(("changeme", "CHANGE_ME", "password", "TODO")),
        }[kind]
        return Neg(text, kind, "CREDENTIAL")

    def url_with_password(self, scheme: str | None = None) -> Val:
        scheme = scheme or self.pick(("postgresql", "mysql", "mongodb+srv", "redis", "rediss", "amqps", "https", "mssql",
                                      "ftp", "sftp"))
        user = self.pick(("app", "svc_etl", "admin", "readonly", self.first().lower(), "deploy"))
        pw = re.sub(r"[@:/?#%]", "", self.password_text())
        host = {"postgresql": f"pg-{self.word()}.postgres.database.azure.com:5432/orders",
                "mysql": f"mysql-{self.word()}.internal:3306/crm", "mongodb+srv": f"cluster0.{self.s(string.ascii_lowercase, 5)}.mongodb.net/app",
                "redis": f"cache-{self.word()}:6379/0", "rediss": f"{self.word()}.redis.cache.windows.net:6380",
                "amqps": f"mq-{self.word()}.example-broker.net:5671/vhost", "https": f"git.{self.word()}corp.net/team/repo.git",
                "mssql": f"sql-{self.word()}.database.windows.net:1433/ledger", "ftp": f"files.{self.word()}.net/outbound",
                "sftp": f"sftp.{self.word()}-partner.com:22/upload"}[scheme]
        text = f"{scheme}://{user}:{pw}@{host}"
        return Val(text, CREDENTIAL, "password_url", pw)

    # ---- tokens
    def github(self, prefix: str | None = None) -> Val:
        prefix = prefix or self.pick(("ghp", "gho", "ghs", "ghu", "ghr", "ghp", "pat"))
        if prefix == "pat":
            return Val(f"github_pat_{self.s(ALNUM, 22)}_{self.s(ALNUM, 59)}", CREDENTIAL, "github_token")
        body = self.s(B62, 30)
        return Val(f"{prefix}_{body}{crc32_base62(body)}", CREDENTIAL, "github_token")

    def npm(self) -> Val:
        body = self.s(B62, 30)
        return Val(f"npm_{body}{crc32_base62(body)}", CREDENTIAL, "npm_token")

    def gitlab(self) -> Val:
        p = self.pick(("glpat-", "glpat-", "glrt-", "gldt-", "glptt-"))
        body = self.s(HEX, 40) if p == "glptt-" else self.s(B64URL.replace("-", "").replace("_", ""), 20)
        return Val(p + body, CREDENTIAL, "gitlab_token")

    def slack(self) -> Val:
        p = self.pick(("xoxb", "xoxp", "xapp"))
        if p == "xoxb":
            t = f"xoxb-{self.s(string.digits, 12)}-{self.s(string.digits, 13)}-{self.s(ALNUM, 24)}"
        elif p == "xoxp":
            t = f"xoxp-{self.s(string.digits, 12)}-{self.s(string.digits, 12)}-{self.s(string.digits, 13)}-{self.s(HEX, 32)}"
        else:
            t = f"xapp-1-A{self.s(string.ascii_uppercase + string.digits, 10)}-{self.s(string.digits, 13)}-{self.s(HEX, 64)}"
        return Val(t, CREDENTIAL, "slack_token")

    def slack_webhook(self) -> Val:
        up = string.ascii_uppercase + string.digits
        sec = self.s(ALNUM, 24)
        return Val(f"https://hooks.slack.com/services/T{self.s(up, 8)}/B{self.s(up, 10)}/{sec}", CREDENTIAL, "slack_webhook",
                   sec)

    def stripe(self) -> Val:
        return Val(f"{self.pick(('sk_live_', 'sk_live_', 'rk_live_'))}{self.s(ALNUM, self.pick((24, 99)))}", CREDENTIAL,
                   "stripe_key")

    def stripe_neg(self) -> Neg:
        return Neg(f"{self.pick(('sk_test_', 'pk_live_', 'pk_test_'))}{self.s(ALNUM, 24)}", "stripe_non_secret", "stripe_key")

    def google(self) -> Val:
        return Val("AIza" + self.s(ALNUM + "-_", 35), CREDENTIAL, "google_api_key")

    def ado_pat(self) -> Val:
        if self.chance(0.3):
            t = self.s(ALNUM, 52) + "JQQJ99BDAC" + self.s(ALNUM, 10) + "AAASAZDO" + self.s(ALNUM, 4)
        else:
            t = self.s("abcdefghijklmnopqrstuvwxyz234567", 52)
        return Val(t, CREDENTIAL, "azure_devops_pat")

    def sendgrid(self) -> Val:
        return Val(f"SG.{self.s(B64URL, 22)}.{self.s(B64URL, 43)}", CREDENTIAL, "sendgrid_key")

    def b64key(self, nbytes: int = 64) -> str:
        return base64.b64encode(self.r.getrandbits(nbytes * 8).to_bytes(nbytes, "big")).decode()

    def storage_key(self) -> Val:
        return Val(self.b64key(64), CREDENTIAL, "azure_storage_key")

    def cosmos_key(self) -> Val:
        return Val(self.b64key(64), CREDENTIAL, "cosmos_key")

    def conn_string(self, flavour: str | None = None) -> Val:
        flavour = flavour or self.pick(("storage", "servicebus", "cosmos", "sql", "eventhub", "redis"))
        acct = self.word() + self.s(string.ascii_lowercase + string.digits, 5)
        if flavour == "storage":
            k = self.b64key(64)
            t = f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={k};EndpointSuffix=core.windows.net"
        elif flavour in ("servicebus", "eventhub"):
            k = self.b64key(32)
            t = (f"Endpoint=sb://{acct}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;"
                 f"SharedAccessKey={k}" + (";EntityPath=telemetry" if flavour == "eventhub" else ""))
        elif flavour == "cosmos":
            k = self.b64key(64)
            t = f"AccountEndpoint=https://{acct}.documents.azure.com:443/;AccountKey={k};"
        elif flavour == "redis":
            k = self.b64key(32)
            t = f"{acct}.redis.cache.windows.net:6380,password={k},ssl=True,abortConnect=False"
        else:
            k = re.sub(r"[;'\"]", "", self.password_text())
            t = (f"Server=tcp:{acct}.database.windows.net,1433;Initial Catalog=ledger;Persist Security Info=False;"
                 f"User ID=sqladmin;Password={k};Encrypt=True;Connection Timeout=30;")
        return Val(t, CREDENTIAL, "connection_string", k)

    def sas(self) -> Val:
        sig = base64.b64encode(self.r.getrandbits(256).to_bytes(32, "big")).decode()
        sig_q = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        t = (f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2027-0{self.num(1, 9)}-1{self.num(0, 9)}T0{self.num(0, 9)}:00:00Z"
             f"&st=2026-12-0{self.num(1, 6)}T00:00:00Z&spr=https&sig={sig_q}")
        return Val(t, CREDENTIAL, "sas_token", sig_q)

    def aoai_key(self, kind: str = "azure_openai_key") -> Val:
        if self.chance(0.35):
            t = self.s(ALNUM, 52) + "JQQJ99B" + self.pick("ACDH") + "AC" + self.s(ALNUM, 10) + "AAAAACOG" + self.s(ALNUM, 4)
        else:
            t = self.s(HEX, 32)
        return Val(t, CREDENTIAL, kind)

    def openai(self) -> Val:
        p = self.pick(("proj", "svcacct", "legacy"))
        if p == "legacy":
            t = f"sk-{self.s(ALNUM, 20)}T3BlbkFJ{self.s(ALNUM, 20)}"
        else:
            t = f"sk-{p}-{self.s(B64URL, 58)}T3BlbkFJ{self.s(B64URL, 58)}"
        return Val(t, CREDENTIAL, "openai_key")

    def anthropic(self) -> Val:
        return Val(f"sk-ant-api03-{self.s(B64URL, 93)}AA", CREDENTIAL, "anthropic_key")

    def aws_id(self) -> Val:
        return Val(self.pick(("AKIA", "AKIA", "ASIA")) + self.s(string.ascii_uppercase + "234567", 16), CREDENTIAL,
                   "aws_access_key_id")

    def aws_secret(self) -> Val:
        return Val(self.s(ALNUM + "+/", 40), CREDENTIAL, "aws_secret_key")

    def entra(self) -> Val:
        return Val(self.s(ALNUM, 3) + "8Q~" + self.s(ALNUM + "_~.-", 34), CREDENTIAL, "entra_client_secret")

    def twilio(self) -> Val:
        return Val(self.pick(("SK" + self.s(HEX, 32), self.s(HEX, 32))), CREDENTIAL, "twilio_key")

    def mailgun(self) -> Val:
        return Val("key-" + self.s(HEX, 32), CREDENTIAL, "mailgun_key")

    def pypi(self) -> Val:
        return Val("pypi-AgEIcHlwaS5vcmc" + self.s(B64URL, self.num(60, 140)), CREDENTIAL, "pypi_token")

    def hf(self) -> Val:
        return Val("hf_" + self.s(string.ascii_letters, 34), CREDENTIAL, "huggingface_token")

    def _b64url_json(self, obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

    def jwt(self) -> Val:
        tenant = self.guid()
        head = self._b64url_json({"alg": "RS256", "typ": "JWT", "kid": self.s(B64URL, 27)})
        now = self.num(1796000000, 1799000000)
        body = self._b64url_json({"aud": "https://cognitiveservices.azure.com", "iss": f"https://sts.windows.net/{tenant}/",
                                  "iat": now, "nbf": now, "exp": now + 3600, "oid": self.guid(), "tid": tenant,
                                  "upn": f"{self.first().lower()}@{self.pick(DOMAINS)}"})
        return Val(f"{head}.{body}.{self.s(B64URL, 342)}", CREDENTIAL, "jwt")

    def bearer(self) -> Val:
        t = self.pick((f"ya29.a0{self.s(B64URL, 150)}", self.s(ALNUM, 40), self.s(B64URL, 64), f"gho-{self.s(ALNUM, 36)}",
                       f"EwB{self.s(ALNUM + '+/', 120)}=", f"at_{self.s(ALNUM, 48)}"))
        return Val(t, CREDENTIAL, "bearer_token")

    def private_key(self, escaped: bool = False) -> Val:
        kind = self.pick(("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"))
        nbytes = {"RSA PRIVATE KEY": 600, "PRIVATE KEY": 630, "EC PRIVATE KEY": 121, "OPENSSH PRIVATE KEY": 400}[kind]
        raw = self.r.getrandbits(nbytes * 8).to_bytes(nbytes, "big")
        if kind == "OPENSSH PRIVATE KEY":
            raw = b"openssh-key-v1\x00\x00\x00\x00" + raw
        elif kind == "RSA PRIVATE KEY":
            raw = b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00" + raw
        elif kind == "PRIVATE KEY":
            raw = b"\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09" + raw
        else:
            raw = b"\x30\x77\x02\x01\x01\x04\x20" + raw
        b = base64.b64encode(raw).decode()
        nl = "\\n" if escaped else "\n"
        body = nl.join(b[i:i + 64] for i in range(0, len(b), 64))
        return Val(f"-----BEGIN {kind}-----{nl}{body}{nl}-----END {kind}-----{nl if escaped else ''}", CREDENTIAL, "private_key",
                   body)

    # ---- hard negatives
    def neg(self, kind: str | None = None) -> Neg:
        kind = kind or self.pick(("guid", "sha256", "md5_etag", "git_sha", "version", "order_no", "timestamp", "isbn",
                                  "mac", "coords", "amount", "postcode", "serial", "aws_doc_key", "azurite_key",
                                  "ssh_pubkey", "cursor", "build_id", "traceparent", "invoice_no"))
        r = self
        table = {
            "guid": lambda: Neg(r.guid(), "guid", "CREDENTIAL"),
            "sha256": lambda: Neg("sha256:" + hashlib.sha256(r.s(ALNUM, 12).encode()).hexdigest(), "sha256_digest",
                                  "CREDENTIAL"),
            "md5_etag": lambda: Neg(hashlib.md5(r.s(ALNUM, 12).encode()).hexdigest(), "md5_etag", "azure_openai_key"),
            "git_sha": lambda: Neg(hashlib.sha1(r.s(ALNUM, 12).encode()).hexdigest(), "git_sha", "CREDENTIAL"),
            "version": lambda: Neg(f"{r.num(1, 12)}.{r.num(0, 40)}.{r.num(0, 300)}.{r.num(0, 9999)}", "version4", "IP_ADDRESS"),
            "order_no": lambda: Neg(f"ORD-{r.num(2025, 2026)}-{r.s(string.digits, 8)}", "order_number", "PHONE_NUMBER"),
            "timestamp": lambda: Neg(f"2026-{r.num(1, 12):02d}-{r.num(1, 28):02d}T{r.num(0, 23):02d}:{r.num(0, 59):02d}:"
                                     f"{r.num(0, 59):02d}.{r.s(string.digits, 3)}Z", "timestamp", "PHONE_NUMBER"),
            "isbn": lambda: Neg(r._isbn(), "isbn13", "PHONE_NUMBER"),
            "mac": lambda: Neg(":".join(r.s(HEX, 2) for _ in range(6)), "mac_address", "IP_ADDRESS"),
            "coords": lambda: Neg(f"{r.num(-60, 60)}.{r.s(string.digits, 6)}, {r.num(-170, 170)}.{r.s(string.digits, 6)}",
                                  "coordinates", "PHONE_NUMBER"),
            "amount": lambda: Neg(r.pick((f"€{r.num(1, 99)}.{r.num(100, 999)},{r.num(10, 99)}", f"${r.num(1, 999)},{r.num(100, 999)}.{r.num(10, 99)}",
                                          f"{r.num(1, 99)} {r.num(100, 999)} {r.num(100, 999)},{r.num(10, 99)} zł")), "amount",
                                  "CREDIT_CARD"),
            "postcode": lambda: Neg(r.pick((f"{r.num(10000, 99999)}", f"SW{r.num(1, 20)} {r.num(1, 9)}{r.s('ABDEFGHJLNPQRSTUWXYZ', 2)}",
                                            f"{r.num(100, 999)}-{r.num(1000, 9999)}")), "postcode", "PHONE_NUMBER"),
            "serial": lambda: Neg(f"SN{r.s(string.ascii_uppercase + string.digits, 12)}", "serial_number", "CREDENTIAL"),
            "aws_doc_key": lambda: Neg(r.pick(("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")),
                                       "aws_doc_key", r.pick(("aws_access_key_id", "aws_secret_key"))),
            "azurite_key": lambda: Neg("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
                                       "azurite_key", "azure_storage_key"),
            "ssh_pubkey": lambda: Neg("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + r.s(ALNUM + "+/", 43), "ssh_public_key",
                                      "private_key"),
            "cursor": lambda: Neg(base64.b64encode(json.dumps({"offset": r.num(100, 9999), "ts": r.num(1700000000, 1799999999)}).encode()).decode(),
                                  "pagination_cursor", "CREDENTIAL"),
            "build_id": lambda: Neg(f"{r.num(2025, 2026)}{r.num(1, 12):02d}{r.num(1, 28):02d}.{r.num(1, 30)}", "build_id",
                                    "PHONE_NUMBER"),
            "traceparent": lambda: Neg(f"00-{r.s(HEX, 32)}-{r.s(HEX, 16)}-01", "traceparent", "CREDENTIAL"),
            "invoice_no": lambda: Neg(f"INV{r.s(string.digits, 10)}", "invoice_number", "PHONE_NUMBER"),
        }
        return table[kind]()

    def key_neg(self) -> Neg:
        kind = self.pick(("aoai_placeholder", "masked_key", "example_pem", "cosmos_emulator", "sk_test"))
        if kind == "aoai_placeholder":
            return Neg(self.pick(("<your-api-key>", "YOUR_AZURE_OPENAI_KEY", "00000000000000000000000000000000")), kind,
                       "azure_openai_key")
        if kind == "masked_key":
            return Neg(self.pick(("ghp_****", "AKIA****************", "sk-...abcd", "xoxb-***", "key-••••")), kind, "CREDENTIAL")
        if kind == "example_pem":
            return Neg("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----", kind, "private_key")
        if kind == "cosmos_emulator":
            return Neg("C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==", kind, "cosmos_key")
        return self.stripe_neg()

    def _isbn(self) -> str:
        body = "978" + self.s(string.digits, 9)
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
        d = body + str((10 - total % 10) % 10)
        return f"{d[:3]}-{d[3]}-{d[4:8]}-{d[8:12]}-{d[12]}"


# Variable / field names a credential of each kind is stored under in config and code.
CRED_NAMES = {
    "github_token": ("GITHUB_TOKEN", "GH_PAT", "github.token", "gh_token"),
    "npm_token": ("NPM_TOKEN", "npmAuthToken", "NODE_AUTH_TOKEN"),
    "gitlab_token": ("GITLAB_TOKEN", "CI_DEPLOY_TOKEN", "gitlab_pat"),
    "slack_token": ("SLACK_BOT_TOKEN", "slack_token", "SLACK_APP_TOKEN"),
    "slack_webhook": ("SLACK_WEBHOOK_URL", "alerts_webhook", "slackHook"),
    "stripe_key": ("STRIPE_SECRET_KEY", "stripe_api_key", "StripeSecret"),
    "google_api_key": ("GOOGLE_MAPS_KEY", "GEMINI_API_KEY", "google_api_key"),
    "azure_devops_pat": ("AZDO_PAT", "AZURE_DEVOPS_EXT_PAT", "ado_token"),
    "sendgrid_key": ("SENDGRID_API_KEY", "sendgrid_key", "SmtpApiKey"),
    "azure_storage_key": ("STORAGE_ACCOUNT_KEY", "storage_key", "AZURE_STORAGE_KEY"),
    "connection_string": ("ConnectionString", "SERVICEBUS_CONN", "conn_str"),
    "sas_token": ("SAS_TOKEN", "blob_sas", "sasQuery"),
    "azure_openai_key": ("AZURE_OPENAI_API_KEY", "openai_api_key", "AOAI_KEY"),
    "openai_key": ("OPENAI_API_KEY", "openai_key", "OpenAIKey"),
    "anthropic_key": ("ANTHROPIC_API_KEY", "claude_key", "anthropicApiKey"),
    "aws_access_key_id": ("AWS_ACCESS_KEY_ID", "aws_access_key_id", "accessKeyId"),
    "aws_secret_key": ("AWS_SECRET_ACCESS_KEY", "aws_secret_access_key", "secretAccessKey"),
    "jwt": ("id_token", "ACCESS_JWT", "jwtToken"),
    "bearer_token": ("ACCESS_TOKEN", "bearer", "auth_token"),
    "entra_client_secret": ("AZURE_CLIENT_SECRET", "client_secret", "ClientSecret"),
    "cosmos_key": ("COSMOS_KEY", "cosmosPrimaryKey", "cosmos_master_key"),
    "twilio_key": ("TWILIO_AUTH_TOKEN", "twilio_api_key", "TwilioSecret"),
    "mailgun_key": ("MAILGUN_API_KEY", "mailgun_key", "MG_KEY"),
    "pypi_token": ("PYPI_TOKEN", "TWINE_PASSWORD", "pypi_api_token"),
    "huggingface_token": ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "hf_token"),
    "password_kv": ("DB_PASSWORD", "admin_password", "SMTP_PASS", "pwd"),
}
TOKEN_KINDS = tuple(k for k in CRED_NAMES if k != "password_kv")


def _cred(v: Values, kind: str) -> Val:
    return {
        "github_token": v.github, "npm_token": v.npm, "gitlab_token": v.gitlab, "slack_token": v.slack,
        "slack_webhook": v.slack_webhook, "stripe_key": v.stripe, "google_api_key": v.google,
        "azure_devops_pat": v.ado_pat, "sendgrid_key": v.sendgrid, "azure_storage_key": v.storage_key,
        "connection_string": v.conn_string, "sas_token": v.sas, "azure_openai_key": v.aoai_key, "openai_key": v.openai,
        "anthropic_key": v.anthropic, "aws_access_key_id": v.aws_id, "aws_secret_key": v.aws_secret, "jwt": v.jwt,
        "bearer_token": v.bearer, "entra_client_secret": v.entra, "cosmos_key": v.cosmos_key, "twilio_key": v.twilio,
        "mailgun_key": v.mailgun, "pypi_token": v.pypi, "huggingface_token": v.hf,
        "password_kv": lambda: v.pw("password_kv"),
    }[kind]()


def cred(v: Values, kind: str | None = None) -> tuple[str, Val]:
    """A credential of `kind` (any token kind by default) and a plausible name to store it under."""
    kind = kind or v.pick(TOKEN_KINDS)
    return v.pick(CRED_NAMES[kind]), _cred(v, kind)
