"""The fifteenth corpus's values: people of a multinational bank / insurer / telco / clinic workforce and
their customers, checksum-valid PII (Luhn cards of eight brands in several writings, mod-97 IBANs of 19
countries, issuable SSNs, libphonenumber-valid phones of 21 regions, private and public IPv4 / IPv6), every
credential kind the harness scores (picked least-used-first) and the look-alikes a screener meets in
regulated back offices: policy, claim, member and case numbers, BIC, sort and routing codes, NPI-like ids,
masked values, test cards, example IBANs, unissuable SSNs, 555-01xx phones, documentation addresses."""

from __future__ import annotations

import base64
import json
import random
import string
import unicodedata
from collections import Counter

import phonenumbers

from tests.dlp_eval import checksums
from tests.dlp_eval.corpus import N, V
from tests.dlp_eval.corpus_checks import is_issuable_ssn, valid_phone

DIGITS = string.digits
HEX = "0123456789abcdef"
B62 = string.ascii_letters + string.digits
B64 = B62 + "+/"
URLSAFE = B62 + "-_"
B32 = "abcdefghijklmnopqrstuvwxyz234567"
UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

PERSON = "PERSON"

# Where a phone written in national form is read; the first region that finds it valid wins.
PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "PL", "SE", "PT", "BE", "CH", "AT", "IE", "DK", "NO",
                 "AU", "BR", "MX", "IN", "CA")

CREDENTIAL_KINDS = (
    "github_token", "slack_token", "slack_webhook", "gitlab_token", "stripe_key", "google_api_key", "npm_token",
    "azure_devops_pat", "sendgrid_key", "azure_storage_key", "connection_string", "sas_token", "azure_openai_key",
    "azure_ai_key_no_keyword", "openai_key", "aws_access_key_id", "aws_secret_key", "jwt", "bearer_token", "private_key",
    "password_kv", "password_cli", "password_ctor", "password_prose", "password_yaml", "password_url",
    "anthropic_key", "entra_client_secret", "cosmos_key", "twilio_key", "mailgun_key", "pypi_token", "huggingface_token",
)


def luhn_valid(number: str) -> bool:
    """Card digits (spaces, dashes and dots dropped), 12 to 19 of them, passing Luhn."""
    digits = "".join(c for c in number if c.isdigit())
    return 12 <= len(digits) <= 19 and checksums.luhn_valid(digits)


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    return len(compact) >= 15 and compact[:2].isalpha() and checksums.iban_valid(compact)


def base62_checksum_valid(token: str) -> bool:
    return checksums.base62_checksum_valid(token)


def rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


# --- people -------------------------------------------------------------------------------------

FIRST = ("Anna", "Jonas", "Léa", "Mathéo", "Sofía", "Alejandro", "Giulia", "Matteo", "Inês", "João", "Sanne", "Daan",
         "Zofia", "Łukasz", "Astrid", "Björn", "Siobhán", "Cian", "Priya", "Arjun", "Mei", "Hiroshi", "Fatima", "Omar",
         "Grace", "Daniel", "Olivia", "Marcus", "Chloé", "Nikolaj", "Ingrid", "Tomasz", "Małgorzata", "Renée", "Kwame",
         "Amara", "Ravi", "Lucía", "Francesca", "Henrik", "Aoife", "Dmitri", "Elif", "Yusuf", "Camille", "Bruno",
         "Heloísa", "Wiebke", "Jürgen", "Noémie", "Carmen", "Sebastián", "Agnieszka", "Linnea", "Thiago", "Maud")
LAST = ("Schneider", "Fischer", "Dubois", "Lefèvre", "García", "Moreno", "Rossi", "Bianchi", "Ferreira", "Santos",
        "de Vries", "Jansen", "Nowak", "Wiśniewski", "Lindqvist", "Johansson", "O'Sullivan", "Byrne", "Sharma", "Patel",
        "Chen", "Tanaka", "Haddad", "Al-Masri", "Thompson", "Okafor", "Bennett", "Kowalczyk", "Nørgaard", "Eriksen",
        "Müller", "Öztürk", "Mensah", "Achterberg", "Castellanos", "Van den Berg", "Lopes", "Ribeiro", "Kaczmarek",
        "Sandberg", "Gallagher", "Marchetti", "Brennan", "Whitfield", "Abara", "Nakamura", "Petrović", "Hoffmann",
        "Laurent", "Duarte")

