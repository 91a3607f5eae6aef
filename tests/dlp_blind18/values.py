"""The eighteenth corpus's values: people, addresses, phones, cards, IBANs, SSNs, IP addresses and every credential kind
the harness scores, each in its published format and with its checksum where it has one (tests/dlp_eval/checksums.py),
and the hard negatives of a security-operations desk (hashes, GUIDs, CVE ids, versions, OIDs, MAC addresses, defanged
indicators, masked and placeholder values, documentation addresses). `Values(rng, used)` draws them for one text;
`used` counts the credential kinds already placed so that each text takes the least used first."""

from __future__ import annotations

import base64
import json
import random
import string
import unicodedata
from collections import Counter

import phonenumbers

from tests.dlp_eval.checksums import base62_checksum_valid, crc32_base62, iban_check_digits, luhn_complete, luhn_valid
from tests.dlp_eval.checksums import iban_valid as _iban_mod97
from tests.dlp_eval.corpus import CREDENTIAL, PERSON, N, V

__all__ = ["PHONE_REGIONS", "Values", "base62_checksum_valid", "iban_valid", "luhn_valid", "CRED_KINDS"]

DIGITS = string.digits
HEX = "0123456789abcdef"
B62 = string.ascii_letters + string.digits
B64 = B62 + "+/"
URLSAFE = B62 + "-_"
UPPER32 = string.ascii_uppercase + "234567"

PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "NL", "BE", "CH", "AT", "IT", "PT", "BR", "MX", "IN", "AU", "JP", "SG",
                 "IE", "SE", "PL", "ZA", "CA", "NZ", "DK", "NO", "AR", "CO", "AE", "FI", "KE", "NG", "PH")

CRED_KINDS = ("github_token", "slack_token", "slack_webhook", "gitlab_token", "stripe_key", "google_api_key", "npm_token",
              "azure_devops_pat", "sendgrid_key", "azure_storage_key", "connection_string", "sas_token", "azure_openai_key",
              "azure_ai_key_no_keyword", "openai_key", "aws_access_key_id", "aws_secret_key", "jwt", "bearer_token",
              "private_key", "password_kv", "password_cli", "password_ctor", "password_prose", "password_yaml",
              "password_url", "anthropic_key", "entra_client_secret", "cosmos_key", "twilio_key", "mailgun_key",
              "pypi_token", "huggingface_token")

