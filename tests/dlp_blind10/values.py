"""The tenth corpus's values, each in its published format, and its hard negatives. Written from public
format descriptions only (card brands' IIN ranges and Luhn, ISO 13616 IBANs with national check digits
where they are public, SSA's issuable SSN ranges, libphonenumber's metadata, the token layouts vendors
document). The check-digit arithmetic is tests/dlp_eval/checksums.py's."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import string
from collections import Counter

import phonenumbers

from tests.dlp_eval.checksums import (base62_checksum_valid, crc32_base62, iban_check_digits, iban_valid, luhn_complete,
                                      luhn_valid, mod97)
from tests.dlp_eval.corpus import CREDENTIAL, PERSON, N, V

__all__ = ["PHONE_REGIONS", "Values", "base62_checksum_valid", "iban_valid", "luhn_valid"]

DIGITS = string.digits
HEX = "0123456789abcdef"
UPPER = string.ascii_uppercase
ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
B32L = "abcdefghijklmnopqrstuvwxyz234567"

PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "PL", "PT", "BR", "MX", "JP", "CN", "IN", "AU", "CA", "CH", "AT",
                 "BE", "SE", "IE", "SG", "ZA", "NG", "AR", "CO")

CREDENTIAL_KINDS = (
    "github_token", "slack_token", "slack_webhook", "gitlab_token", "stripe_key", "google_api_key", "npm_token",
    "azure_devops_pat", "sendgrid_key", "azure_storage_key", "connection_string", "sas_token", "azure_openai_key",
    "azure_ai_key_no_keyword", "openai_key", "aws_access_key_id", "aws_secret_key", "jwt", "bearer_token", "private_key",
    "password_kv", "password_cli", "password_ctor", "password_prose", "password_yaml", "password_url",
    "anthropic_key", "entra_client_secret", "cosmos_key", "twilio_key", "mailgun_key", "pypi_token", "huggingface_token",
)

# --- people: names of many cultures (first, last), with particles, hyphens, apostrophes ----------

FIRST_LAST = {
    "de": (("Jürgen", "Katharina", "Lukas", "Anneliese", "Henrik", "Marlene", "Franziska", "Maximilian"),
           ("Schäfer", "Köhler", "Hoffmann", "Wagner-Pohl", "von Arnim", "Brückner", "Leutheusser", "Zimmermann")),
    "fr": (("Amélie", "Gaëlle", "Étienne", "Baptiste", "Solène", "Thibault", "Océane", "Marc-Antoine"),
           ("Lefèvre", "de la Fontaine", "Rousseau", "Bérard", "Giraud-Mollet", "Chevalier", "Marchand", "d'Aubigné")),
    "es": (("Ximena", "Joaquín", "Maite", "Íñigo", "Rocío", "Alejandro", "Begoña", "Nicolás"),
           ("García Márquez", "Iturralde", "de la Cruz", "Sánchez-Vidal", "Ortega", "Villanueva", "Echeverría", "Pérez")),
    "pt": (("João", "Conceição", "Thiago", "Luana", "Gonçalo", "Inês", "Rafaela", "Caetano"),
           ("Magalhães", "dos Santos", "Carvalho", "Figueiredo", "da Silva", "Albuquerque", "Nogueira", "Brandão")),
    "it": (("Giulia", "Lorenzo", "Chiara", "Niccolò", "Federica", "Gianluca", "Beatrice", "Matteo"),
           ("Esposito", "De Luca", "Colombo", "Bianchi", "D'Angelo", "Ferraro", "Lombardi", "Marchetti")),
    "nl": (("Sanne", "Joost", "Femke", "Bram", "Maartje", "Thijs", "Lieke", "Daan"),
           ("van der Berg", "de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "van den Broek", "Smit")),
    "pl": (("Agnieszka", "Wojciech", "Małgorzata", "Krzysztof", "Zofia", "Bartłomiej", "Katarzyna", "Grzegorz"),
           ("Wiśniewska", "Kowalczyk", "Szymański", "Dąbrowska", "Lewandowski", "Wójcik", "Kamińska", "Zieliński")),
    "ja": (("Haruto", "Yui", "Sota", "Aoi", "Ren", "Mei", "Takumi", "Hina"),
           ("Takahashi", "Watanabe", "Nakamura", "Kobayashi", "Yamaguchi", "Matsumoto", "Inoue", "Hayashi")),
    "zh": (("Wei", "Xiaoling", "Jianguo", "Mingyu", "Yuxuan", "Haoran", "Shuang", "Zihan"),
           ("Zhang", "Wang", "Chen", "Liu", "Huang", "Zhao", "Xu", "Sun")),
    "ie": (("Siobhán", "Cormac", "Aoife", "Declan", "Niamh", "Ciarán"),
           ("O'Brien", "McCarthy", "O'Sullivan", "Fitzgerald", "MacNamara", "Ó Briain")),
    "ar": (("Yousef", "Fatima", "Omar", "Layla", "Hassan", "Nour"),
           ("Al-Hashimi", "bin Rashid", "El-Sayed", "Haddad", "Abdullah", "Nasser")),
    "in": (("Priya", "Arjun", "Ananya", "Vikram", "Lakshmi", "Rohan"),
           ("Venkataraman", "Iyer", "Chatterjee", "Reddy", "Kulkarni", "Bhattacharya")),
    "ng": (("Chinedu", "Adaeze", "Oluwaseun", "Ngozi", "Emeka", "Folake"),
           ("Okonkwo", "Adeyemi", "Nwosu", "Balogun", "Eze", "Ogunleye")),
    "vn": (("Nguyen Thi", "Minh", "Thanh", "Linh"), ("Tran", "Pham", "Le", "Hoang")),
    "ko": (("Ji-woo", "Seo-yeon", "Min-jun", "Ha-eun"), ("Park", "Kim", "Choi", "Jung")),
    "en": (("Megan", "Dwayne", "Harriet", "Colin", "Brooke", "Trevor", "Imogen", "Rhys"),
           ("Whitfield", "Ashworth", "Pemberton", "Hargreaves", "Caldwell", "Thornbury", "Blackwood", "Llewellyn")),
}

# Words that look like names to a tagger but are not people.
NOT_NAMES = ("Power BI", "Key Vault", "Visual Studio", "Azure Monitor", "Jenkins", "Grafana", "Hamburg", "Lyon", "Porto",
             "Sevilla", "Rotterdam", "Kraków", "Osaka", "Montag", "Freitag", "Mardi", "Viernes", "September", "Janeiro",
             "Head of Procurement", "Chief Medical Officer", "Sachbearbeiter", "Responsable RH", "Siemens Healthineers",
             "Banco Santander", "Deutsche Bahn", "Crédit Agricole", "Sparkasse KölnBonn", "Allianz", "Mercedes-Benz",
             "Santa Maria", "San Francisco", "Victoria Station", "Grace Hopper Hall", "Jordan", "Florence", "Georgia",
             "Kubernetes", "Terraform", "Postman", "Insomnia", "Ansible Tower", "Windows Hello", "Microsoft Teams")

DOMAINS = ("brandt-logistik.de", "meridianhealth.org", "kestrel-capital.co.uk", "vinhos-douro.pt", "tecnoandes.com.co",
           "groupe-lefort.fr", "nordlicht-energie.de", "hanseatic-freight.com", "studio-colombo.it", "veldhuis-bouw.nl",
           "polbud.com.pl", "sakura-denki.co.jp", "shenlong-trade.cn", "mumbai-textiles.in", "lagos-fintech.ng",
           "outlook.com", "gmail.com", "gmx.de", "web.de", "orange.fr", "libero.it", "wp.pl", "yahoo.co.jp", "qq.com",
           "proton.me", "icloud.com", "ziggo.nl", "sapo.pt", "uol.com.br", "hotmail.es")

EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net", "test.example", "mail.invalid")


def _strip_accents(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class Values:
    """Per-text value maker: `used` is shared by the whole corpus so every credential kind gets its share."""

    def __init__(self, rng: random.Random, used: Counter[str]) -> None:
        self.r = rng
        self.used = used

    # --- helpers ----------------------------------------------------------------------------------
    def rand(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def pick(self, *options):  # noqa: ANN002, ANN201
        return self.r.choice(options)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def next_kind(self, kinds: tuple[str, ...] | None = None) -> str:
        """The least-used credential kind of `kinds` (ties broken at random)."""
        pool = kinds or CREDENTIAL_KINDS
        low = min(self.used[k] for k in pool)
        return self.r.choice([k for k in pool if self.used[k] == low])

    def cred(self, kind: str, text: str, secret: str | None = None) -> V:
        self.used[kind] += 1
        return V(text, CREDENTIAL, kind, secret)

    # --- people ------------------------------------------------------------------------------------
    def culture(self) -> str:
        return self.r.choice(tuple(FIRST_LAST))

    def names(self, culture: str | None = None) -> tuple[str, str]:
        firsts, lasts = FIRST_LAST[culture or self.culture()]
        return self.r.choice(firsts), self.r.choice(lasts)

    def person(self, culture: str | None = None, form: str = "full") -> V:
        first, last = self.names(culture)
        text = {"full": f"{first} {last}", "first": first, "last": last, "inverted": f"{last}, {first}",
                "upper": f"{last.upper()} {first}", "lower": f"{first} {last}".lower()}[form]
        self.used[PERSON] += 1
        return V(text, PERSON, PERSON)

    def not_name(self) -> N:
        return N(self.r.choice(NOT_NAMES), "not_a_person", PERSON)

    # --- contact -----------------------------------------------------------------------------------
    def email(self, first: str | None = None, last: str | None = None, domain: str | None = None) -> V:
        if first is None:
            first, last = self.names()
        f = _strip_accents(first).lower().replace(" ", "").replace("'", "")
        ln = _strip_accents(last or "").lower().replace(" ", "").replace("'", "")
        local = self.pick(f"{f}.{ln}", f"{f[0]}{ln}", f"{f}_{ln}{self.r.randrange(1, 99)}", f"{ln}.{f[0]}",
                          self.pick("facturacion", "buchhaltung", "compta", "rh", "info", "kontakt", "support"))
        return V(f"{local}@{domain or self.pick(*DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def example_email(self) -> N:
        return N(f"{self.pick('john.doe', 'jane', 'user', 'noreply', 'test')}@{self.pick(*EXAMPLE_DOMAINS)}",
                 "example_email", "EMAIL_ADDRESS")

    def _phone_number(self, region: str) -> phonenumbers.PhoneNumber:
        kind = self.pick(phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
        ex = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(region)
        national = phonenumbers.national_significant_number(ex)
        for _ in range(500):
            keep = max(2, len(national) - 6)
            cand = national[:keep] + self.rand(DIGITS, len(national) - keep)
            if region in ("US", "CA") and cand[3:6] == "555":
                continue
            if cand == national:
                continue
            n = phonenumbers.parse("+" + str(ex.country_code) + cand)
            if phonenumbers.is_valid_number(n) and phonenumbers.region_code_for_number(n) == region:
                return n
        raise AssertionError(region)

    def phone(self, region: str | None = None, layout: str | None = None) -> V:
        region = region or self.pick(*PHONE_REGIONS)
        n = self._phone_number(region)
        layout = layout or self.pick("intl", "intl", "national", "e164")
        fmt = {"intl": phonenumbers.PhoneNumberFormat.INTERNATIONAL, "national": phonenumbers.PhoneNumberFormat.NATIONAL,
               "e164": phonenumbers.PhoneNumberFormat.E164}[layout]
        return V(phonenumbers.format_number(n, fmt), "PHONE_NUMBER", "PHONE_NUMBER")

    def phone_pair(self, region: str | None = None) -> tuple[V, V]:
        """One number in a national or international layout and then in E.164 (an answer reformatting it)."""
        region = region or self.pick(*PHONE_REGIONS)
        n = self._phone_number(region)
        first = phonenumbers.format_number(n, self.pick(phonenumbers.PhoneNumberFormat.NATIONAL,
                                                        phonenumbers.PhoneNumberFormat.INTERNATIONAL))
        return (V(first, "PHONE_NUMBER", "PHONE_NUMBER"),
                V(phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164), "PHONE_NUMBER", "PHONE_NUMBER"))

    def fict_phone(self) -> N:
        return N(f"+1 {self.pick('212', '415', '312', '617')} 555 01{self.r.randrange(10, 99)}", "fict_phone", "PHONE_NUMBER")

    # --- cards -------------------------------------------------------------------------------------
    def card_digits(self, brand: str | None = None) -> str:
        brand = brand or self.pick("visa", "visa", "mc", "mc2", "amex", "discover", "jcb", "diners", "unionpay")
        prefix, length = {
            "visa": ("4" + self.rand(DIGITS, 5), 16), "mc": (f"5{self.r.randrange(1, 6)}" + self.rand(DIGITS, 4), 16),
            "mc2": (str(self.r.randrange(2221, 2721)) + self.rand(DIGITS, 2), 16),
            "amex": (self.pick("34", "37") + self.rand(DIGITS, 4), 15),
            "discover": (self.pick("6011", "65" + self.rand(DIGITS, 2)) + self.rand(DIGITS, 2), 16),
            "jcb": (str(self.r.randrange(3528, 3590)) + self.rand(DIGITS, 2), 16),
            "diners": ("36" + self.rand(DIGITS, 4), 14), "unionpay": ("62" + self.rand(DIGITS, 4), 16),
        }[brand]
        while True:
            number = luhn_complete(prefix + self.rand(DIGITS, length - len(prefix) - 1))
            if number not in TEST_CARDS:
                return number

    @staticmethod
    def group_card(digits: str, sep: str = " ") -> str:
        if len(digits) == 15:
            parts = (digits[:4], digits[4:10], digits[10:])
        elif len(digits) == 14:
            parts = (digits[:4], digits[4:10], digits[10:])
        else:
            parts = tuple(digits[i:i + 4] for i in range(0, len(digits), 4))
        return sep.join(parts)

    def card(self, brand: str | None = None, layout: str | None = None) -> V:
        digits = self.card_digits(brand)
        layout = layout or self.pick("space", "space", "dash", "plain")
        text = {"space": self.group_card(digits), "dash": self.group_card(digits, "-"), "plain": digits}[layout]
        return V(text, "CREDIT_CARD", "CREDIT_CARD")

    def card_pair(self) -> tuple[V, V]:
        digits = self.card_digits()
        return V(self.group_card(digits), "CREDIT_CARD", "CREDIT_CARD"), V(digits, "CREDIT_CARD", "CREDIT_CARD")

    def test_card(self) -> N:
        return N(self.pick(*TEST_CARDS_SHOWN), "test_card", "CREDIT_CARD")

    def luhn_fail(self) -> N:
        while True:
            d = "4" + self.rand(DIGITS, 15)
            if not luhn_valid(d):
                return N(self.group_card(d) if self.chance(0.5) else d, "luhn_fail", "CREDIT_CARD")

    def masked_card(self) -> N:
        last = self.rand(DIGITS, 4)
        return N(self.pick(f"**** **** **** {last}", f"XXXX-XXXX-XXXX-{last}", f"4*** **** **** {last}",
                           f"•••• {last}", f"5412 75** **** {last}"), "masked", "CREDIT_CARD")

    # --- IBAN --------------------------------------------------------------------------------------
    def _bban(self, country: str) -> str:
        r = self.rand
        if country == "FR":
            bank, branch, acct = r(DIGITS, 5), r(DIGITS, 5), r(DIGITS, 11)
            key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
            return f"{bank}{branch}{acct}{key:02d}"
        if country == "ES":
            bank, branch, acct = r(DIGITS, 4), r(DIGITS, 4), r(DIGITS, 10)
            w = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)

            def dc(digits: str) -> str:
                c = 11 - sum(int(a) * b for a, b in zip(digits.rjust(10, "0"), w)) % 11
                return str({11: 0, 10: 1}.get(c, c))

            return f"{bank}{branch}{dc('00' + bank + branch)}{dc(acct)}{acct}"
        if country == "BE":
            body = r(DIGITS, 10)
            check = int(body) % 97 or 97
            return f"{body}{check:02d}"
        if country == "NL":
            while True:
                acct = r(DIGITS, 10)
                if acct[0] != "0" and sum(int(c) * (10 - i) for i, c in enumerate(acct)) % 11 == 0:
                    return self.pick("ABNA", "RABO", "INGB", "TRIO", "SNSB") + acct
        if country == "PT":
            body = r(DIGITS, 19)
            return f"{body}{98 - (int(body) * 100) % 97:02d}"
        if country == "NO":
            while True:
                body = r(DIGITS, 10)
                c = 11 - sum(int(a) * b for a, b in zip(body, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11
                if c == 10:
                    continue
                return body + str(0 if c == 11 else c)
        if country == "FI":
            return luhn_complete(r(DIGITS, 13))
        layouts = {"DE": (8, 10), "AT": (5, 11), "CH": (5, 12), "PL": (8, 16), "LU": (3, 13), "CZ": (4, 16),
                   "SE": (3, 17), "DK": (4, 10), "HU": (8, 16), "SK": (4, 16)}
        if country in layouts:
            a, b = layouts[country]
            return r(DIGITS, a) + r(DIGITS, b)
        if country in ("GB", "IE"):
            return self.pick("NWBK", "BARC", "LOYD", "HSBC", "AIBK", "BOFI") + r(DIGITS, 14)
        if country == "IT":
            return r(UPPER, 1) + r(DIGITS, 10) + r(DIGITS, 12)
        if country == "RO":
            return self.pick("BTRL", "RNCB", "BRDE") + r(ALNUM.upper()[:36], 16)
        raise KeyError(country)

    IBAN_COUNTRIES = ("DE", "FR", "ES", "IT", "NL", "BE", "PT", "PL", "AT", "CH", "GB", "IE", "LU", "CZ", "SE", "DK", "NO",
                      "FI", "HU", "SK", "RO")

    def iban_compact(self, country: str | None = None) -> str:
        country = country or self.pick(*self.IBAN_COUNTRIES)
        bban = self._bban(country).upper()
        return country + iban_check_digits(country, bban) + bban

    @staticmethod
    def group4(text: str) -> str:
        return " ".join(text[i:i + 4] for i in range(0, len(text), 4))

    def iban(self, country: str | None = None, grouped: bool | None = None) -> V:
        compact = self.iban_compact(country)
        grouped = self.chance(0.55) if grouped is None else grouped
        return V(self.group4(compact) if grouped else compact, "IBAN_CODE", "IBAN_CODE")

    def example_iban(self) -> N:
        return N(self.pick("DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "GB29 NWBK 6016 1331 9268 19",
                           "FR14 2004 1010 0505 0001 3M02 606", "NL91ABNA0417164300", "IT60X0542811101000000123456",
                           "BE68 5390 0754 7034"), "example_iban", "IBAN_CODE")

    def bad_iban(self) -> N:
        compact = self.iban_compact()
        broken = compact[:2] + f"{(int(compact[2:4]) + 1) % 100:02d}" + compact[4:]
        if iban_valid(broken):
            broken = compact[:2] + f"{(int(compact[2:4]) + 2) % 100:02d}" + compact[4:]
        return N(self.group4(broken), "bad_iban", "IBAN_CODE")

    # --- SSN ---------------------------------------------------------------------------------------
    def ssn(self, layout: str | None = None) -> V:
        while True:
            area = self.r.randrange(1, 900)
            if area != 666:
                break
        group, serial = self.r.randrange(1, 100), self.r.randrange(1, 10000)
        layout = layout or self.pick("dash", "dash", "space", "plain")
        sep = {"dash": "-", "space": " ", "plain": ""}[layout]
        return V(f"{area:03d}{sep}{group:02d}{sep}{serial:04d}", "US_SSN", "US_SSN")

    def bad_ssn(self) -> N:
        g, s = self.r.randrange(10, 99), self.r.randrange(1000, 9999)
        return N(self.pick(f"000-{g}-{s}", f"666-{g}-{s}", f"9{self.r.randrange(10, 99)}-{g}-{s}",
                           f"{self.r.randrange(100, 899)}-00-{s}", f"{self.r.randrange(100, 899)}-{g}-0000", "078-05-1120",
                           "123-45-6789"), "bad_ssn", "US_SSN")

    def masked_ssn(self) -> N:
        return N(self.pick(f"XXX-XX-{self.rand(DIGITS, 4)}", f"***-**-{self.rand(DIGITS, 4)}",
                           f"xxx-xx-{self.rand(DIGITS, 4)}"), "masked", "US_SSN")

    # --- IP ----------------------------------------------------------------------------------------
    def ipv4(self, private: bool | None = None) -> V:
        private = self.chance(0.5) if private is None else private
        if private:
            text = self.pick(f"10.{self.r.randrange(256)}.{self.r.randrange(256)}.{self.r.randrange(1, 255)}",
                             f"172.{self.r.randrange(16, 32)}.{self.r.randrange(256)}.{self.r.randrange(1, 255)}",
                             f"192.168.{self.r.randrange(256)}.{self.r.randrange(1, 255)}")
        else:
            text = (f"{self.pick(20, 40, 51, 52, 62, 81, 85, 89, 91, 104, 134, 145, 151, 176, 185, 212, 213)}."
                    f"{self.r.randrange(256)}.{self.r.randrange(256)}.{self.r.randrange(1, 255)}")
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self) -> V:
        head = self.pick("2a01", "2a02", "2603", "2606", "2400", "fd12")
        rest = [f"{self.r.randrange(1, 0xffff):x}" for _ in range(self.pick(2, 3, 7))]
        text = ":".join([head, *rest]) if len(rest) == 7 else ":".join([head, *rest[:-1]]) + "::" + rest[-1]
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def doc_ip(self) -> N:
        return N(self.pick(f"192.0.2.{self.r.randrange(1, 255)}", f"198.51.100.{self.r.randrange(1, 255)}",
                           f"203.0.113.{self.r.randrange(1, 255)}", f"2001:db8::{self.r.randrange(1, 0xfff):x}"),
                 "doc_ip", "IP_ADDRESS")

    def version(self) -> N:
        return N(f"{self.r.randrange(1, 20)}.{self.r.randrange(0, 40)}.{self.r.randrange(0, 30)}.{self.r.randrange(0, 9999)}",
                 "version", "IP_ADDRESS")

    # --- other hard negatives -------------------------------------------------------------------
    def guid(self) -> N:
        h = self.rand(HEX, 32)
        return N(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.pick('8', '9', 'a', 'b')}{h[17:20]}-{h[20:]}", "guid", "azure_openai_key")

    def sha256(self) -> N:
        return N(self.rand(HEX, 64), "sha256", "aws_secret_key")

    def commit(self) -> N:
        return N(self.rand(HEX, 40), "commit_sha", "github_token")

    def short_commit(self) -> N:
        return N(self.rand(HEX, 7), "short_sha", "password_kv")

    def digits_failing_luhn(self, n: int) -> str:
        while True:
            number = self.rand(DIGITS, n)
            if not luhn_valid(number):
                return number

    def order_number(self) -> N:
        return N(self.pick(f"PO-{self.r.randrange(2024, 2027)}-{self.rand(DIGITS, 6)}", self.digits_failing_luhn(16),
                           f"INV-{self.rand(DIGITS, 8)}", f"RE{self.rand(DIGITS, 10)}"), "order_number", "CREDIT_CARD")

    def policy_number(self) -> N:
        return N(self.pick(f"{self.rand(UPPER, 2)}-{self.rand(DIGITS, 3)}-{self.rand(DIGITS, 2)}-{self.rand(DIGITS, 4)}",
                           f"POL{self.rand(DIGITS, 9)}", f"{self.rand(DIGITS, 3)}-{self.rand(DIGITS, 2)}-{self.rand(DIGITS, 4)}-{self.rand(DIGITS, 2)}"),
                 "policy_number", "US_SSN")

    def lot(self) -> N:
        return N(f"{self.r.randrange(100, 999)}-{self.r.randrange(10, 99)}-{self.r.randrange(1000, 9999)}"
                 if self.chance(0.5) else f"LOT {self.rand(DIGITS, 3)} {self.rand(DIGITS, 2)} {self.rand(DIGITS, 4)}",
                 "lot_number", "US_SSN")

    def date(self) -> N:
        return N(self.pick(f"{self.r.randrange(1, 29):02d}.{self.r.randrange(1, 13):02d}.{self.r.randrange(1950, 2026)}",
                           f"{self.r.randrange(1950, 2026)}-{self.r.randrange(1, 13):02d}-{self.r.randrange(1, 29):02d}",
                           f"{self.r.randrange(1, 13):02d}/{self.r.randrange(1, 29):02d}/{self.r.randrange(1950, 2026)}"),
                 "date", "PHONE_NUMBER")

    def postcode(self) -> N:
        return N(self.pick(f"{self.rand(DIGITS, 5)} {self.pick('Berlin', 'München', 'Köln')}",
                           f"{self.rand(DIGITS, 2)} {self.rand(DIGITS, 3)}", f"{self.rand(DIGITS, 4)} {self.rand(UPPER, 2)}",
                           f"{self.rand(DIGITS, 2)}-{self.rand(DIGITS, 3)}", f"{self.rand(DIGITS, 3)}-{self.rand(DIGITS, 4)}"),
                 "postcode", "PHONE_NUMBER")

    def placeholder(self, mimics: str = "password_kv") -> N:
        return N(self.pick("<your-password-here>", "${DB_PASSWORD}", "changeme", "{{ vault_db_password }}", "REPLACE_ME",
                           "xxxxxxxx", "********", "%(PASSWORD)s", "$(SECRET_VALUE)", "<redacted>", "@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/db-pass/)"),
                 "placeholder", mimics)

    def aws_example(self) -> N:
        return N(self.pick("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), "aws_example", "aws_access_key_id")

    def azurite(self) -> N:
        return N("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
                 "azurite", "azure_storage_key")

    def masked_secret(self) -> N:
        return N(self.pick(f"sk-...{self.rand(ALNUM, 4)}", f"ghp_****{self.rand(ALNUM, 4)}", "••••••••",
                           f"AKIA************{self.rand(UPPER, 4)}", f"xoxb-****-****-{self.rand(ALNUM, 4)}"), "masked", "openai_key")

    def jwt_example(self) -> N:
        return N("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
                 "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "jwt_io_example", "jwt")

    def b64_blob(self) -> N:
        return N(base64.b64encode(self.rand(ALNUM + " ", 30).encode()).decode(), "base64_blob", "azure_storage_key")

    def npm_integrity(self) -> N:
        return N("sha512-" + base64.b64encode(bytes(self.r.randrange(256) for _ in range(64))).decode(), "integrity", "azure_storage_key")

    # --- credentials -------------------------------------------------------------------------------
    def github(self) -> str:
        if self.chance(0.25):
            return "github_pat_11" + self.rand(UPPER + DIGITS, 20) + "_" + self.rand(ALNUM, 59)
        body = self.rand(ALNUM, 30)
        return self.pick("ghp", "ghp", "gho", "ghs", "ghu") + "_" + body + crc32_base62(body)

    def npm(self) -> str:
        body = self.rand(ALNUM, 30)
        return "npm_" + body + crc32_base62(body)

    def slack(self) -> str:
        if self.chance(0.6):
            return f"xoxb-{self.rand(DIGITS, 12)}-{self.rand(DIGITS, 13)}-{self.rand(ALNUM, 24)}"
        return f"xoxp-{self.rand(DIGITS, 12)}-{self.rand(DIGITS, 12)}-{self.rand(DIGITS, 13)}-{self.rand(HEX, 32)}"

    def slack_webhook(self) -> str:
        return f"https://hooks.slack.com/services/T{self.rand(UPPER + DIGITS, 8)}/B{self.rand(UPPER + DIGITS, 10)}/{self.rand(ALNUM, 24)}"

    def gitlab(self) -> str:
        return "glpat-" + self.rand(URLSAFE, 20)

    def stripe(self) -> str:
        return self.pick("sk_live_", "rk_live_", "sk_live_51") + self.rand(ALNUM, self.pick(24, 60, 97))

    def google(self) -> str:
        return "AIza" + self.pick("Sy", "Sy", "SB") + self.rand(URLSAFE, 33)

    def ado_pat(self) -> str:
        return self.rand(B32L, 52) if self.chance(0.5) else self.annotated("AZDO")

    def annotated(self, sig: str) -> str:
        return (self.rand(ALNUM, 52) + "JQQJ99" + self.pick("BF", "BD", "BE") + "ACY" + self.rand(ALNUM, 9) + "AAAA"
                + sig + self.rand(ALNUM, 4))

    def sendgrid(self) -> str:
        return "SG." + self.rand(URLSAFE, 22) + "." + self.rand(URLSAFE, 43)

    def storage_key(self) -> str:
        return base64.b64encode(bytes(self.r.randrange(256) for _ in range(64))).decode()

    def aoai_key(self) -> str:
        return self.rand(HEX, 32) if self.chance(0.6) else self.annotated("ACOG")

    def openai(self) -> str:
        if self.chance(0.6):
            return "sk-proj-" + self.rand(URLSAFE, 74) + "T3BlbkFJ" + self.rand(URLSAFE, 74)
        return "sk-" + self.rand(ALNUM, 20) + "T3BlbkFJ" + self.rand(ALNUM, 20)

    def anthropic(self) -> str:
        return "sk-ant-api03-" + self.rand(URLSAFE, 93) + "AA"

    def aws_id(self) -> str:
        return self.pick("AKIA", "AKIA", "ASIA") + self.rand(UPPER + "234567", 16)

    def aws_secret(self) -> str:
        return self.rand(ALNUM + "/+", 40)

    def jwt(self, name: str | None = None) -> str:
        def enc(obj: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

        head = enc({"alg": self.pick("RS256", "HS256"), "typ": "JWT", "kid": self.rand(ALNUM, 12)})
        body = enc({"sub": self.rand(HEX, 24), "aud": self.pick("api://orders", "https://graph.microsoft.com", "account"),
                    "iat": 1760000000 + self.r.randrange(10 ** 6), "exp": 1760003600 + self.r.randrange(10 ** 6),
                    "tid": self.rand(HEX, 8)})
        sig = base64.urlsafe_b64encode(hmac.new(self.rand(ALNUM, 16).encode(), f"{head}.{body}".encode(),
                                                hashlib.sha256).digest()).decode().rstrip("=")
        return f"{head}.{body}.{sig}"

    def opaque_token(self) -> str:
        return self.pick(self.rand(URLSAFE, 43), "EwB" + self.rand(B64, 90) + "==", self.rand(ALNUM, 32) + "." + self.rand(ALNUM, 40))

    def pem(self, escaped: bool = False) -> tuple[str, str]:
        kind = self.pick("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY")
        body_lines = [base64.b64encode(bytes(self.r.randrange(256) for _ in range(48))).decode() for _ in range(self.pick(4, 6))]
        nl = "\\n" if escaped else "\n"
        body = nl.join(body_lines)
        return f"-----BEGIN {kind}-----{nl}{body}{nl}-----END {kind}-----", body_lines[0]

    def password(self, symbols: str = "!#%*-_.?+@$") -> str:
        word = self.pick("Sommer", "Falcon", "Lisboa", "Kaktus", "Bretagne", "Orquidea", "Tulp", "Wisla", "Sakura", "Maple",
                         "Granit", "Zephyr", "Paloma", "Nordwind", "Citrine")
        return self.pick(
            f"{word}{self.r.randrange(10, 99)}{self.r.choice(symbols)}{self.rand(ALNUM, 3)}",
            f"{self.rand(ALNUM, 6)}{self.r.choice(symbols)}{self.rand(ALNUM, 7)}{self.r.randrange(0, 9)}",
            f"{word}{self.r.choice(symbols)}{word.lower()[::-1]}{self.r.randrange(100, 999)}",
        )

    def entra(self) -> str:
        return self.rand(URLSAFE + "~.", 3) + self.pick("7", "8") + "Q~" + self.rand(ALNUM + "_~.-", 34)

    def twilio(self) -> tuple[str, str]:
        return "SK" + self.rand(HEX, 32), self.rand(HEX, 32)

    def mailgun(self) -> str:
        return "key-" + self.rand(HEX, 32) if self.chance(0.5) else f"{self.rand(HEX, 32)}-{self.rand(HEX, 8)}-{self.rand(HEX, 8)}"

    def pypi(self) -> str:
        return "pypi-AgEIcHlwaS5vcmc" + self.rand(URLSAFE, self.pick(140, 160, 180))

    def hf(self) -> str:
        return "hf_" + self.rand(string.ascii_letters, 34)

    def sas(self) -> tuple[str, str]:
        sig = base64.b64encode(bytes(self.r.randrange(256) for _ in range(32))).decode()
        sig = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        return (f"sv=2023-11-03&ss=b&srt=co&sp=rl&se=2026-{self.r.randrange(1, 13):02d}-{self.r.randrange(1, 29):02d}T17:00:00Z"
                f"&spr=https&sig={sig}"), sig

    def storage_cs(self) -> tuple[str, str]:
        key = self.storage_key()
        acct = self.pick("stkundendaten", "stfacturasprod", "stlogsweu01", "starchivesnl", "stpaieprod")
        return f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net", key

    def sql_cs(self) -> tuple[str, str]:
        pw = self.password("!#%*-_.?")
        server = self.pick("tcp:sql-kunden-prod.database.windows.net,1433", "sql-faturas.database.windows.net",
                           "pg-reservas.postgres.database.azure.com")
        if server.startswith("pg-"):
            return f"Host={server};Database=reservas;Username=app_rw;Password={pw};SSL Mode=Require", pw
        return (f"Server={server};Initial Catalog={self.pick('crm', 'payroll', 'claims')};User ID={self.pick('app', 'svc_hr', 'etl')};"
                f"Password={pw};Encrypt=True;TrustServerCertificate=False;"), pw

    def sb_cs(self) -> tuple[str, str]:
        key = base64.b64encode(bytes(self.r.randrange(256) for _ in range(32))).decode()
        return (f"Endpoint=sb://{self.pick('sb-orders-weu', 'evh-telemetria', 'ns-facturen')}.servicebus.windows.net/;"
                f"SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}"), key

    def connection_string(self) -> tuple[str, str]:
        return self.pick(self.storage_cs, self.sql_cs, self.sb_cs, self.mongo_cs)()

    def mongo_cs(self) -> tuple[str, str]:
        pw = self.password("!*-_.")
        return f"mongodb+srv://app_user:{pw}@cluster0.{self.rand('abcdefghijklmnopqrstuvwxyz0123456789', 5)}.mongodb.net/orders", pw

    def k8s_b64(self) -> str:
        return base64.b64encode(self.password().encode()).decode()


# Published test numbers (card networks' and PSPs' documentation), never issued cards.
TEST_CARDS_SHOWN = ("4111 1111 1111 1111", "4111111111111111", "5555 5555 5555 4444", "4242 4242 4242 4242",
                    "378282246310005", "6011 1111 1111 1117", "5105 1051 0510 5100", "3530 1113 3330 0000",
                    "4000 0566 5566 5556", "2223 0031 2200 3222")
TEST_CARDS = frozenset(c.replace(" ", "") for c in TEST_CARDS_SHOWN)

assert all(luhn_valid(c) for c in TEST_CARDS)
assert mod97("1") == 1