# Capitalised words that are not people: products, teams, departments, companies, cities, months.
NOT_PEOPLE = ("Claims Desk", "Payroll Ops", "Salesforce", "ServiceNow", "Guidewire", "Temenos", "Workday", "SAP Concur",
              "Epic", "Genesys", "Zendesk", "Frankfurt", "Lisbon", "Rotterdam", "Kraków", "Gothenburg", "Milan",
              "Accounts Payable", "Member Services", "Fraud Ops", "Contoso Bank", "Fabrikam Mutual", "Northwind Telecom",
              "Tailspin Health", "Adatum Retail", "March", "September", "Kubernetes", "Grafana", "Splunk", "Okta")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII for a mail address: accents dropped, ł and ø written l and o, apostrophes gone."""
    text = text.lower().replace("ł", "l").replace("ø", "o").replace("'", "")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class Values:
    """Values for one text; `used` is shared across the corpus, so credential kinds, card brands, IBAN countries
    and phone regions are picked least-used-first."""

    def __init__(self, rng: random.Random, used: Counter[str]) -> None:
        self.rng = rng
        self.used = used

    # -- picking ---------------------------------------------------------------------------------

    def least(self, group: str, options: tuple[str, ...] | list[str]) -> str:
        low = min(self.used[f"{group}:{o}"] for o in options)
        pick = self.rng.choice([o for o in options if self.used[f"{group}:{o}"] == low])
        self.used[f"{group}:{pick}"] += 1
        return pick

    def pick(self, *options: object):  # noqa: ANN201
        return self.rng.choice(options)

    # -- people and contact ----------------------------------------------------------------------

    def names(self) -> tuple[str, str]:
        return self.rng.choice(FIRST), self.rng.choice(LAST)

    def person(self, lower: bool = False) -> V:
        first, last = self.names()
        text = f"{first} {last}"
        return V(text.lower() if lower else text, PERSON, PERSON)

    def first(self) -> V:
        return V(self.rng.choice(FIRST), PERSON, PERSON)

    def email(self, person: V | None = None) -> V:
        if person is not None and " " in person.text:
            first, last = person.text.split(" ", 1)
        else:
            first, last = self.names()
        first, last = ascii_fold(first), ascii_fold(last).replace(" ", "")
        local = self.pick(f"{first}.{last}", f"{first[0]}{last}", f"{first}_{last}{self.rng.randrange(10, 99)}",
                          f"{last}.{first[0]}")
        domain = self.pick("contoso-bank.eu", "fabrikam-mutual.de", "northwind-telecom.co.uk", "tailspin-health.org",
                           "adatum-retail.fr", "gmail.com", "outlook.com", "web.de", "orange.fr", "libero.it",
                           "telefonica.net", "sapo.pt", "ziggo.nl", "wp.pl", "telia.se", "hotmail.es", "icloud.com",
                           "payroll.woodgrove.com", "claims.relecloud.ie")
        return V(f"{local}@{domain}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def phone(self, region: str | None = None, form: str | None = None) -> V:
        region = region or self.least("phone", PHONE_REGIONS)
        for attempt in range(200):
            num = self._phone_number(region)
            if num is None:
                continue
            f = form or self.pick("national", "international", "international", "e164")
            if attempt > 20 and f == "national":  # read as another region's number: write it with its country code
                f = "international"
            fmt = {"national": phonenumbers.PhoneNumberFormat.NATIONAL,
                   "international": phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                   "e164": phonenumbers.PhoneNumberFormat.E164}[f]
            text = phonenumbers.format_number(num, fmt)
            back = valid_phone(text, PHONE_REGIONS)
            if back is not None and phonenumbers.region_code_for_number(back) == region:
                return V(text, "PHONE_NUMBER", "PHONE_NUMBER")
        raise AssertionError(region)

    def _phone_number(self, region: str) -> phonenumbers.PhoneNumber | None:
        cc = phonenumbers.country_code_for_region(region)
        if region in ("US", "CA"):
            area = self.pick(*(("212", "415", "312", "617", "206", "303", "404", "512", "713") if region == "US"
                               else ("416", "604", "514", "403", "613")))
            exch = str(self.rng.randrange(200, 1000))
            if exch == "555" or exch[1:] == "11":
                return None
            national = area + exch + rand(self.rng, DIGITS, 4)
        else:
            kind = self.pick(phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
            ex = phonenumbers.example_number_for_type(region, kind)
            if ex is None:
                return None
            base = str(ex.national_number)
            keep = max(2, len(base) - 6)
            national = base[:keep] + rand(self.rng, DIGITS, len(base) - keep)
        num = phonenumbers.PhoneNumber(country_code=cc, national_number=int(national))
        if region == "IT" and national.startswith("0"):
            num.italian_leading_zero = True
        if not phonenumbers.is_valid_number(num) or phonenumbers.region_code_for_number(num) != region:
            return None
        for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            ex = phonenumbers.example_number_for_type(region, t)
            if ex is not None and ex.national_number == num.national_number:
                return None
        return num

    # -- cards -----------------------------------------------------------------------------------

    BRANDS = ("visa", "mastercard", "mastercard2", "amex", "discover", "jcb", "diners", "maestro")

    def card(self, brand: str | None = None, style: str | None = None) -> V:
        brand = brand or self.least("brand", self.BRANDS)
        r = self.rng
        prefix, length = {
            "visa": (lambda: "4" + rand(r, DIGITS, 5), 16),
            "mastercard": (lambda: str(r.randrange(51, 56)) + rand(r, DIGITS, 4), 16),
            "mastercard2": (lambda: str(r.randrange(2221, 2721)) + rand(r, DIGITS, 2), 16),
            "amex": (lambda: r.choice(("34", "37")) + rand(r, DIGITS, 4), 15),
            "discover": (lambda: r.choice(("6011", "65" + rand(r, DIGITS, 2), str(r.randrange(644, 650)) + "0")) + "12", 16),
            "jcb": (lambda: str(r.randrange(3528, 3590)) + rand(r, DIGITS, 2), 16),
            "diners": (lambda: r.choice(("36", "38", str(r.randrange(300, 306)) + "0")) + rand(r, DIGITS, 2), 14),
            "maestro": (lambda: r.choice(("5018", "5020", "5038", "6304", "6759")) + rand(r, DIGITS, 2), 16),
        }[brand]
        while True:
            head = prefix()
            digits = checksums.luhn_complete(head + rand(r, DIGITS, length - len(head) - 1))
            if not digits.startswith(("4111", "5555", "4242", "3782", "6011111", "3056930")):
                break
        return V(self.write_card(digits, style), "CREDIT_CARD", "CREDIT_CARD")

    def write_card(self, digits: str, style: str | None = None) -> str:
        style = style or self.least("cardstyle", ("space", "dash", "compact", "space", "dot"))
        if len(digits) == 15:
            groups = [digits[:4], digits[4:10], digits[10:]]
        elif len(digits) == 14:
            groups = [digits[:4], digits[4:10], digits[10:]]
        else:
            groups = [digits[i:i + 4] for i in range(0, len(digits), 4)]
        return {"space": " ", "dash": "-", "dot": ".", "compact": ""}[style].join(groups)

    # -- IBANs -----------------------------------------------------------------------------------

    IBAN_BBAN = {
        "DE": "n18", "FR": "n23", "ES": "n20", "IT": "a1n22", "NL": "bNL", "BE": "be", "AT": "n16", "CH": "n17",
        "PT": "n21", "PL": "n24", "SE": "n20", "GB": "bGB", "IE": "bIE", "DK": "n14", "NO": "n11", "FI": "n14",
        "LU": "n16", "CZ": "n20", "HR": "n17",
    }

    def iban(self, country: str | None = None, style: str | None = None) -> V:
        country = country or self.least("iban", tuple(self.IBAN_BBAN))
        bban = self.bban(country)
        check = checksums.iban_check_digits(country, bban)
        compact = country + check + bban
        style = style or self.pick("grouped", "grouped", "compact", "compact", "lower")
        text = {"grouped": " ".join(compact[i:i + 4] for i in range(0, len(compact), 4)),
                "compact": compact, "lower": compact.lower()}[style]
        return V(text, "IBAN_CODE", "IBAN_CODE")

    def bban(self, country: str) -> str:
        spec = self.IBAN_BBAN[country]
        r = self.rng
        if spec == "bNL":
            return r.choice(("ABNA", "RABO", "INGB", "SNSB", "TRIO")) + rand(r, DIGITS, 10)
        if spec == "bGB":
            return r.choice(("NWBK", "BARC", "LOYD", "HBUK", "MIDL")) + rand(r, DIGITS, 14)
        if spec == "bIE":
            return r.choice(("AIBK", "BOFI", "IPBS")) + rand(r, DIGITS, 14)
        if spec == "be":
            head = rand(r, DIGITS, 10)
            return head + f"{int(head) % 97 or 97:02d}"
        if spec == "a1n22":
            return r.choice(string.ascii_uppercase) + rand(r, DIGITS, 22)
        return rand(r, DIGITS, int(spec[1:]))

    # -- SSN, IP ---------------------------------------------------------------------------------

    def ssn(self, style: str | None = None) -> V:
        while True:
            a, g, s = self.rng.randrange(1, 900), self.rng.randrange(1, 100), self.rng.randrange(1, 10000)
            text = f"{a:03d}-{g:02d}-{s:04d}"
            if is_issuable_ssn(text) and text not in ("078-05-1120", "219-09-9999", "123-45-6789"):
                break
        style = style or self.pick("dash", "dash", "space", "compact")
        text = {"dash": text, "space": text.replace("-", " "), "compact": text.replace("-", "")}[style]
        return V(text, "US_SSN", "US_SSN")

    def ipv4(self, private: bool | None = None) -> V:
        r = self.rng
        if private if private is not None else r.random() < 0.6:
            text = r.choice((f"10.{r.randrange(0, 255)}.{r.randrange(0, 255)}.{r.randrange(2, 254)}",
                             f"172.{r.randrange(16, 32)}.{r.randrange(0, 255)}.{r.randrange(2, 254)}",
                             f"192.168.{r.randrange(0, 255)}.{r.randrange(2, 254)}"))
        else:
            text = r.choice((f"81.{r.randrange(0, 255)}.{r.randrange(0, 255)}.{r.randrange(2, 254)}",
                             f"185.{r.randrange(0, 255)}.{r.randrange(0, 255)}.{r.randrange(2, 254)}",
                             f"52.{r.randrange(0, 255)}.{r.randrange(0, 255)}.{r.randrange(2, 254)}",
                             f"91.{r.randrange(0, 255)}.{r.randrange(0, 255)}.{r.randrange(2, 254)}"))
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self) -> V:
        r = self.rng
        groups = [rand(r, HEX, r.randrange(1, 5)).lstrip("0") or "0" for _ in range(4)]
        text = r.choice((f"2a01:{r.randrange(0x100, 0xfff):x}:" + ":".join(groups) + "::" + rand(r, HEX, 3).lstrip("0") + "1",
                         f"fd{rand(r, HEX, 2)}:" + ":".join(groups[:3]) + "::" + rand(r, HEX, 2) + "1",
                         f"2603:10a6:{':'.join(groups)}:{rand(r, HEX, 4)}:{rand(r, HEX, 4)}"))
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> V:
        return self.ipv6() if self.rng.random() < 0.25 else self.ipv4()

    # -- hard negatives --------------------------------------------------------------------------

    def policy(self) -> N:
        return N(self.pick(f"POL-{self.rng.randrange(10**7, 10**8)}", f"HH{self.rng.randrange(10**8, 10**9)}",
                           f"{self.rng.randrange(100, 999)}-{self.rng.randrange(10**6, 10**7)}-{self.rng.randrange(10, 99)}"),
                 "policy_number", "US_SSN")

    def claim(self) -> N:
        return N(self.pick(f"CLM-{self.rng.randrange(2024, 2027)}-{self.rng.randrange(10**5, 10**6)}",
                           f"{self.rng.randrange(10**9, 10**10)}", f"SIN{self.rng.randrange(10**7, 10**8)}"),
                 "claim_number", "PHONE_NUMBER")

    def case(self) -> N:
        return N(self.pick(f"CS{self.rng.randrange(10**7, 10**8)}", f"#{self.rng.randrange(10**5, 10**6)}",
                           f"CASE-{self.rng.randrange(10**5, 10**6)}", f"INC{self.rng.randrange(10**6, 10**7)}"),
                 "case_number", "PHONE_NUMBER")

    def member(self) -> N:
        return N(self.pick(f"MBR{self.rng.randrange(10**8, 10**9)}", f"{rand(self.rng, string.ascii_uppercase, 3)}"
                           f"{self.rng.randrange(10**8, 10**9)}", f"{self.rng.randrange(10**8, 10**9)}-{self.rng.randrange(10, 99)}"),
                 "member_id", "US_SSN")

    def account_ref(self) -> N:
        return N(self.pick(f"{self.rng.randrange(10**7, 10**8)}", f"ACC-{self.rng.randrange(10**9, 10**10)}",
                           f"{self.rng.randrange(1000, 9999)} {self.rng.randrange(1000, 9999)} {self.rng.randrange(10, 99)}"),
                 "account_ref", "CREDIT_CARD")

    def bic(self) -> N:
        return N(self.pick("DEUTDEFFXXX", "BNPAFRPP", "COBADEFF", "INGBNL2A", "RABONL2U", "BCITITMM", "CAIXESBB",
                           "NWBKGB2L", "AIBKIE2D", "ESSESESS", "PKOPPLPW", "BPIPPTPL", "GEBABEBB", "UBSWCHZH80A"),
                 "bic", "IBAN_CODE")

    def sort_code(self) -> N:
        return N(f"{self.rng.randrange(10, 99)}-{self.rng.randrange(10, 99)}-{self.rng.randrange(10, 99)}", "sort_code",
                 "PHONE_NUMBER")

    def routing(self) -> N:
        return N(self.pick("021000021", "026009593", "121000358", "011401533", "322271627", "111000025"), "routing_number",
                 "US_SSN")

    def transit(self) -> N:
        return N(f"{self.rng.randrange(10000, 99999)}-{self.rng.randrange(100, 999)}", "transit_number", "PHONE_NUMBER")

    def npi(self) -> N:
        body = "1" + rand(self.rng, DIGITS, 8)
        return N(body + checksums.luhn_check_digit("80840" + body), "npi", "PHONE_NUMBER")

    def invoice(self) -> N:
        return N(self.pick(f"INV-{self.rng.randrange(2025, 2027)}-{self.rng.randrange(10**4, 10**5)}",
                           f"PO{self.rng.randrange(10**7, 10**8)}", f"45{self.rng.randrange(10**7, 10**8)}",
                           f"SO-{self.rng.randrange(10**6, 10**7)}", f"RMA{self.rng.randrange(10**5, 10**6)}"),
                 "invoice", "PHONE_NUMBER")

    def amount(self) -> N:
        r = self.rng
        return N(self.pick(f"€{r.randrange(10, 9999)},{r.randrange(0, 99):02d}", f"${r.randrange(1, 99)},{r.randrange(100, 999)}.{r.randrange(0, 99):02d}",
                           f"{r.randrange(100, 99999)}.{r.randrange(0, 99):02d} EUR", f"£{r.randrange(10, 5000)}.{r.randrange(0, 99):02d}",
                           f"{r.randrange(1, 40)}.{r.randrange(0, 99):02d}%", f"CHF {r.randrange(100, 9000)}.-",
                           f"{r.randrange(1, 99)} {r.randrange(100, 999)},{r.randrange(0, 99):02d} zł"),
                 "amount", "PHONE_NUMBER")

    def date(self) -> N:
        r = self.rng
        y, m, d = r.randrange(2024, 2027), r.randrange(1, 13), r.randrange(1, 29)
        months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
        return N(self.pick(f"{y}-{m:02d}-{d:02d}", f"{d:02d}.{m:02d}.{y}", f"{m:02d}/{d:02d}/{y}", f"{d} {months[m - 1]} {y}",
                           f"{d:02d}/{m:02d}/{y % 100:02d}", f"{y}{m:02d}{d:02d}"), "date", "PHONE_NUMBER")

    def masked(self, family: str = "CREDIT_CARD") -> N:
        r = self.rng
        tail = rand(r, DIGITS, 4)
        text = {
            "CREDIT_CARD": self.pick(f"**** **** **** {tail}", f"XXXX-XXXX-XXXX-{tail}", f"ending {tail}", f"•••• {tail}",
                                     f"{self.pick('4', '5')}{rand(r, DIGITS, 3)} **** **** {tail}"),
            "US_SSN": self.pick(f"XXX-XX-{tail}", f"***-**-{tail}", f"xxx-xx-{tail}"),
            "IBAN_CODE": f"{self.pick('DE', 'FR', 'NL', 'ES')}** **** **** **** {tail}",
            "PHONE_NUMBER": f"+{self.pick('44', '49', '33', '1')} *** *** {tail}",
        }[family]
        return N(text, "masked", family)

    def luhn_fail(self) -> N:
        while True:
            digits = self.pick("4", "5", "37", "6011") + rand(self.rng, DIGITS, 15)
            digits = digits[:16] if not digits.startswith("37") else digits[:15]
            if not checksums.luhn_valid(digits):
                return N(self.write_card(digits, self.pick("space", "dash", "compact")), "luhn_fail", "CREDIT_CARD")

    def test_card(self) -> N:
        return N(self.pick("4111 1111 1111 1111", "4242 4242 4242 4242", "5555555555554444", "378282246310005",
                           "4000-0566-5566-5556", "6011 1111 1111 1117", "5105 1051 0510 5100"), "test_card", "CREDIT_CARD")

    def example_iban(self) -> N:
        return N(self.pick("DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19", "FR14 2004 1010 0505 0001 3M02 606",
                           "NL91ABNA0417164300", "ES91 2100 0418 4502 0005 1332"), "example_iban", "IBAN_CODE")

    def bad_iban(self) -> N:
        good = self.iban(style=self.pick("grouped", "compact")).text
        compact = good.replace(" ", "")
        wrong = f"{(int(compact[2:4]) + self.rng.randrange(1, 9)) % 100:02d}"
        if wrong in ("00", "01", "99"):
            wrong = "42" if compact[2:4] != "42" else "43"
        text = compact[:2] + wrong + compact[4:]
        if " " in good:
            text = " ".join(text[i:i + 4] for i in range(0, len(text), 4))
        assert not iban_valid(text)
        return N(text, "bad_iban", "IBAN_CODE")

    def bad_ssn(self) -> N:
        r = self.rng
        return N(self.pick(f"000-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}", f"666-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}",
                           f"9{r.randrange(10, 99)}-{r.randrange(70, 99)}-{r.randrange(1000, 9999)}",
                           f"{r.randrange(100, 899)}-00-{r.randrange(1000, 9999)}", "078-05-1120"), "bad_ssn", "US_SSN")

    def fict_phone(self) -> N:
        return N(self.pick(f"({self.pick('212', '310', '415')}) 555-01{self.rng.randrange(0, 100):02d}",
                           f"+1 {self.pick('206', '617')} 555-01{self.rng.randrange(0, 100):02d}",
                           f"555-01{self.rng.randrange(0, 100):02d}"), "fict_phone", "PHONE_NUMBER")

    def example_email(self) -> N:
        return N(f"{self.pick('jane.doe', 'john.smith', 'customer', 'firstname.lastname', 'noreply', 'payroll')}@"
                 f"{self.pick('example.com', 'example.org', 'example.net')}", "example_email", "EMAIL_ADDRESS")

    def doc_ip(self) -> N:
        r = self.rng
        return N(self.pick(f"192.0.2.{r.randrange(1, 255)}", f"198.51.100.{r.randrange(1, 255)}", f"203.0.113.{r.randrange(1, 255)}",
                           f"2001:db8::{rand(r, HEX, 3).lstrip('0') or '1'}", f"2001:db8:{rand(r, HEX, 2)}::1"), "doc_ip", "IP_ADDRESS")

    def version(self) -> N:
        r = self.rng
        return N(self.pick(f"{r.randrange(1, 12)}.{r.randrange(0, 30)}.{r.randrange(0, 20)}.{r.randrange(100, 9999)}",
                           f"v{r.randrange(1, 9)}.{r.randrange(0, 40)}.{r.randrange(0, 20)}"), "version", "IP_ADDRESS")

    def guid(self) -> N:
        r = self.rng
        return N("-".join(rand(r, HEX, n) for n in (8, 4, 4, 4, 12)), "guid", "azure_openai_key")

    def placeholder(self) -> N:
        return N(self.pick("<your-api-key>", "${DB_PASSWORD}", "{{ secrets.SFTP_PASSWORD }}", "changeme", "********",
                           "$(PAYROLL_API_TOKEN)", "<REDACTED>", "@Microsoft.KeyVault(SecretUri=https://kv-claims.vault.azure.net/secrets/sftp-pass/)",
                           "%SEPA_SIGNING_KEY%", "vault:secret/data/payroll#password", "xxxxxxxx"), "placeholder", "password_kv")

    def example_key(self) -> N:
        return N(self.pick("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
                           "xoxb-not-a-real-token", "AIzaSyDUMMY-EXAMPLE-KEY"), "example_key", "aws_access_key_id")

    def not_person(self) -> N:
        return N(self.pick(*NOT_PEOPLE), "not_person", PERSON)

    def company(self) -> N:
        return N(self.pick("Contoso Bank", "Fabrikam Mutual", "Northwind Telecom", "Tailspin Health", "Adatum Retail",
                           "Woodgrove Bank", "Relecloud Insurance"), "not_person", PERSON)

    def word(self) -> N:
        return N(self.pick("pass", "token", "key", "secret", "password reset", "passcode", "Key", "Token"), "code_word",
                 "password_prose")

    def sha(self) -> N:
        return N(rand(self.rng, HEX, 40), "commit_sha", "aws_secret_key")

    def ssh_target(self) -> N:
        return N(f"{self.pick('deploy', 'batch', 'svc_sepa', 'ansible')}@{self.pick('bastion.claims.internal', 'sftp.bank-partner.net', 'jump01.payroll.local')}",
                 "ssh_target", "EMAIL_ADDRESS")

    def id9(self) -> N:
        return N(self.pick(f"{self.rng.randrange(10**8, 10**9)}", f"{self.rng.randrange(10**9, 10**10)}"), "id_number", "US_SSN")

    # -- credentials: (kind, value text, secret) -------------------------------------------------

    def cred_kind(self, allowed: tuple[str, ...] = CREDENTIAL_KINDS) -> str:
        return self.least("cred", allowed)

    def password(self) -> str:
        r = self.rng
        word = r.choice(("Winter", "Ledger", "Harbor", "Claims", "Payroll", "Atlas", "Falcon", "Meridian", "Tulip", "Sommer",
                         "Primavera", "Kestrel", "Granite", "Orchid"))
        return word + r.choice("!#$%*?@&+") + rand(r, DIGITS, r.randrange(2, 5)) + rand(r, string.ascii_letters, r.randrange(2, 5))

    def github_token(self) -> str:
        if self.rng.random() < 0.2:
            return "github_pat_11" + rand(self.rng, UPPER32[:26] + DIGITS, 20) + "_" + rand(self.rng, B62, 59)
        body = rand(self.rng, B62, 30)
        return self.pick("ghp_", "gho_", "ghs_") + body + checksums.crc32_base62(body)

    def npm_token(self) -> str:
        body = rand(self.rng, B62, 30)
        return "npm_" + body + checksums.crc32_base62(body)

    def storage_key(self) -> str:
        return base64.b64encode(self.rng.randbytes(64)).decode()

    def jwt(self) -> str:
        def b64(obj: dict[str, object]) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

        payload = {"sub": str(self.rng.randrange(10**6, 10**7)), "aud": self.pick("payroll-api", "claims-portal", "crm"),
                   "iat": 1760000000 + self.rng.randrange(10**6), "role": self.pick("agent", "supervisor", "batch")}
        sig = base64.urlsafe_b64encode(self.rng.randbytes(32)).decode().rstrip("=")
        return f"{b64({'alg': self.pick('HS256', 'RS256'), 'typ': 'JWT'})}.{b64(payload)}.{sig}"

    def private_key(self, escaped: bool) -> tuple[str, str]:
        kind = self.pick("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY")
        body_raw = base64.b64encode(self.rng.randbytes(self.rng.randrange(180, 260))).decode()
        lines = [body_raw[i:i + 64] for i in range(0, len(body_raw), 64)]
        sep = "\\n" if escaped else "\n"
        body = sep.join(lines)
        return f"-----BEGIN {kind}-----{sep}{body}{sep}-----END {kind}-----", body

    def raw(self, kind: str) -> str:
        """The bare secret of a credential kind (kinds needing context are built in snippets.py)."""
        r = self.rng
        return {
            "github_token": self.github_token,
            "npm_token": self.npm_token,
            "slack_token": lambda: f"{self.pick('xoxb', 'xoxp', 'xoxa')}-{r.randrange(10**10, 10**12)}-{r.randrange(10**10, 10**13)}-{rand(r, B62, 24)}",
            "slack_webhook": lambda: f"https://hooks.slack.com/services/T{rand(r, UPPER32[:26] + DIGITS, 8)}/B{rand(r, UPPER32[:26] + DIGITS, 10)}/{rand(r, B62, 24)}",
            "gitlab_token": lambda: "glpat-" + rand(r, URLSAFE, 20),
            "stripe_key": lambda: self.pick("sk_live_", "rk_live_") + rand(r, B62, self.pick(24, 34, 99)),
            "google_api_key": lambda: "AIza" + rand(r, URLSAFE, 35),
            "azure_devops_pat": lambda: rand(r, B32, 52),
            "sendgrid_key": lambda: "SG." + rand(r, URLSAFE, 22) + "." + rand(r, URLSAFE, 43),
            "azure_storage_key": self.storage_key,
            "cosmos_key": self.storage_key,
            "azure_openai_key": lambda: rand(r, HEX, 32),
            "azure_ai_key_no_keyword": lambda: rand(r, B62, 52) + "JQQJ99" + self.pick("BA", "BF", "BG", "BH", "CA")
            + "ACYeBjFXJ3w3AAAB" + self.pick("ACOG", "ACOG", "AAAB") + rand(r, B62, 4),
            "openai_key": lambda: self.pick("sk-proj-", "sk-", "sk-svcacct-") + rand(r, URLSAFE, 20) + "T3BlbkFJ" + rand(r, URLSAFE, 20),
            "aws_access_key_id": lambda: self.pick("AKIA", "ASIA") + rand(r, UPPER32, 16),
            "aws_secret_key": lambda: rand(r, B64, 40),
            "jwt": self.jwt,
            "bearer_token": lambda: rand(r, URLSAFE, self.pick(36, 40, 48)),
            "anthropic_key": lambda: "sk-ant-api03-" + rand(r, URLSAFE, 93) + "AA",
            "entra_client_secret": lambda: rand(r, B62, 3) + "8Q~" + rand(r, B62 + "_.~-", 34),
            "twilio_key": lambda: "SK" + rand(r, HEX, 32),
            "mailgun_key": lambda: "key-" + rand(r, HEX, 32),
            "pypi_token": lambda: "pypi-AgEIcHlwaS5vcmc" + rand(r, URLSAFE, 70),
            "huggingface_token": lambda: "hf_" + rand(r, string.ascii_letters, 34),
        }[kind]()