# (first names, last names) by culture; some with letters beyond ASCII
NAMES = {
    "de": (("Jürgen", "Anke", "Matthias", "Sabine", "Lukas", "Katrin", "Jörg", "Heike"),
           ("Müller", "Schröder", "Wagner", "Hoffmann", "Krüger", "Becker", "Weiß", "Neumann")),
    "fr": (("Élodie", "Mathieu", "Camille", "Théo", "Margaux", "Benoît", "Inès", "Rémi"),
           ("Lefèvre", "Moreau", "Girard", "Faure", "Chevalier", "Dubois", "Mercier", "Roussel")),
    "es": (("Alejandro", "Lucía", "Javier", "Marta", "Íñigo", "Pilar", "Sergio", "Noelia"),
           ("García Ortega", "Muñoz", "Fernández", "Iglesias", "Ruiz", "Navarro", "Castaño", "Domínguez")),
    "pt": (("João", "Beatriz", "Rafael", "Mariana", "Gonçalo", "Thaís", "Vinícius", "Leonor"),
           ("Carvalho", "Gonçalves", "Pereira", "Azevedo", "Magalhães", "Rocha", "Fonseca", "Araújo")),
    "nl": (("Sanne", "Daan", "Femke", "Joost", "Lieke", "Bram", "Anouk", "Thijs"),
           ("de Vries", "van Dijk", "Jansen", "Bakker", "van den Berg", "Visser", "Smit", "Mulder")),
    "en": (("Megan", "Connor", "Brianna", "Tyler", "Hannah", "Dylan", "Courtney", "Marcus"),
           ("O'Brien", "Whitaker", "Fletcher", "Donovan", "Harrington", "McAllister", "Pennington", "Caldwell")),
    "in": (("Priya", "Arjun", "Lakshmi", "Vikram", "Ananya", "Rohan", "Deepika", "Siddharth"),
           ("Raghunathan", "Iyer", "Banerjee", "Chatterjee", "Kulkarni", "Reddy", "Menon", "Deshpande")),
    "jp": (("Haruto", "Yui", "Sota", "Aoi", "Ren", "Sakura", "Kenji", "Mei"),
           ("Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Inoue", "Kimura", "Hayashi")),
    "pl": (("Łukasz", "Agnieszka", "Paweł", "Małgorzata", "Krzysztof", "Zofia", "Tomasz", "Katarzyna"),
           ("Wróbel", "Kowalczyk", "Zieliński", "Wiśniewska", "Lewandowski", "Dąbrowska", "Kamiński", "Szymańska")),
    "nordic": (("Søren", "Ingrid", "Björn", "Astrid", "Mikael", "Sigrid", "Eero", "Åsa"),
               ("Ødegaard", "Lindqvist", "Johansson", "Halvorsen", "Virtanen", "Bergström", "Nyström", "Kristiansen")),
    "af": (("Ngozi", "Chinedu", "Amara", "Tendai", "Wanjiru", "Kwame", "Folake", "Thabo"),
           ("Okonkwo", "Adeyemi", "Mensah", "Mwangi", "Nkosi", "Abara", "Otieno", "Boateng")),
    "ar": (("Ahmed", "Layla", "Omar", "Yasmin", "Karim", "Nour", "Tariq", "Rania"),
           ("Al-Farsi", "Haddad", "Nasser", "El-Amin", "Khoury", "Mansour", "Saleh", "Aziz")),
    "vn": (("Lan", "Minh", "Thảo", "Quang", "Huong", "Tuấn", "Linh", "Bảo"),
           ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")),
    "cn": (("Wei", "Xiaoling", "Jun", "Mingyu", "Hao", "Yiting", "Zhiwei", "Lina"),
           ("Zhang", "Wang", "Liu", "Chen", "Zhou", "Huang", "Xu", "Sun")),
    "it": (("Giulia", "Francesco", "Chiara", "Matteo", "Federica", "Lorenzo", "Alessia", "Davide"),
           ("Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "De Luca", "Ferrara")),
    "tr": (("Emre", "Zeynep", "Burak", "Elif", "Mehmet", "Ayşe", "Can", "Selin"),
           ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan")),
}

COMPANY_DOMAINS = ("contoso.com", "fabrikam.com", "northwindtraders.com", "adatum.com", "tailspintoys.com",
                   "woodgrovebank.com", "litwareinc.com", "wingtiptoys.com", "proseware.com", "lucernepublishing.com")
FREEMAIL = ("gmail.com", "outlook.com", "yahoo.fr", "web.de", "gmx.de", "hotmail.es", "icloud.com", "proton.me",
            "uol.com.br", "ziggo.nl", "orange.fr", "libero.it", "wp.pl")
ATTACKER_DOMAINS = ("secure-m365-login.com", "docusign-review.net", "paypa1-support.info", "office-verify.co",
                    "sharepoint-files.live", "dhl-tracking-eu.top", "wetransfer-share.click")

IBAN_LAYOUT = {  # country: BBAN layout, n = digit, a = upper letter, c = alphanumeric (digits here)
    "DE": "n" * 18, "FR": "n" * 23, "ES": "n" * 20, "NL": "aaaa" + "n" * 10, "BE": "n" * 12, "IT": "a" + "n" * 22,
    "PT": "n" * 21, "GB": "aaaa" + "n" * 14, "IE": "aaaa" + "n" * 14, "CH": "n" * 17, "AT": "n" * 16, "PL": "n" * 24,
    "SE": "n" * 20, "DK": "n" * 14, "NO": "n" * 11, "FI": "n" * 14, "LU": "n" * 16, "BR": "n" * 23 + "ac",
    "CZ": "n" * 20, "HR": "n" * 17, "GR": "n" * 23, "RO": "aaaa" + "n" * 16,
}
BANK_CODES = {"NL": ("ABNA", "INGB", "RABO", "SNSB", "TRIO"), "GB": ("BARC", "HBUK", "NWBK", "LOYD", "MIDL"),
              "IE": ("AIBK", "BOFI", "IPBS"), "RO": ("RNCB", "BTRL", "BRDE")}


def rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    return len(compact) >= 15 and compact[:2].isalpha() and compact[2:4].isdigit() and _iban_mod97(compact)


def _es_control(digits: str) -> str:
    weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)
    d = 11 - sum(int(c) * w for c, w in zip(digits, weights)) % 11
    return str({11: 0, 10: 1}.get(d, d))


def _national_check(country: str, rng: random.Random, bban: str) -> str:
    """BBANs whose national check digits are computed too (BE, FR, ES, PT, NL's eleven test)."""
    if country == "BE":
        body = bban[:10]
        return body + f"{int(body) % 97 or 97:02d}"
    if country == "FR":
        bank, branch, account = bban[:5], bban[5:10], bban[10:21]
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
        return bank + branch + account + f"{key:02d}"
    if country == "ES":
        bank, branch, account = bban[:4], bban[4:8], bban[10:20]
        return bank + branch + _es_control("00" + bank + branch) + _es_control(account) + account
    if country == "PT":
        body = bban[:19]
        return body + f"{98 - int(body + '00') % 97:02d}"
    if country == "NL":
        while True:
            account = rand(rng, DIGITS, 10)
            if sum(int(c) * (10 - i) for i, c in enumerate(account)) % 11 == 0 and account[0] != "0":
                return bban[:4] + account
    return bban


class Values:
    def __init__(self, rng: random.Random, used: Counter[str]) -> None:
        self.rng = rng
        self.used = used

    # --- people ------------------------------------------------------------------------------

    def culture(self) -> str:
        return self.rng.choice(sorted(NAMES))

    def names(self, culture: str | None = None) -> tuple[str, str]:
        firsts, lasts = NAMES[culture or self.culture()]
        return self.rng.choice(firsts), self.rng.choice(lasts)

    def person(self, form: str = "full", culture: str | None = None) -> tuple[V, str, str]:
        """A PERSON label of `form` (full, first, last_first, comma, handle, upper_last), with the first and last
        names it was made of."""
        first, last = self.names(culture)
        text = {"full": f"{first} {last}", "first": first, "last_first": f"{last.upper()} {first}",
                "comma": f"{last}, {first}", "handle": _ascii(f"{first}.{last}").lower().replace(" ", "").replace("'", ""),
                "upper_last": f"{first} {last.upper()}"}[form]
        return V(text, PERSON, PERSON), first, last

    def name(self, form: str = "full") -> V:
        return self.person(form)[0]

    def email_for(self, first: str, last: str, domain: str | None = None) -> V:
        local = self.rng.choice((f"{first}.{last}", f"{first[0]}{last}", f"{first}{last[0]}", f"{last}.{first[0]}"))
        local = _ascii(local).lower().replace(" ", "").replace("'", "")
        return V(f"{local}@{domain or self.rng.choice(COMPANY_DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def email(self, free: bool = False) -> V:
        first, last = self.names()
        dom = self.rng.choice(FREEMAIL) if free else None
        if free:
            local = _ascii(self.rng.choice((f"{first}{last}{self.rng.randrange(10, 99)}", f"{first}.{last}",
                                            f"{last}_{first[0]}"))).lower().replace(" ", "").replace("'", "")
            return V(f"{local}@{dom}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")
        return self.email_for(first, last)

    def attacker_email(self) -> V:
        local = self.rng.choice(("security", "it-helpdesk", "billing", "payroll-update", "docs", "invoice", "admin"))
        return V(f"{local}@{self.rng.choice(ATTACKER_DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def phone(self, region: str | None = None, fmt: str | None = None) -> V:
        region = region or self.rng.choice(PHONE_REGIONS)
        kind = self.rng.choice((phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE))
        examples = {phonenumbers.national_significant_number(phonenumbers.example_number_for_type(region, t))
                    for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)}
        ex = phonenumbers.national_significant_number(phonenumbers.example_number_for_type(region, kind))
        for _ in range(500):
            keep = self.rng.choice((2, 3))
            nn = ex[:keep] + rand(self.rng, DIGITS, len(ex) - keep)
            if nn in examples:
                continue
            if region in ("US", "CA") and nn[3:6] == "555":
                continue
            num = phonenumbers.parse(f"+{phonenumbers.country_code_for_region(region)}{nn}")
            if phonenumbers.is_valid_number(num) and phonenumbers.region_code_for_number(num) == region:
                break
        else:  # pragma: no cover
            raise AssertionError(region)
        fmt = fmt or self.rng.choice(("intl", "intl", "e164", "national" if region in ("US", "GB", "DE") else "intl"))
        style = {"intl": phonenumbers.PhoneNumberFormat.INTERNATIONAL, "e164": phonenumbers.PhoneNumberFormat.E164,
                 "national": phonenumbers.PhoneNumberFormat.NATIONAL}[fmt]
        return V(phonenumbers.format_number(num, style), "PHONE_NUMBER", "PHONE_NUMBER")

    # --- money and ids -----------------------------------------------------------------------

    def card(self, brand: str | None = None, layout: str | None = None) -> V:
        brand = brand or self.rng.choice(("visa", "visa", "mc", "mc2", "amex", "discover", "jcb", "diners"))
        r = self.rng
        prefix, length = {
            "visa": ("4" + rand(r, DIGITS, 5), 16), "mc": (str(r.randrange(51, 56)) + rand(r, DIGITS, 4), 16),
            "mc2": (str(r.randrange(2221, 2721)) + rand(r, DIGITS, 2), 16), "amex": (r.choice(("34", "37")) + rand(r, DIGITS, 4), 15),
            "discover": (r.choice(("6011", "6500", "6521")) + rand(r, DIGITS, 2), 16),
            "jcb": (str(r.randrange(3528, 3590)) + rand(r, DIGITS, 2), 16), "diners": (r.choice(("36", "38")) + rand(r, DIGITS, 4), 14),
        }[brand]
        digits = luhn_complete(prefix + rand(r, DIGITS, length - len(prefix) - 1))
        return V(_layout_card(digits, layout or r.choice(("spaced", "dashed", "plain"))), "CREDIT_CARD", "CREDIT_CARD")

    def iban(self, country: str | None = None, grouped: bool | None = None) -> V:
        country = country or self.rng.choice(sorted(IBAN_LAYOUT))
        bban = "".join(self.rng.choice(DIGITS if c == "n" else (string.ascii_uppercase if c == "a" else string.ascii_uppercase))
                       for c in IBAN_LAYOUT[country])
        if country in BANK_CODES:
            bban = self.rng.choice(BANK_CODES[country]) + bban[4:]
        bban = _national_check(country, self.rng, bban)
        iban = country + iban_check_digits(country, bban) + bban
        assert iban_valid(iban)
        grouped = self.rng.random() < 0.5 if grouped is None else grouped
        return V(" ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if grouped else iban, "IBAN_CODE", "IBAN_CODE")

    def ssn(self, layout: str | None = None) -> V:
        r = self.rng
        while True:
            area = r.randrange(1, 900)
            if area != 666:
                break
        group, serial = r.randrange(1, 100), r.randrange(1, 10000)
        sep = {"dashed": "-", "plain": "", "spaced": " "}[layout or r.choice(("dashed", "dashed", "plain", "spaced"))]
        return V(f"{area:03d}{sep}{group:02d}{sep}{serial:04d}", "US_SSN", "US_SSN")

    def ipv4(self, private: bool | None = None) -> V:
        r = self.rng
        private = r.random() < 0.45 if private is None else private
        if private:
            text = r.choice((f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}",
                             f"172.{r.randrange(16, 32)}.{r.randrange(256)}.{r.randrange(1, 255)}",
                             f"192.168.{r.randrange(256)}.{r.randrange(1, 255)}"))
        else:
            first = r.choice((23, 31, 37, 45, 46, 62, 77, 81, 85, 89, 91, 95, 103, 104, 109, 134, 141, 146, 152, 159,
                              176, 178, 185, 188, 193, 194, 195, 212, 213, 217))
            text = f"{first}.{r.randrange(1, 255)}.{r.randrange(256)}.{r.randrange(1, 255)}"
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self, private: bool = False) -> V:
        r = self.rng
        head = (f"fd{rand(r, HEX, 2)}:{rand(r, HEX, 4)}" if private else
                r.choice(("2a01:4f8", "2a02:c207", "2603:1020", "2001:41d0", "2a03:2880", "2600:1f18", "2406:da18")))
        groups = [format(r.randrange(0x1, 0xffff), "x") for _ in range(4)]
        return V(f"{head}:{r.randrange(1, 0xfff):x}::{':'.join(groups[:r.choice((1, 2, 3))])}", "IP_ADDRESS", "IP_ADDRESS")

    # --- credentials -------------------------------------------------------------------------

    def kind(self, allowed: tuple[str, ...] = CRED_KINDS) -> str:
        """The least used credential kind of `allowed` (ties broken by the rng), counted as used."""
        low = min(self.used[k] for k in allowed)
        pick = self.rng.choice([k for k in allowed if self.used[k] == low])
        self.used[pick] += 1
        return pick

    def cred(self, kind: str) -> V:
        """The bare value of credential `kind` (what the label covers), its secret the whole value or the part
        a leak exposes."""
        text, secret = _CRED[kind](self.rng)
        return V(text, CREDENTIAL, kind, secret if secret != text else None)

    def password(self, specials: str = "!#%*-_.?+@$") -> str:
        r = self.rng
        word = r.choice(("Winter", "Falcon", "Harbor", "Quartz", "Maple", "Tango", "Orbit", "Cobalt", "Saffron", "Lumen",
                         "Pyrite", "Nimbus", "Zephyr", "Kestrel", "Sommer", "Printemps", "Verano", "Zomer"))
        pw = word + rand(r, DIGITS, r.randrange(2, 5)) + r.choice(specials) + rand(r, string.ascii_letters + DIGITS, r.randrange(3, 7))
        return pw if r.random() < 0.6 else rand(r, B62, 6) + r.choice(specials) + rand(r, B62, r.randrange(8, 14))

    def digits(self, n: int) -> str:
        return self.rng.choice("123456789") + rand(self.rng, DIGITS, n - 1)

    def b64(self, nbytes: int) -> str:
        return base64.b64encode(bytes(self.rng.randrange(256) for _ in range(nbytes))).decode()

    # --- hard negatives ----------------------------------------------------------------------

    def guid(self) -> N:
        h = rand(self.rng, HEX, 32)
        return N(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.rng.choice('89ab')}{h[17:20]}-{h[20:]}", "guid", "azure_openai_key")

    def sha1(self) -> N:
        return N(rand(self.rng, HEX, 40), "sha1", "aws_secret_key")

    def sha256(self) -> N:
        return N(rand(self.rng, HEX, 64), "sha256", "CREDENTIAL")

    def md5(self) -> N:
        return N(rand(self.rng, HEX, 32), "md5", "azure_openai_key")

    def cve(self) -> N:
        return N(f"CVE-20{self.rng.randrange(14, 26)}-{self.rng.randrange(1000, 52000)}", "cve", "PHONE_NUMBER")

    def version(self) -> N:
        r = self.rng
        return N(f"{r.randrange(1, 20)}.{r.randrange(0, 60)}.{r.randrange(0, 30)}.{r.randrange(0, 9999)}", "version", "IP_ADDRESS")

    def oid(self) -> N:
        return N(self.rng.choice(("1.3.6.1.4.1.311.21.7", "1.2.840.113549.1.1.11", "2.5.29.37", "1.3.6.1.5.5.7.3.2",
                                  "1.3.6.1.4.1.311.20.2.2", "2.5.4.3", "1.3.6.1.2.1.1.5.0", "1.2.840.10045.2.1")), "oid", "IP_ADDRESS")

    def mac(self) -> N:
        sep = self.rng.choice((":", "-"))
        return N(sep.join(rand(self.rng, "0123456789ABCDEF", 2) for _ in range(6)), "mac_address", "IP_ADDRESS")

    def pid(self) -> N:
        return N(str(self.rng.randrange(1000, 65000)), "process_id", "PHONE_NUMBER")

    def event_id(self) -> N:
        return N(self.rng.choice(("4624", "4625", "4688", "4720", "4732", "7045", "1102", "4698", "4769")), "event_id", "PHONE_NUMBER")

    def ticket(self) -> N:
        r = self.rng
        return N(r.choice((f"INC{r.randrange(1000000, 9999999)}", f"SIR-{r.randrange(10000, 99999)}", f"SEC-{r.randrange(1000, 9999)}",
                           f"CASE-{r.randrange(2024, 2026)}-{r.randrange(100000, 999999)}")), "ticket", "PHONE_NUMBER")

    def long_ticket(self) -> N:
        return N(f"{self.rng.randrange(2024, 2026)}{rand(self.rng, DIGITS, 8)}", "case_number", "PHONE_NUMBER")

    def timestamp(self) -> str:
        r = self.rng
        return f"2025-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}T{r.randrange(24):02d}:{r.randrange(60):02d}:{r.randrange(60):02d}Z"

    def epoch(self) -> N:
        return N(str(self.rng.randrange(1735000000, 1765000000)), "epoch", "PHONE_NUMBER")

    def luhn_fail(self) -> N:
        while True:
            d = self.rng.choice("3456") + rand(self.rng, DIGITS, 15)
            if not luhn_valid(d):
                return N(_layout_card(d, self.rng.choice(("spaced", "plain", "dashed"))), "luhn_fail", "CREDIT_CARD")

    def bad_iban(self) -> N:
        good = self.iban(grouped=False).text
        digit = str((int(good[-1]) + self.rng.randrange(1, 9)) % 10) if good[-1].isdigit() else "7"
        bad = good[:-1] + digit
        if iban_valid(bad):
            bad = good[:-2] + str((int(good[-2]) + 1) % 10) + good[-1] if good[-2].isdigit() else good[:4] + "0" + good[5:]
        grouped = " ".join(bad[i:i + 4] for i in range(0, len(bad), 4))
        return N(grouped if self.rng.random() < 0.5 else bad, "bad_iban", "IBAN_CODE")

    def bad_ssn(self) -> N:
        r = self.rng
        return N(r.choice((f"000-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}", f"666-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}",
                           f"9{r.randrange(10, 99)}-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}",
                           f"{r.randrange(100, 899)}-00-{r.randrange(1000, 9999)}", "078-05-1120")), "bad_ssn", "US_SSN")

    def masked_card(self) -> N:
        tail = rand(self.rng, DIGITS, 4)
        return N(self.rng.choice((f"****{tail}", f"**** **** **** {tail}", f"XXXX-XXXX-XXXX-{tail}", f"{rand(self.rng, DIGITS, 6)}******{tail}")),
                 "masked", "CREDIT_CARD")

    def masked(self, mimics: str = "CREDENTIAL") -> N:
        r = self.rng
        return N(r.choice((f"ghp_****{rand(r, B62, 4)}", f"AKIA************{rand(r, UPPER32, 4)}", f"sk-...{rand(r, B62, 4)}",
                           f"xoxb-****-****-{rand(r, B62, 4)}", f"{rand(r, B62, 4)}************************")), "masked", mimics)

    def placeholder(self, mimics: str = "CREDENTIAL") -> N:
        return N(self.rng.choice(("<REDACTED>", "[token]", "${{ secrets.DEPLOY_TOKEN }}", "****", "<your-api-key>", "$(KEYVAULT_SECRET)",
                                  "REPLACE_ME", "[REDACTED]", "{{ vault_password }}", "%SERVICE_PASSWORD%")), "placeholder", mimics)

    def aws_example(self) -> N:
        return N(self.rng.choice(("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")), "documented_example", "aws_access_key_id")

    def doc_ip(self) -> N:
        r = self.rng
        return N(r.choice((f"192.0.2.{r.randrange(1, 255)}", f"198.51.100.{r.randrange(1, 255)}", f"203.0.113.{r.randrange(1, 255)}",
                           f"2001:db8::{r.randrange(1, 0xffff):x}")), "doc_ip", "IP_ADDRESS")

    def example_email(self) -> N:
        return N(f"{self.rng.choice(('jdoe', 'alice', 'user', 'analyst', 'bob'))}@example.{self.rng.choice(('com', 'org', 'net'))}",
                 "example_email", "EMAIL_ADDRESS")

    def system_email(self) -> N:
        return N(self.rng.choice(("no-reply@sharepointonline.com", "noreply@github.com", "no-reply@sentinel.azure.com",
                                  "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com", "postmaster@outlook.com",
                                  "noreply@splunkcloud.com", "mailer-daemon@googlemail.com", "notifications@pagerduty.com")),
                 "system_email", "EMAIL_ADDRESS")

    def message_id(self) -> N:
        r = self.rng
        return N(f"{rand(r, string.ascii_uppercase + DIGITS, 16)}.{r.randrange(100000, 999999)}@{r.choice(('mail.gmail.com', 'mx.secure-m365-login.com', 'EUR05-VI1-obe.outbound.protection.outlook.com', 'smtp.docusign-review.net'))}",
                 "message_id", "EMAIL_ADDRESS")

    def fict_phone(self) -> N:
        r = self.rng
        return N(r.choice((f"+1 {r.randrange(201, 989)}-555-01{r.randrange(10, 99)}", f"({r.randrange(201, 989)}) 555-01{r.randrange(10, 99)}")),
                 "fict_phone", "PHONE_NUMBER")

    def defanged_ip(self) -> N:
        ip = self.ipv4(private=False).text.split(".")
        return N(self.rng.choice((f"{ip[0]}.{ip[1]}.{ip[2]}[.]{ip[3]}", f"{ip[0]}[.]{ip[1]}[.]{ip[2]}[.]{ip[3]}")), "defanged", "IP_ADDRESS")

    def defanged_url(self) -> N:
        dom = self.rng.choice(ATTACKER_DOMAINS).replace(".", "[.]")
        return N(self.rng.choice((f"hxxps://{dom}/auth/login.php", f"hxxp://{dom}/inv/{rand(self.rng, B62, 8)}", dom)), "defanged", "EMAIL_ADDRESS")

    def defanged_email(self) -> N:
        dom = self.rng.choice(ATTACKER_DOMAINS).replace(".", "[.]")
        return N(f"{self.rng.choice(('billing', 'security', 'hr-notice'))}[@]{dom}", "defanged", "EMAIL_ADDRESS")

    def port(self) -> str:
        return self.rng.choice(("22", "443", "3389", "445", "8080", "8443", "5985", "1433", "3306", "6379", "9200", "21"))


def _ascii(text: str) -> str:
    text = text.translate(str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "æ": "ae", "ß": "ss", "ı": "i"}))
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _layout_card(digits: str, layout: str) -> str:
    if layout == "plain":
        return digits
    sep = " " if layout == "spaced" else "-"
    if len(digits) == 15:
        parts = [digits[:4], digits[4:10], digits[10:]]
    elif len(digits) == 14:
        parts = [digits[:4], digits[4:10], digits[10:]]
    else:
        parts = [digits[i:i + 4] for i in range(0, len(digits), 4)]
    return sep.join(parts)


# --- credential formats (value, secret) ------------------------------------------------------------------


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _github(r: random.Random) -> tuple[str, str]:
    if r.random() < 0.2:
        t = f"github_pat_11{rand(r, UPPER32, 9)}0{rand(r, B62, 10)}_{rand(r, B62, 59)}"
        return t, t
    body = rand(r, B62, 30)
    t = f"{r.choice(('ghp', 'ghp', 'gho', 'ghs', 'ghu'))}_{body}{crc32_base62(body)}"
    return t, t


def _npm(r: random.Random) -> tuple[str, str]:
    body = rand(r, B62, 30)
    return f"npm_{body}{crc32_base62(body)}", f"npm_{body}{crc32_base62(body)}"


def _slack(r: random.Random) -> tuple[str, str]:
    t = r.choice((f"xoxb-{rand(r, DIGITS, 12)}-{rand(r, DIGITS, 13)}-{rand(r, B62, 24)}",
                  f"xoxp-{rand(r, DIGITS, 12)}-{rand(r, DIGITS, 12)}-{rand(r, DIGITS, 13)}-{rand(r, HEX, 32)}",
                  f"xapp-1-A{rand(r, UPPER32, 10)}-{rand(r, DIGITS, 13)}-{rand(r, HEX, 64)}"))
    return t, t


def _slack_webhook(r: random.Random) -> tuple[str, str]:
    tail = rand(r, B62, 24)
    return f"https://hooks.slack.com/services/T{rand(r, UPPER32, 8)}/B{rand(r, UPPER32, 10)}/{tail}", tail


def _annotated(r: random.Random, tag: str) -> str:
    return rand(r, B62, 52) + "JQQJ99" + r.choice(("BAC", "ALA", "BAE")) + tag + rand(r, B62, 19)


def _storage(r: random.Random) -> str:
    return base64.b64encode(bytes(r.randrange(256) for _ in range(64))).decode()


def _sas(r: random.Random) -> tuple[str, str]:
    sig = base64.b64encode(bytes(r.randrange(256) for _ in range(32))).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return (f"sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-0{r.randrange(1, 9)}-{r.randrange(10, 28)}T17:00:00Z"
            f"&st=2025-0{r.randrange(1, 9)}-01T09:00:00Z&spr=https&sig={sig}", sig)


def _conn(r: random.Random) -> tuple[str, str]:
    pw = Values(r, Counter()).password("!#%*-_.?")
    key = _storage(r)
    return r.choice((
        (f"Server=tcp:sql-{r.choice(('siem', 'fraud', 'crm'))}-prod.database.windows.net,1433;Initial Catalog=cases;"
         f"User ID=svc_{r.choice(('soar', 'etl', 'triage'))};Password={pw};Encrypt=True;", pw),
        (f"DefaultEndpointsProtocol=https;AccountName=st{r.choice(('soclogs', 'irevidence', 'forensics'))}{rand(r, DIGITS, 2)};"
         f"AccountKey={key};EndpointSuffix=core.windows.net", key),
        (f"Host=pg-{r.choice(('cases', 'alerts'))}.internal;Port=5432;Database=soar;Username=soar_app;Password={pw}", pw),
        (f"Endpoint=sb://evh-{r.choice(('sentinel', 'alerts', 'defender'))}-weu.servicebus.windows.net/;SharedAccessKeyName="
         f"{r.choice(('RootManageSharedAccessKey', 'listen', 'send-siem'))};SharedAccessKey={key[:43]}=", key[:43] + "="),
    ))


def _jwt(r: random.Random) -> tuple[str, str]:
    header = {"alg": r.choice(("RS256", "HS256")), "typ": "JWT"}
    if header["alg"] == "RS256":
        header["kid"] = rand(r, URLSAFE, 27)
    payload = {"aud": r.choice(("api://soar-prod", "https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000")),
               "iss": f"https://sts.windows.net/{rand(r, HEX, 8)}-{rand(r, HEX, 4)}-{rand(r, HEX, 4)}-{rand(r, HEX, 4)}-{rand(r, HEX, 12)}/",
               "iat": r.randrange(1735000000, 1760000000), "name": "svc", "scp": "User.Read Mail.Read",
               "upn": f"{r.choice(('m.okafor', 'j.lindqvist', 'a.haddad'))}@contoso.com"}
    payload["exp"] = payload["iat"] + 3600
    t = (f"{_b64u(json.dumps(header, separators=(',', ':')).encode())}.{_b64u(json.dumps(payload, separators=(',', ':')).encode())}"
         f".{_b64u(bytes(r.randrange(256) for _ in range(r.choice((32, 256)))))}")
    return t, t


def _pem(r: random.Random) -> tuple[str, str]:
    body = base64.b64encode(bytes(r.randrange(256) for _ in range(r.choice((600, 900))))).decode()
    kind = r.choice(("RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"))
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    text = f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"
    return text, lines[1]


def _pw(r: random.Random) -> tuple[str, str]:
    p = Values(r, Counter()).password()
    return p, p


def _pw_url(r: random.Random) -> tuple[str, str]:
    p = Values(r, Counter()).password("-_.!*~")
    return p, p


def _pw_shell(r: random.Random) -> tuple[str, str]:
    p = Values(r, Counter()).password("#%-_.+@")
    return p, p


def _openai(r: random.Random) -> tuple[str, str]:
    t = r.choice((f"sk-proj-{rand(r, URLSAFE, 74)}T3BlbkFJ{rand(r, URLSAFE, 74)}", f"sk-{rand(r, B62, 20)}T3BlbkFJ{rand(r, B62, 20)}",
                  f"sk-svcacct-{rand(r, URLSAFE, 58)}T3BlbkFJ{rand(r, URLSAFE, 58)}"))
    return t, t


def _entra(r: random.Random) -> tuple[str, str]:
    t = f"{rand(r, B62, 3)}{r.randrange(10)}Q~{rand(r, B62 + '_.~-', 34)}"
    return t, t


def _twilio(r: random.Random) -> tuple[str, str]:
    t = r.choice((f"SK{rand(r, HEX, 32)}", rand(r, HEX, 32)))
    return t, t


def _mailgun(r: random.Random) -> tuple[str, str]:
    t = r.choice((f"key-{rand(r, HEX, 32)}", f"{rand(r, HEX, 32)}-{rand(r, HEX, 8)}-{rand(r, HEX, 8)}"))
    return t, t


def _same(fn):  # noqa: ANN001, ANN202
    def make(r: random.Random) -> tuple[str, str]:
        t = fn(r)
        return t, t
    return make


_CRED = {
    "github_token": _github,
    "npm_token": _npm,
    "slack_token": _slack,
    "slack_webhook": _slack_webhook,
    "gitlab_token": _same(lambda r: f"glpat-{rand(r, URLSAFE, 20)}"),
    "stripe_key": _same(lambda r: f"{r.choice(('sk_live_', 'rk_live_'))}{rand(r, B62, r.choice((24, 99)))}"),
    "google_api_key": _same(lambda r: f"AIza{rand(r, URLSAFE, 35)}" if r.random() < 0.8 else f"GOCSPX-{rand(r, URLSAFE, 28)}"),
    "azure_devops_pat": _same(lambda r: _annotated(r, "AZDO") if r.random() < 0.5 else rand(r, "abcdefghijklmnopqrstuvwxyz234567", 52)),
    "sendgrid_key": _same(lambda r: f"SG.{rand(r, URLSAFE, 22)}.{rand(r, URLSAFE, 43)}"),
    "azure_storage_key": _same(_storage),
    "connection_string": _conn,
    "sas_token": _sas,
    "azure_openai_key": _same(lambda r: _annotated(r, "ACOG") if r.random() < 0.4 else rand(r, HEX, 32)),
    "azure_ai_key_no_keyword": _same(lambda r: _annotated(r, "ACOG") if r.random() < 0.6 else rand(r, HEX, 32)),
    "openai_key": _openai,
    "aws_access_key_id": _same(lambda r: r.choice(("AKIA", "ASIA")) + rand(r, UPPER32, 16)),
    "aws_secret_key": _same(lambda r: rand(r, B64, 40)),
    "jwt": _jwt,
    "bearer_token": _same(lambda r: r.choice((rand(r, URLSAFE, 43), "EwB" + rand(r, B64, 120), rand(r, B62, 40)))),
    "private_key": _pem,
    "password_kv": _pw, "password_cli": _pw_shell, "password_ctor": _pw, "password_prose": _pw, "password_yaml": _pw,
    "password_url": _pw_url,
    "anthropic_key": _same(lambda r: f"sk-ant-api03-{rand(r, URLSAFE, 93)}AA"),
    "entra_client_secret": _entra,
    "cosmos_key": _same(_storage),
    "twilio_key": _twilio,
    "mailgun_key": _mailgun,
    "pypi_token": _same(lambda r: "pypi-AgEIcHlwaS5vcmc" + rand(r, URLSAFE, r.choice((150, 178)))),
    "huggingface_token": _same(lambda r: "hf_" + rand(r, string.ascii_letters, 34)),
}
assert set(_CRED) == set(CRED_KINDS)
