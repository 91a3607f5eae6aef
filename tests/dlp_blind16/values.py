"""The sixteenth corpus's values: every credential in its published format (GitHub / npm tokens with
their CRC32 tail, Microsoft's 84-character annotated keys, signed-looking JWTs, PEM keys), PII with valid
checksums (Luhn cards of six brands, mod-97 IBANs, issuable SSNs, libphonenumber-valid phones that are not
the library's example numbers), IPv4 / IPv6 of both kinds, names of developers and customers from many
places; and the hard negatives that look like them. `Values` draws them from one text's seeded rng and
keeps the corpus-wide count of credential kinds, so kinds are picked least-used-first."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
from collections import Counter

import phonenumbers

from tests.dlp_eval.checksums import (base62_checksum_valid, crc32_base62, iban_check_digits, luhn_complete,
                                      luhn_valid)
from tests.dlp_eval.checksums import iban_valid as _mod97_ok
from tests.dlp_eval.corpus import CREDENTIAL, PERSON, N, V

__all__ = ["PHONE_REGIONS", "Values", "base62_checksum_valid", "iban_valid", "luhn_valid"]

DIGITS = string.digits
HEX = "0123456789abcdef"
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
B32 = "abcdefghijklmnopqrstuvwxyz234567"

PHONE_REGIONS = ("US", "GB", "DE", "FR", "IN", "BR", "AU", "JP", "NL", "ES", "PL", "SE", "ZA", "SG", "MX", "CA", "IE",
                 "IT", "CH", "NG", "KR", "TR")

# (country, BBAN layout: n digits, a upper letters, c upper alphanumerics)
IBAN_LAYOUTS = {
    "DE": "18n", "GB": "4a14n", "NL": "4a10n", "AT": "16n", "CH": "5n12c", "PL": "24n", "IE": "4a14n", "SE": "20n",
    "DK": "14n", "LU": "3n13c", "CZ": "20n", "RO": "4a16c", "LT": "16n", "AE": "19n", "SA": "2n18c", "HR": "17n",
    "GR": "23n", "HU": "24n", "BG": "4a6n8c", "FR": "23n", "BE": "12n", "TR": "5n1n16c",
}

FIRST = ("Aarav", "Beatriz", "Chloé", "Dmitri", "Efua", "Fernando", "Grete", "Hiroshi", "Ines", "Jakub", "Kemal", "Linnea",
         "Mateus", "Nkechi", "Oskar", "Priya", "Quentin", "Rania", "Søren", "Tomasz", "Ulrike", "Valentina", "Wen", "Ximena",
         "Yusuf", "Zofia", "Ahmed", "Bronwyn", "Carlos", "Dagny", "Emeka", "Fiona", "Gaurav", "Hana", "Ilse", "Joaquín",
         "Keiko", "Lars", "Meera", "Niamh", "Olumide", "Paulina", "Rafael", "Sakura", "Thabo", "Ugo", "Vikram", "Wiebke",
         "Yara", "Zoltán", "Ana", "Björn", "Chidi", "Daniela", "Erik", "Farah", "Giulia", "Hamza", "Ioana", "Jae-won")
LAST = ("Okonkwo", "Lindqvist", "Moreau", "Nakamura", "Kowalczyk", "Raghunathan", "Fernandes", "Van der Berg", "Özdemir",
        "Haddad", "Schröder", "Castillo", "Ó Briain", "Dlamini", "Petrov", "Brennan", "Takahashi", "Mensah", "Åberg",
        "Kapoor", "Novák", "Esposito", "Adeyemi", "Hernández", "Yilmaz", "Chen", "Svensson", "Mahlangu", "Kovačević",
        "Duarte", "Bianchi", "Hoang", "Fitzgerald", "Wiśniewska", "Rahman", "Lefebvre", "Nyström", "Park", "Abubakar",
        "Gallagher", "Jovanović", "Sato", "Mwangi", "Oliveira", "Kaur", "Dubois", "Eriksen", "Zhou", "Alvarez", "Nowak")
MAIL_DOMAINS = ("kestrelpay.io", "tidewater-logistics.co.uk", "brightfold.dev", "nordhavn.se", "quillsoft.de",
                "mareva-health.fr", "lumenbank.nl", "gmail.com", "outlook.com", "proton.me", "harbourline.com.au",
                "sunmesa.com.br", "orbitcart.in", "yahoo.co.jp", "fieldstone.ie")
ENGINEER_DOMAINS = ("brightfold.dev", "kestrelpay.io", "quillsoft.de", "orbitcart.in", "nordhavn.se")


def rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "")
    return len(compact) >= 15 and compact[:2].isalpha() and compact[2:4].isdigit() and _mod97_ok(compact)


def _bban(rng: random.Random, layout: str) -> str:
    out, num = "", ""
    for ch in layout:
        if ch.isdigit():
            num += ch
            continue
        out += rand(rng, {"n": DIGITS, "a": UPPER, "c": UPPER + DIGITS}[ch], int(num))
        num = ""
    return out


def _fr_rib(rng: random.Random) -> str:
    bank, branch, acct = rand(rng, DIGITS, 5), rand(rng, DIGITS, 5), rand(rng, DIGITS, 11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
    return f"{bank}{branch}{acct}{key:02d}"


def _be(rng: random.Random) -> str:
    head = rand(rng, DIGITS, 10)
    check = int(head) % 97 or 97
    return f"{head}{check:02d}"


def group4(s: str) -> str:
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def b64_of(n_bytes: int, rng: random.Random) -> str:
    return base64.b64encode(bytes(rng.randrange(256) for _ in range(n_bytes))).decode()


def b64url_nopad(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class Values:
    """One text's values, drawn from its rng; `used` counts credential kinds over the whole corpus."""

    def __init__(self, rng: random.Random, used: Counter[str]) -> None:
        self.rng = rng
        self.used = used

    # --- small helpers ------------------------------------------------------------------------------
    def pick(self, *options):  # noqa: ANN002, ANN201
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def r(self, alphabet: str, n: int) -> str:
        return rand(self.rng, alphabet, n)

    def least_used(self, kinds: list[str]) -> str:
        low = min(self.used[k] for k in kinds)
        kind = self.rng.choice(sorted(k for k in kinds if self.used[k] == low))
        self.used[kind] += 1
        return kind

    # --- people -------------------------------------------------------------------------------------
    def person(self) -> tuple[str, str]:
        return self.pick(*FIRST), self.pick(*LAST)

    def name(self, lower: bool = False) -> V:
        first, last = self.person()
        text = f"{first} {last}"
        return V(text.lower() if lower else text, PERSON, PERSON)

    def first(self, lower: bool = False) -> V:
        name = self.pick(*FIRST)
        return V(name.lower() if lower else name, PERSON, PERSON)

    def email_for(self, first: str, last: str, domain: str | None = None) -> str:
        def ascii_(s: str) -> str:
            table = str.maketrans("éèöüóáíúåäøłśçñčćšžő ", "eeouoaiuaaolscnccszo.")
            return "".join(c for c in s.lower().translate(table) if c.isalnum() or c in ".-'").replace("'", "")
        f, lname = ascii_(first), ascii_(last)
        local = self.pick(f"{f}.{lname}", f"{f[0]}{lname}", f"{f}_{lname}", f"{f}.{lname}{self.rng.randrange(2, 99)}",
                          f"{lname}.{f[0]}")
        return f"{local}@{domain or self.pick(*MAIL_DOMAINS)}"

    def email(self, domain: str | None = None) -> V:
        return V(self.email_for(*self.person(), domain), "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    # --- PII ----------------------------------------------------------------------------------------
    def sensitive(self) -> V:
        """A card, IBAN or SSN, whichever the corpus has fewest of."""
        family = self.least_used(["pii:card", "pii:iban", "pii:ssn"])
        return {"pii:card": self.card, "pii:iban": self.iban, "pii:ssn": self.ssn}[family]()

    def phone(self, region: str | None = None, fmt: str | None = None) -> V:
        region = region or self.least_used([f"region:{r}" for r in PHONE_REGIONS]).split(":")[1]
        ptype = self.pick(phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
        ex = phonenumbers.example_number_for_type(region, ptype) or phonenumbers.example_number(region)
        nsn = phonenumbers.national_significant_number(ex)
        for _ in range(500):
            k = min(len(nsn) - 3, self.rng.randrange(4, 7))
            cand = nsn[:-k] + self.r(DIGITS, k)
            num = phonenumbers.parse("+" + str(ex.country_code) + cand, None)
            if (cand != nsn and phonenumbers.is_valid_number(num) and str(num.national_number) != str(ex.national_number)
                    and not (region in ("US", "CA") and cand[3:6] == "555")):
                break
        else:  # pragma: no cover - metadata always yields one
            raise RuntimeError(region)
        fmt = fmt or self.pick("intl", "intl", "e164", "national")
        if fmt == "e164":
            text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        elif fmt == "national":
            text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
        else:
            text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return V(text, "PHONE_NUMBER", "PHONE_NUMBER")

    def card_digits(self, brand: str | None = None) -> str:
        brand = brand or self.least_used(["brand:visa", "brand:mc", "brand:mc2", "brand:amex", "brand:discover", "brand:jcb",
                                          "brand:diners"]).split(":")[1]
        prefix, length = {
            "visa": ("4" + self.r(DIGITS, 3), 16),
            "mc": (str(self.rng.randrange(51, 56)) + self.r(DIGITS, 2), 16),
            "mc2": (str(self.rng.randrange(2221, 2721)), 16),
            "amex": (self.pick("34", "37") + self.r(DIGITS, 2), 15),
            "discover": (self.pick("6011", "65" + self.r(DIGITS, 2)), 16),
            "jcb": (str(self.rng.randrange(3528, 3590)), 16),
            "diners": (self.pick("36", "38") + self.r(DIGITS, 2), 14),
        }[brand]
        return luhn_complete(prefix + self.r(DIGITS, length - len(prefix) - 1))

    def card(self, brand: str | None = None, style: str | None = None) -> V:
        d = self.card_digits(brand)
        style = style or self.pick("space", "dash", "plain")
        if len(d) == 15:
            parts = [d[:4], d[4:10], d[10:]]
        elif len(d) == 14:
            parts = [d[:4], d[4:10], d[10:]]
        else:
            parts = [d[i:i + 4] for i in range(0, 16, 4)]
        text = {"space": " ".join(parts), "dash": "-".join(parts), "plain": d}[style]
        return V(text, "CREDIT_CARD", "CREDIT_CARD")

    def iban_text(self, country: str | None = None) -> str:
        country = country or self.least_used([f"iban:{c}" for c in IBAN_LAYOUTS]).split(":")[1]
        if country == "FR":
            bban = _fr_rib(self.rng)
        elif country == "BE":
            bban = _be(self.rng)
        elif country == "TR":
            bban = self.r(DIGITS, 5) + "0" + self.r(DIGITS, 16)
        else:
            bban = _bban(self.rng, IBAN_LAYOUTS[country])
        return country + iban_check_digits(country, bban) + bban

    def iban(self, country: str | None = None, grouped: bool | None = None) -> V:
        text = self.iban_text(country)
        if grouped if grouped is not None else self.chance(0.5):
            text = group4(text)
        return V(text, "IBAN_CODE", "IBAN_CODE")

    def ssn(self, style: str | None = None) -> V:
        while True:
            area = self.rng.randrange(1, 900)
            if area != 666:
                break
        group, serial = self.rng.randrange(1, 100), self.rng.randrange(1, 10000)
        d = f"{area:03d}{group:02d}{serial:04d}"
        style = style or self.pick("dash", "dash", "dash", "plain", "space")
        text = {"dash": f"{d[:3]}-{d[3:5]}-{d[5:]}", "plain": d, "space": f"{d[:3]} {d[3:5]} {d[5:]}"}[style]
        return V(text, "US_SSN", "US_SSN")

    def ipv4(self, private: bool | None = None) -> V:
        if private if private is not None else self.chance(0.45):
            text = self.pick(f"10.{self.rng.randrange(0, 256)}.{self.rng.randrange(0, 256)}.{self.rng.randrange(2, 255)}",
                             f"172.{self.rng.randrange(16, 32)}.{self.rng.randrange(0, 256)}.{self.rng.randrange(2, 255)}",
                             f"192.168.{self.rng.randrange(0, 256)}.{self.rng.randrange(2, 255)}")
        else:
            first = self.pick(20, 23, 34, 40, 51, 52, 62, 77, 81, 85, 91, 104, 145, 151, 176, 185, 194, 212, 213)
            text = f"{first}.{self.rng.randrange(0, 256)}.{self.rng.randrange(0, 256)}.{self.rng.randrange(2, 255)}"
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self, private: bool | None = None) -> V:
        groups = [f"{self.rng.randrange(0, 65536):x}" for _ in range(4)]
        if private if private is not None else self.chance(0.3):
            text = f"fd{self.r(HEX, 2)}:{self.r(HEX, 4)}:{self.r(HEX, 4)}::{groups[0]}:{groups[1]}"
        else:
            head = self.pick("2a01:4f8", "2603:1030", "2001:67c", "2a02:26f0", "2406:da18", "2600:1f18")
            text = f"{head}:{groups[0]}:{groups[1]}::{groups[2]}:{groups[3]}"
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> V:
        return self.ipv6() if self.chance(0.3) else self.ipv4()

    # --- credentials: the raw values ----------------------------------------------------------------
    def github_classic(self) -> str:
        body = self.r(ALNUM, 30)
        return f"{self.pick('ghp', 'ghp', 'gho', 'ghs', 'ghu')}_{body}{crc32_base62(body)}"

    def github_fine(self) -> str:
        return f"github_pat_11{self.r(UPPER + DIGITS, 20)}_{self.r(ALNUM, 59)}"

    def npm(self) -> str:
        body = self.r(ALNUM, 30)
        return f"npm_{body}{crc32_base62(body)}"

    def slack_token(self) -> str:
        return self.pick(
            f"xoxb-{self.r(DIGITS, 12)}-{self.r(DIGITS, 13)}-{self.r(ALNUM, 24)}",
            f"xoxp-{self.r(DIGITS, 12)}-{self.r(DIGITS, 12)}-{self.r(DIGITS, 13)}-{self.r(HEX, 32)}",
            f"xapp-1-A{self.r(UPPER + DIGITS, 10)}-{self.r(DIGITS, 13)}-{self.r(HEX, 64)}")

    def slack_webhook(self) -> str:
        return f"https://hooks.slack.com/services/T{self.r(UPPER + DIGITS, 8)}/B{self.r(UPPER + DIGITS, 10)}/{self.r(ALNUM, 24)}"

    def gitlab(self) -> str:
        return self.pick(f"glpat-{self.r(B64URL, 20)}", f"glpat-{self.r(ALNUM, 20)}")

    def stripe(self) -> str:
        return f"{self.pick('sk_live_', 'sk_live_', 'rk_live_')}{self.r(ALNUM, self.pick(24, 99))}"

    def google(self) -> str:
        return "AIza" + self.r(B64URL, 35)

    def ado_pat(self) -> str:
        return self.annotated("AZDO") if self.chance(0.4) else self.r(B32, 52)

    def annotated(self, provider: str) -> str:
        return self.r(ALNUM, 52) + "JQQJ99" + self.r(UPPER, 2) + "AC" + self.r(ALNUM, 4) + provider + self.r(ALNUM, 14)

    def sendgrid(self) -> str:
        return f"SG.{self.r(B64URL, 22)}.{self.r(B64URL, 43)}"

    def storage_key(self) -> str:
        return b64_of(64, self.rng)

    def aoai_key(self) -> str:
        return self.annotated("ACOG") if self.chance(0.3) else self.r(HEX, 32)

    def openai(self) -> str:
        return self.pick(f"sk-proj-{self.r(B64URL, 48)}T3BlbkFJ{self.r(B64URL, 48)}",
                         f"sk-{self.r(ALNUM, 20)}T3BlbkFJ{self.r(ALNUM, 20)}",
                         f"sk-svcacct-{self.r(B64URL, 40)}T3BlbkFJ{self.r(B64URL, 40)}")

    def aws_id(self) -> str:
        return self.pick("AKIA", "AKIA", "ASIA") + self.r(UPPER + "234567", 16)

    def aws_secret(self) -> str:
        return self.r(ALNUM + "/+", 40)

    def jwt(self) -> str:
        header = b64url_nopad(json.dumps({"alg": self.pick("RS256", "HS256", "ES256"), "typ": "JWT"},
                                         separators=(",", ":")).encode())
        claims = {"sub": self.r(HEX, 12), "iss": self.pick("https://login.microsoftonline.com/common/v2.0",
                                                           "https://auth.brightfold.dev/", "https://kestrelpay.eu.auth0.com/"),
                  "aud": self.pick("api://orders", "billing-api", "https://graph.microsoft.com"),
                  "exp": self.rng.randrange(1_760_000_000, 1_800_000_000), "scp": self.pick("read", "orders.write")}
        payload = b64url_nopad(json.dumps(claims, separators=(",", ":")).encode())
        return f"{header}.{payload}.{self.r(B64URL, self.pick(43, 86, 342))}"

    def opaque(self) -> str:
        return self.pick(self.r(ALNUM, 40), self.r(B64URL, 48), "EwB" + self.r(ALNUM + "+/", 60) + "=")

    def private_key(self, escaped: bool = False) -> str:
        label = self.pick("RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY")
        lines = ["MII" + self.r(B64, 61)] + [self.r(B64, 64) for _ in range(self.rng.randrange(3, 6))] + [self.r(B64, 28) + "=="]
        sep = "\\n" if escaped else "\n"
        return f"-----BEGIN {label}-----{sep}" + sep.join(lines) + f"{sep}-----END {label}-----"

    def password(self, specials: str = "!#%*_.-") -> str:
        words = ("Harbor", "Falcon", "Quartz", "Maple", "Cobalt", "Juniper", "Nimbus", "Tundra", "Saffron", "Otter")
        style = self.rng.randrange(3)
        if style == 0:
            return self.pick(*words) + self.r(DIGITS, 2) + self.pick(*specials) + self.pick(*words).lower() + self.r(DIGITS, 2)
        if style == 1:
            return self.r(ALNUM, 6) + self.pick(*specials) + self.r(ALNUM, 6) + self.r(DIGITS, 1)
        return self.r(UPPER, 1) + self.r(LOWER, 5) + self.pick(*specials) + self.r(DIGITS, 4) + self.pick(*specials) + self.r(LOWER, 3)

    def anthropic(self) -> str:
        return f"sk-ant-{self.pick('api03', 'api03', 'admin01')}-{self.r(B64URL, 93)}AA"

    def entra_secret(self) -> str:
        return self.r(ALNUM, 3) + self.r(DIGITS, 1) + "Q~" + self.r(ALNUM + "_.-~", 34)

    def twilio(self) -> str:
        return "SK" + self.r(HEX, 32)

    def mailgun(self) -> str:
        return self.pick("key-" + self.r(HEX, 32), f"{self.r(HEX, 32)}-{self.r(HEX, 8)}-{self.r(HEX, 8)}")

    def pypi(self) -> str:
        return "pypi-AgEIcHlwaS5vcmc" + self.r(B64URL, self.pick(130, 160, 196))

    def hf(self) -> str:
        return "hf_" + self.r(ALNUM, 34)

    # --- hard negatives -----------------------------------------------------------------------------
    def sha(self) -> N:
        return N(self.r(HEX, 40), "commit_sha", "generic_api_key")

    def short_sha(self) -> N:
        return N(self.r(HEX, 7), "short_sha", "generic_api_key")

    def sha256(self) -> N:
        return N(self.r(HEX, 64), "sha256", "generic_api_key")

    def md5(self) -> N:
        return N(self.r(HEX, 32), "md5", "azure_openai_key")

    def image_digest(self) -> N:
        return N("sha256:" + self.r(HEX, 64), "image_digest", "generic_api_key")

    def guid(self) -> N:
        u = self.r(HEX, 32)
        return N(f"{u[:8]}-{u[8:12]}-4{u[13:16]}-{self.pick('8', '9', 'a', 'b')}{u[17:20]}-{u[20:]}", "guid",
                 "azure_openai_key")

    def pod_hash(self, base: str) -> N:
        return N(f"{base}-{self.r('bcdfghjklmnpqrstvwxz2456789', 10)}-{self.r('bcdfghjklmnpqrstvwxz2456789', 5)}",
                 "pod_name", "PERSON")

    def build_no(self) -> N:
        return N(self.pick(f"{self.rng.randrange(2024, 2027)}{self.rng.randrange(1, 13):02d}{self.rng.randrange(1, 29):02d}."
                           f"{self.rng.randrange(1, 30)}", str(self.rng.randrange(1000, 99999)),
                           str(self.rng.randrange(10**9, 10**10))), "build_id", "PHONE_NUMBER")

    def version4(self) -> N:
        return N(f"{self.rng.randrange(1, 20)}.{self.rng.randrange(0, 40)}.{self.rng.randrange(0, 400)}."
                 f"{self.rng.randrange(0, 9999)}", "version", "IP_ADDRESS")

    def semver(self) -> N:
        return N(f"{self.rng.randrange(0, 30)}.{self.rng.randrange(0, 40)}.{self.rng.randrange(0, 60)}", "version",
                 "IP_ADDRESS")

    def oid(self) -> N:
        return N(self.pick("1.2.840.113549.1.1.11", "1.3.6.1.4.1.311.20.2.3", "2.5.29.17", "1.3.6.1.5.5.7.3.2",
                           "1.2.840.10045.3.1.7", "2.16.840.1.101.3.4.2.1"), "oid", "IP_ADDRESS")

    def timestamp(self) -> str:
        return (f"2026-{self.rng.randrange(1, 13):02d}-{self.rng.randrange(1, 29):02d}T{self.rng.randrange(24):02d}:"
                f"{self.rng.randrange(60):02d}:{self.rng.randrange(60):02d}.{self.rng.randrange(1000):03d}Z")

    def epoch(self) -> N:
        return N(str(self.rng.randrange(1_750_000_000, 1_800_000_000)), "timestamp", "PHONE_NUMBER")

    def doc_ip(self) -> N:
        return N(self.pick(f"192.0.2.{self.rng.randrange(1, 255)}", f"198.51.100.{self.rng.randrange(1, 255)}",
                           f"203.0.113.{self.rng.randrange(1, 255)}", f"2001:db8::{self.rng.randrange(1, 65535):x}"),
                 "doc_ip", "IP_ADDRESS")

    def local_ip(self) -> N:
        return N(self.pick("127.0.0.1", "0.0.0.0", "::1"), "loopback", "IP_ADDRESS")

    def example_email(self) -> N:
        f, lname = self.person()
        return N(self.email_for(f, lname, self.pick("example.com", "example.org", "example.net")), "example_email",
                 "EMAIL_ADDRESS")

    def bot_email(self) -> N:
        return N(self.pick("49699333+dependabot[bot]@users.noreply.github.com", "noreply@github.com",
                           "41898282+github-actions[bot]@users.noreply.github.com", "renovate@whitesourcesoftware.com",
                           "no-reply@azure.com", "gitlab@mg.gitlab.com"), "bot_email", "EMAIL_ADDRESS")

    def fict_phone(self) -> N:
        return N(self.pick(f"(312) 555-01{self.rng.randrange(0, 100):02d}", f"+1 206 555-01{self.rng.randrange(0, 100):02d}",
                           f"415-555-01{self.rng.randrange(0, 100):02d}"), "fict_phone", "PHONE_NUMBER")

    def test_card(self) -> N:
        return N(self.pick("4111 1111 1111 1111", "4242424242424242", "5555 5555 5555 4444", "378282246310005",
                           "4000 0566 5566 5556", "6011111111111117", "2223003122003222"), "test_card", "CREDIT_CARD")

    def luhn_fail(self) -> N:
        while True:
            d = self.card_digits(self.pick("visa", "mc", "mc2", "amex", "discover", "jcb", "diners"))
            bad = d[:-1] + str((int(d[-1]) + self.rng.randrange(1, 10)) % 10)
            if not luhn_valid(bad):
                return N(bad if self.chance(0.5) else group4(bad), "luhn_fail", "CREDIT_CARD")

    def example_iban(self) -> N:
        return N(self.pick("GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "FR1420041010050500013M02606",
                           "NL91ABNA0417164300", "GB33BUKB20201555555555"), "example_iban", "IBAN_CODE")

    def bad_iban(self) -> N:
        while True:
            good = self.iban_text(self.pick(*IBAN_LAYOUTS))
            bad = good[:2] + f"{(int(good[2:4]) + self.rng.randrange(1, 90)) % 100:02d}" + good[4:]
            if not iban_valid(bad):
                return N(bad, "bad_iban", "IBAN_CODE")

    def bad_ssn(self) -> N:
        return N(self.pick("078-05-1120", "000-12-3456", "666-23-4410", f"9{self.rng.randrange(0, 100):02d}-"
                           f"{self.rng.randrange(10, 99)}-{self.rng.randrange(1000, 9999)}", "123-00-4567", "219-09-0000"),
                 "bad_ssn", "US_SSN")

    def aws_example(self) -> N:
        return N(self.pick("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), "aws_example",
                 "aws_access_key_id")

    def azurite_key(self) -> N:
        return N("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
                 "documented_example", "azure_storage_key")

    def stripe_doc(self) -> N:
        return N(self.pick("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "pk_test_TYooMQauvdEDq54NiTphI7jx"), "documented_example",
                 "stripe_key")

    def masked(self, mimics: str = "CREDENTIAL") -> N:
        return N(self.pick("***", "********", "sk-...", "ghp_****", f"****{self.r(ALNUM, 4)}", "[REDACTED]",
                           f"xoxb-****-{self.r(DIGITS, 4)}", "<redacted>"), "masked", mimics)

    def placeholder(self, mimics: str = "CREDENTIAL") -> N:
        return N(self.pick("${{ secrets.DEPLOY_TOKEN }}", "$(ARM_CLIENT_SECRET)", "${DB_PASSWORD}", "{{ .Values.db.password }}",
                           "<your-key>", "changeme", "USER:PASSWORD@HOST", "%API_KEY%", "$env:SQL_PASSWORD",
                           "${var.storage_key}", "<PASTE_TOKEN_HERE>", "xxxxxxxx", "{{ secret \"api_key\" }}",
                           "${{ secrets.NPM_TOKEN }}", "os.environ[\"OPENAI_API_KEY\"]"), "placeholder", mimics)

    def vault_ref(self) -> N:
        return N(self.pick(
            f"@Microsoft.KeyVault(SecretUri=https://kv-{self.pick('orders', 'platform', 'etl')}-prod.vault.azure.net/secrets/"
            f"{self.pick('db-password', 'stripe-key', 'sb-conn')}/)",
            f"arn:aws:secretsmanager:eu-west-1:{self.r(DIGITS, 12)}:secret:prod/{self.pick('rds', 'api')}-{self.r(ALNUM, 6)}",
            f"projects/{self.pick('kestrel', 'brightfold')}-prod/secrets/{self.pick('db-pass', 'api-key')}/versions/latest",
            f"vault:secret/data/{self.pick('payments', 'ci')}#token"), "secret_ref", "CREDENTIAL")

    def arn(self) -> N:
        return N(f"arn:aws:iam::{self.r(DIGITS, 12)}:role/{self.pick('ci-deployer', 'etl-runner', 'github-oidc')}", "arn",
                 "PHONE_NUMBER")

    def tool(self) -> N:
        return N(self.pick("Terraform", "Grafana", "Jenkins", "Copilot", "Kibana", "Datadog", "Sentry", "Argo CD", "Helm",
                           "Airflow", "Databricks", "Renovate", "SonarQube", "Prometheus", "Bicep", "Dependabot"),
                 "tool_name", "PERSON")

    def code_word(self) -> N:
        return N(self.pick("TokenProvider", "SecretClient", "PasswordHasher", "KeyVaultClient", "OrderService",
                           "DefaultAzureCredential", "RetryPolicy", "BlobServiceClient", "CustomerRepository",
                           "HttpClientFactory", "JsonSerializer", "MerchantAccount", "StripeGateway"), "code_word", "PERSON")

    def bot(self) -> N:
        return N(self.pick("dependabot[bot]", "github-actions[bot]", "renovate[bot]", "azure-pipelines[bot]",
                           "sonarcloud[bot]", "codecov[bot]"), "bot_name", "PERSON")

    def k8s_name(self) -> N:
        return N(self.pick("orders-api", "payments-worker", "ingress-nginx-controller", "etl-scheduler", "redis-master",
                           "kube-proxy") + "-" + self.r("bcdfghjklmnpqrstvwxz2456789", 5), "k8s_name", "PERSON")

    def port(self) -> str:
        return self.pick("5432", "1433", "3306", "6379", "8080", "8443", "9092", "27017", "5672")

    # --- credential kinds ---------------------------------------------------------------------------
    def cred(self, kind: str, text: str, secret: str | None = None) -> V:
        return V(text, CREDENTIAL, kind, secret)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
