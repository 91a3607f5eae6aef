"""Values for the nineteenth corpus, drawn from a text's own seeded rng with the least-used option first (a Counter
shared by the whole corpus), so credential kinds, card brands, IBAN countries, phone regions and names spread evenly.
Labelled values pass their checks (Luhn, IBAN mod-97, GitHub / npm CRC32 tails, issuable SSNs, phone numbers valid
for libphonenumber and never its example numbers nor NANP 555); hard negatives (N) fail theirs or are codes of
healthcare administration (NPIs, TINs, member and claim ids, ICD-10, CPT, NDC, RxBIN / PCN, HL7 control ids)."""

from __future__ import annotations

import base64
import json
import string

import phonenumbers

from tests.dlp_eval import checksums
from tests.dlp_eval.corpus import N, V
from tests.dlp_eval.value_source import ALNUM, B64URL, DIGITS, HEX, UPPER, ValueSource, iban_valid, rand


B32U = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CRED = "CREDENTIAL"

luhn_valid = checksums.luhn_valid
base62_checksum_valid = checksums.base62_checksum_valid


PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "PT", "BR", "MX", "CA", "IT", "NL", "BE", "CH", "AT", "IE", "PR",
                 "CO", "AR", "IN", "PH", "AU", "JP", "PL", "SE")

# the BBAN layout: n digits, a upper letters, c alphanumerics
IBAN_LAYOUTS = {
    "DE": "18n", "FR": "10n11c2n", "ES": "20n", "PT": "21n", "GB": "4a14n", "NL": "4a10n", "BE": "12n", "IT": "1a10n12c",
    "CH": "5n12c", "AT": "16n", "IE": "4a14n", "PL": "24n", "LU": "3n13c", "SE": "20n", "DK": "14n", "FI": "14n",
    "BR": "23n1a1c",
}
BANKS = {"GB": ("BARC", "LOYD", "NWBK", "HBUK"), "NL": ("ABNA", "RABO", "INGB"), "IE": ("AIBK", "BOFI")}

CARD_BRANDS = ("visa", "mastercard", "mastercard2", "amex", "discover", "jcb", "diners")

NAMES: tuple[tuple[str, str], ...] = (
    ("Ana", "Ruiz"), ("José", "Hernández"), ("María", "González"), ("Luis", "Ramírez"), ("Guadalupe", "Treviño"),
    ("Jamal", "Washington"), ("Keisha", "Robinson"), ("DeShawn", "Carter"), ("Tyrone", "Jefferson"),
    ("Linda", "Kowalski"), ("Robert", "McAllister"), ("Patricia", "O'Brien"), ("Michael", "Schultz"),
    ("Nguyen", "Thi Hoa"), ("Tuan", "Pham"), ("Mei", "Chen"), ("Wei", "Zhang"), ("Hiroshi", "Tanaka"),
    ("Yuki", "Sato"), ("Ji-woo", "Park"), ("Min-jun", "Kim"), ("Priya", "Venkataraman"), ("Rajesh", "Iyer"),
    ("Sunita", "Agarwal"), ("Farhan", "Siddiqui"), ("Aisha", "Abdullahi"), ("Oluwaseun", "Adebayo"),
    ("Chinonso", "Eze"), ("Kofi", "Boateng"), ("Fatima", "Al-Zahra"), ("Omar", "Haddad"), ("Leila", "Nasser"),
    ("Dmitri", "Volkov"), ("Olena", "Shevchenko"), ("Krzysztof", "Wiśniewski"), ("Agnieszka", "Nowak"),
    ("João", "Conceição"), ("Mariana", "Albuquerque"), ("Thiago", "Gonçalves"), ("Beatriz", "Magalhães"),
    ("Jürgen", "Böhm"), ("Sabine", "Krüger"), ("Hélène", "Dubois"), ("François", "Lefèvre"), ("Émilie", "Rousseau"),
    ("Siobhan", "Ní Bhriain"), ("Seán", "Ó Briain"), ("Kalani", "Kahananui"), ("Tala", "Begay"), ("Ximena", "Quispe"),
    ("Giuseppe", "Russo"), ("Chiara", "Esposito"), ("Ingrid", "Johansson"), ("Lars", "Nygård"), ("Ayşe", "Yılmaz"),
    ("Mehmet", "Öztürk"), ("Thandiwe", "Dlamini"), ("Rosa", "Castillo-Vega"), ("Maria del Carmen", "Soto"),
    ("Carlos Alberto", "de la Cruz"), ("Van", "Le"), ("Esperanza", "Villalobos"), ("Dolores", "Ybarra"),
    ("Harold", "Greenbaum"), ("Shirley", "Abernathy"), ("Earl", "Pickett"), ("Gladys", "Moreau"), ("Xiu", "Ying Li"),
)
MIDDLE = "ABCDEFGHJKLMRST"

DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com", "comcast.net",
           "att.net", "protonmail.com", "gmx.de", "orange.fr", "uol.com.br", "hotmail.es", "sapo.pt")
ORG_DOMAINS = ("bluepeakhealth.com", "cascadiacare.org", "meridian-ortho.com", "valleyfamilymed.com",
               "northshorecardiology.net", "lakesidepeds.com", "sunrise-rx.com", "harborimaging.com",
               "medlinkclearing.com", "tri-county-dialysis.org")

PAYERS = ("BluePeak Health Plan", "Cascadia Care Mutual", "Evergreen Medicaid Advantage", "Summit Dental Trust",
          "Pinecrest Employer Benefits")
FACILITIES = ("Mercy General Hospital", "St. Joseph Regional Medical Center", "Lakeside Pediatrics", "Harbor Imaging Center",
              "Valley Family Medicine", "Northshore Cardiology Associates", "Tri-County Dialysis", "Sunrise Pharmacy #0412",
              "Meridian Orthopedics", "Riverbend Behavioral Health")
STREETS = ("1420 Oak Hollow Dr", "88 Pleasant St Apt 3B", "2215 W Grand Ave", "507 Magnolia Ln", "31 Harbor View Rd",
           "9804 N Central Expy Ste 210", "612 Calle del Sol", "47 Birch Ct", "1300 Lincoln Blvd Unit 12",
           "250 Riverside Ter")
CITIES = (("Springfield", "IL", "62704"), ("Tacoma", "WA", "98402"), ("El Paso", "TX", "79912"), ("Worcester", "MA", "01604"),
          ("Tucson", "AZ", "85719"), ("Dayton", "OH", "45402"), ("Fresno", "CA", "93721"), ("Durham", "NC", "27701"),
          ("Boise", "ID", "83702"), ("Allentown", "PA", "18102"))
ICD10 = ("E11.65", "I10", "J45.909", "M54.50", "Z00.00", "F33.1", "N18.4", "K21.9", "E78.5", "O24.419", "S83.241A",
         "C50.911", "G43.909", "R07.9", "Z79.4")
CPT = ("99213", "99214", "99283", "93000", "80053", "71046", "97110", "90837", "36415", "27447", "G0439", "J1885",
       "A0428", "E0601", "90471")
DRUGS = ("Ozempic 1 mg pen", "Humira 40 mg/0.4 mL", "atorvastatin 40 mg", "metformin ER 750 mg", "Eliquis 5 mg",
         "Trulicity 1.5 mg", "sertraline 100 mg", "albuterol HFA", "Jardiance 25 mg", "Dupixent 300 mg")
NANP_AREAS = ("617", "312", "404", "214", "602", "813", "919", "503", "720", "305", "206", "615", "702", "210", "787",
              "916", "412", "651", "971", "248")
PW_CHARS = "!#%*-_.?+@$"


class Values(ValueSource):
    """One text's values."""

    def r(self, alphabet: str, n: int) -> str:
        return rand(self.rng, alphabet, n)

    # --- people ----------------------------------------------------------------------------------

    def person(self) -> tuple[str, str]:
        return self.least("name", NAMES)

    def name(self, style: str = "full", who: tuple[str, str] | None = None) -> V:
        first, last = who or self.person()
        text = {"full": f"{first} {last}", "first": first, "last_first": f"{last}, {first}", "lower": f"{first} {last}".lower(),
                "upper": f"{last.upper()}, {first.upper()}", "title": f"{self.pick(('Mr.', 'Ms.', 'Mrs.', 'Dr.'))} {last}",
                "initial": f"{first} {self.pick(MIDDLE)}. {last}"}[style]
        return V(text, "PERSON", "PERSON")

    def hl7_name(self, who: tuple[str, str] | None = None) -> V:
        first, last = who or self.person()
        mid = f"^{self.pick(MIDDLE)}" if self.chance(0.6) else ""
        return V(f"{last.upper()}^{first.upper()}{mid}", "PERSON", "PERSON")

    def edi_name(self, who: tuple[str, str] | None = None) -> V:
        first, last = who or self.person()
        mid = f"*{self.pick(MIDDLE)}" if self.chance(0.5) else ""
        return V(f"{last.upper()}*{first.upper()}{mid}", "PERSON", "PERSON")

    @staticmethod
    def _ascii(text: str) -> str:
        import unicodedata
        return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and (c.isalnum() or c in " -"))

    def email_of(self, who: tuple[str, str], domain: str | None = None) -> V:
        first, last = (self._ascii(x).lower().replace(" ", "").replace("-", "") for x in who)
        local = self.pick((f"{first}.{last}", f"{first[0]}{last}", f"{first}{last}{self.digits(2)}", f"{last}.{first}",
                           f"{first}_{last}"))
        return V(f"{local}@{domain or self.pick(DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def email(self, org: bool = False) -> V:
        return self.email_of(self.person(), self.pick(ORG_DOMAINS) if org else None)

    def spoken_email(self, who: tuple[str, str]) -> V:
        first, last = (self._ascii(x).lower().replace(" ", "") for x in who)
        dom = self.pick(("gmail", "yahoo", "hotmail", "outlook", "icloud"))
        sep = self.pick((" dot ", " underscore ", ""))
        return V(f"{first}{sep}{last} at {dom} dot com", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    # --- phones ----------------------------------------------------------------------------------

    def _phone_number(self, region: str) -> phonenumbers.PhoneNumber:
        examples = set()
        for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            ex = phonenumbers.example_number_for_type(region, t)
            if ex:
                examples.add(ex.national_number)
        if region in ("US", "CA", "PR"):
            areas = NANP_AREAS if region == "US" else (("416", "604", "514", "403") if region == "CA" else ("787", "939"))
            for _ in range(200):
                exch = str(self.rng.randrange(201, 999))
                if exch == "555" or exch[1:] == "11":
                    continue
                n = phonenumbers.parse(f"+1{self.pick(areas)}{exch}{self.digits(4)}")
                if phonenumbers.is_valid_number(n) and n.national_number not in examples:
                    return n
        ex = phonenumbers.example_number_for_type(region, self.pick((phonenumbers.PhoneNumberType.MOBILE,
                                                                       phonenumbers.PhoneNumberType.FIXED_LINE)))
        base = phonenumbers.national_significant_number(ex)
        for _ in range(2000):
            keep = self.rng.randrange(2, 4)
            cand = base[:keep] + self.digits(len(base) - keep)
            n = phonenumbers.parse(f"+{ex.country_code}{cand}")
            if phonenumbers.is_valid_number(n) and n.national_number not in examples \
                    and phonenumbers.region_code_for_number(n) == region:
                return n
        raise RuntimeError(region)

    def phone(self, region: str | None = None, fmt: str | None = None) -> V:
        region = region or self.least("phone_region", PHONE_REGIONS)
        n = self._phone_number(region)
        fmt = fmt or ("national" if region == "US" and self.chance(0.6) else self.pick(("intl", "intl", "e164")))
        if fmt == "national" and region == "US":
            d = str(n.national_number)
            text = self.pick((f"({d[:3]}) {d[3:6]}-{d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}", f"{d[:3]}.{d[3:6]}.{d[6:]}"))
        elif fmt == "e164":
            text = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
        elif fmt == "digits":
            text = str(n.national_number)
        else:
            text = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return V(text, "PHONE_NUMBER", "PHONE_NUMBER")

    def spoken_phone(self) -> V:
        d = str(self._phone_number("US").national_number)
        text = self.pick((" ".join(d), f"{' '.join(d[:3])}  {' '.join(d[3:6])}  {' '.join(d[6:])}", f"{d[:3]} {d[3:6]} {d[6:]}"))
        return V(text, "PHONE_NUMBER", "PHONE_NUMBER")

    def fict_phone(self) -> N:
        return N(f"({self.pick(NANP_AREAS)}) 555-01{self.digits(2)}", "fict_phone", "PHONE_NUMBER")

    # --- cards -----------------------------------------------------------------------------------

    def card_number(self, brand: str | None = None) -> str:
        brand = brand or self.least("brand", CARD_BRANDS)
        prefix, length = {
            "visa": ("4" + self.digits(2), 16), "mastercard": (str(self.rng.randrange(51, 56)), 16),
            "mastercard2": (str(self.rng.randrange(2221, 2721)), 16), "amex": (self.pick(("34", "37")), 15),
            "discover": (self.pick(("6011", "65", "644")), 16), "jcb": (str(self.rng.randrange(3528, 3590)), 16),
            "diners": (self.pick(("36", "300", "305", "38")), 14)}[brand]
        return checksums.luhn_complete(prefix + self.digits(length - len(prefix) - 1))

    @staticmethod
    def group_card(number: str, sep: str) -> str:
        if len(number) == 15:
            parts = [number[:4], number[4:10], number[10:]]
        elif len(number) == 14:
            parts = [number[:4], number[4:10], number[10:]]
        else:
            parts = [number[i:i + 4] for i in range(0, 16, 4)]
        return sep.join(parts)

    def card(self, brand: str | None = None, style: str | None = None) -> V:
        number = self.card_number(brand)
        style = style or self.least("card_style", ("space", "dash", "plain"))
        text = number if style == "plain" else self.group_card(number, " " if style == "space" else "-")
        return V(text, "CREDIT_CARD", "CREDIT_CARD")

    def spoken_card(self) -> V:
        number = self.card_number(self.pick(("visa", "mastercard", "discover")))
        return V(self.pick((" ".join(number), self.group_card(number, " "))), "CREDIT_CARD", "CREDIT_CARD")

    def luhn_fail(self, length: int = 16) -> N:
        while True:
            number = self.pick(("4", "5", "6", "37")) + self.digits(length - 1)
            number = number[:length]
            if not luhn_valid(number):
                return N(self.group_card(number, self.pick((" ", "-", ""))) if length == 16 else number, "luhn_fail", "CREDIT_CARD")

    def masked_card(self) -> N:
        last4 = self.digits(4)
        return N(self.pick((f"XXXX-XXXX-XXXX-{last4}", f"**** **** **** {last4}", f"ending in {last4}", f"xxxxxxxxxxxx{last4}")),
                 "masked", "CREDIT_CARD")

    def test_card(self) -> N:
        return N(self.pick(("4111 1111 1111 1111", "4242424242424242", "5555 5555 5555 4444", "378282246310005")),
                 "test_card", "CREDIT_CARD")

    # --- IBAN ------------------------------------------------------------------------------------

    def _bban(self, country: str) -> str:
        out = ""
        layout = IBAN_LAYOUTS[country]
        num = ""
        for ch in layout:
            if ch.isdigit():
                num += ch
                continue
            n = int(num)
            num = ""
            if ch == "n":
                out += self.digits(n)
            elif ch == "a":
                out += self.pick(BANKS[country]) if country in BANKS and n == 4 else self.r(UPPER, n)
            else:
                out += self.r(UPPER + DIGITS, n)
        return out

    def iban_compact(self, country: str | None = None) -> str:
        country = country or self.least("iban_country", tuple(IBAN_LAYOUTS))
        bban = self._bban(country)
        return country + checksums.iban_check_digits(country, bban) + bban

    def iban(self, country: str | None = None, style: str | None = None) -> V:
        compact = self.iban_compact(country)
        style = style or self.pick(("group", "group", "compact"))
        return V(self.group4(compact) if style == "group" else compact, "IBAN_CODE", "IBAN_CODE")

    def bad_iban(self) -> N:
        while True:
            compact = self.iban_compact()
            wrong = compact[:2] + f"{(int(compact[2:4]) + self.rng.randrange(1, 90)) % 100:02d}" + compact[4:]
            if not iban_valid(wrong):
                return N(self.group4(wrong) if self.chance(0.5) else wrong, "bad_iban", "IBAN_CODE")

    def masked_iban(self) -> N:
        c = self.iban_compact()
        return N(f"{c[:2]}** **** **** **** {c[-4:]}", "masked", "IBAN_CODE")

    # --- SSN -------------------------------------------------------------------------------------

    def ssn_digits(self) -> str:
        while True:
            area = self.rng.randrange(1, 900)
            if area != 666:
                d = f"{area:03d}{self.rng.randrange(1, 100):02d}{self.rng.randrange(1, 10000):04d}"
                if d not in ("123456789", "078051120"):
                    return d

    def ssn(self, style: str | None = None) -> V:
        d = self.ssn_digits()
        style = style or self.least("ssn_style", ("dash", "dash", "plain", "space"))
        text = {"dash": f"{d[:3]}-{d[3:5]}-{d[5:]}", "plain": d, "space": f"{d[:3]} {d[3:5]} {d[5:]}"}[style]
        return V(text, "US_SSN", "US_SSN")

    def spoken_ssn(self) -> V:
        d = self.ssn_digits()
        return V(self.pick((" ".join(d), f"{' '.join(d[:3])}, {' '.join(d[3:5])}, {' '.join(d[5:])}".replace(",", ""),
                            f"{d[:3]} {d[3:5]} {d[5:]}")), "US_SSN", "US_SSN")

    def bad_ssn(self) -> N:
        return N(self.pick((f"000-{self.digits(2)}-{self.digits(4)}", f"666-{self.rng.randrange(10, 99)}-{self.digits(4)}",
                            f"9{self.digits(2)}-{self.rng.randrange(70, 99)}-{self.digits(4)}", "078-05-1120",
                            f"{self.rng.randrange(100, 899)}-00-{self.digits(4)}")), "bad_ssn", "US_SSN")

    def masked_ssn(self) -> N:
        return N(self.pick((f"XXX-XX-{self.digits(4)}", f"***-**-{self.digits(4)}", f"xxx-xx-{self.digits(4)}")), "masked", "US_SSN")

    # --- IP --------------------------------------------------------------------------------------

    def ip4(self, private: bool | None = None) -> V:
        private = self.chance(0.5) if private is None else private
        r = self.rng
        if private:
            text = self.pick((f"10.{r.randrange(0, 255)}.{r.randrange(0, 255)}.{r.randrange(2, 254)}",
                              f"172.{r.randrange(16, 32)}.{r.randrange(0, 255)}.{r.randrange(2, 254)}",
                              f"192.168.{r.randrange(0, 255)}.{r.randrange(2, 254)}"))
        else:
            text = f"{self.pick(('52', '20', '40', '13', '34', '104', '148', '161', '185', '88', '71'))}.{r.randrange(1, 255)}." \
                   f"{r.randrange(0, 255)}.{r.randrange(2, 254)}"
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def ip6(self) -> V:
        head = self.pick(("2600:1f18", "2a01:111", "2001:4860", "fd12:3456", "2603:1030"))
        return V(f"{head}:{self.r(HEX, 4).lstrip('0') or '1'}:{self.r(HEX, 3)}::{self.r(HEX, 2)}{self.r(HEX, 2)}", "IP_ADDRESS", "IP_ADDRESS")

    def doc_ip(self) -> N:
        return N(f"{self.pick(('192.0.2', '198.51.100', '203.0.113'))}.{self.rng.randrange(1, 255)}", "doc_ip", "IP_ADDRESS")

    def version4(self) -> N:
        return N(f"{self.rng.randrange(1, 12)}.{self.rng.randrange(0, 40)}.{self.rng.randrange(0, 20)}.{self.rng.randrange(100, 9999)}",
                 "version", "IP_ADDRESS")

    # --- healthcare identifiers (hard negatives) -------------------------------------------------

    def npi(self) -> N:
        body = self.pick("12") + self.digits(8)
        check = checksums.luhn_check_digit("80840" + body)
        return N(body + check, "npi", self.pick(("PHONE_NUMBER", "CREDIT_CARD")))

    def tin(self) -> N:
        return N(f"{self.rng.randrange(10, 99)}-{self.digits(7)}", "tin", "US_SSN")

    def member_id(self) -> N:
        return N(self.pick((f"{self.r(UPPER, 3)}{self.digits(9)}", f"W{self.digits(9)}", f"{self.digits(9)}01",
                            f"M{self.digits(8)}")), "member_id", self.pick(("US_SSN", "PHONE_NUMBER")))

    def mbi(self) -> N:
        a = "ACDEFGHJKMNPQRTUVWXY"
        return N(f"{self.rng.randrange(1, 10)}{self.r(a, 1)}{self.r(a + DIGITS, 1)}{self.digits(1)}-{self.r(a, 1)}"
                 f"{self.r(a + DIGITS, 1)}{self.digits(1)}-{self.r(a, 2)}{self.digits(2)}", "member_id", "US_SSN")

    def group_no(self) -> N:
        return N(self.pick((f"{self.digits(6)}", f"GRP-{self.digits(5)}", f"{self.r(UPPER, 2)}{self.digits(5)}")), "group_number",
                 "PHONE_NUMBER")

    def claim_no(self) -> N:
        return N(self.pick((f"{self.rng.randrange(20, 26)}{self.digits(3)}{self.digits(8)}", f"CLM-{self.digits(10)}",
                            f"{self.digits(4)}{self.r(UPPER, 1)}{self.digits(6)}")), "claim_number",
                 self.pick(("CREDIT_CARD", "PHONE_NUMBER")))

    def caqh(self) -> N:
        return N(self.digits(8), "caqh_id", "PHONE_NUMBER")

    def ndc(self) -> N:
        return N(self.pick((f"{self.digits(5)}-{self.digits(4)}-{self.digits(2)}", f"{self.digits(4)}-{self.digits(4)}-{self.digits(2)}",
                            self.digits(11))), "ndc", self.pick(("PHONE_NUMBER", "US_SSN")))

    def rxbin(self) -> N:
        return N(self.pick(("004336", "610014", "003858", "610502", "015581", "610097")), "rxbin", "PHONE_NUMBER")

    def icd(self) -> N:
        return N(self.pick(ICD10), "icd10", "IP_ADDRESS")

    def cpt(self) -> N:
        return N(self.pick(CPT), "cpt", "PHONE_NUMBER")

    def control_id(self) -> N:
        return N(self.pick((f"MSG{self.digits(10)}", self.digits(14), f"{self.digits(4)}{self.r(UPPER, 2)}{self.digits(6)}")),
                 "control_id", "PHONE_NUMBER")

    def icn(self) -> N:
        return N(self.digits(9), "interchange_control", "US_SSN")

    def eft_trace(self) -> N:
        return N(f"{self.digits(10)}{self.digits(5)}", "eft_trace", "CREDIT_CARD")

    def routing(self) -> N:
        return N(self.pick(("021000021", "011401533", "091000019", "121000248", "026009593")), "routing_number", "US_SSN")

    def account_no(self) -> N:
        return N(self.digits(self.rng.randrange(9, 13)), "account_number", self.pick(("PHONE_NUMBER", "CREDIT_CARD")))

    def dea(self) -> N:
        return N(f"{self.pick(('A', 'B', 'F', 'M'))}{self.r(UPPER, 1)}{self.digits(7)}", "dea_number", "CREDENTIAL")

    def auth_no(self) -> N:
        return N(f"PA{self.digits(9)}", "auth_number", "PHONE_NUMBER")

    def guid(self) -> N:
        h = self.r(HEX, 32)
        return N(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}", "guid", "azure_openai_key")

    def sha(self) -> N:
        return N(self.r(HEX, 40), "commit_sha", "generic_api_key")

    def example_email(self) -> N:
        return N(f"{self.pick(('jane.doe', 'member', 'test.user', 'john.smith', 'provider'))}@example.{self.pick(('com', 'org', 'net'))}",
                 "example_email", "EMAIL_ADDRESS")

    def system_email(self) -> N:
        return N(f"{self.pick(('no-reply', 'noreply', 'donotreply', 'claims-notify'))}@{self.pick(ORG_DOMAINS[:3])}",
                 "system_email", "EMAIL_ADDRESS")

    def company(self) -> N:
        return N(self.pick(PAYERS + FACILITIES), "company", "PERSON")

    def drug(self) -> N:
        return N(self.pick(DRUGS), "drug", "PERSON")

    def placeholder(self, mimics: str) -> N:
        return N(self.pick(("<REDACTED>", "${SFTP_PASSWORD}", "{{ secrets.API_KEY }}", "<your-key-here>", "********",
                            "%CLEARINGHOUSE_PW%", "[REDACTED]")), "placeholder", mimics)

    def secret_ref(self) -> N:
        return N(self.pick(("@Microsoft.KeyVault(SecretUri=https://kv-claims-prod.vault.azure.net/secrets/sftp-pw/)",
                            "arn:aws:secretsmanager:us-east-1:123456789012:secret:edi/availity-AbCdEf",
                            "vault:secret/data/edi#password", "keyvault://kv-pharm/ncpdp-key")), "secret_ref", "password_kv")

    def documented(self) -> N:
        return N(self.pick(("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk_test_4eC39HqLyjWDarjtT1zdp7dc")),
                 "documented_example", "CREDENTIAL")

    # --- plain words -------------------------------------------------------------------------------

    def date(self) -> str:
        return f"{self.rng.randrange(1, 13):02d}/{self.rng.randrange(1, 29):02d}/2025"

    def dob(self) -> str:
        return f"{self.rng.randrange(1, 13):02d}/{self.rng.randrange(1, 29):02d}/{self.rng.randrange(1938, 2020)}"

    def ymd(self) -> str:
        return f"2025{self.rng.randrange(1, 13):02d}{self.rng.randrange(1, 29):02d}"

    def amount(self) -> str:
        return f"{self.rng.randrange(15, 9000)}.{self.rng.randrange(0, 100):02d}"

    def street(self) -> str:
        return self.pick(STREETS)

    def city(self) -> tuple[str, str, str]:
        return self.pick(CITIES)

    def payer(self) -> str:
        return self.pick(PAYERS)

    def facility(self) -> str:
        return self.pick(FACILITIES)

    # --- credentials (the raw values) --------------------------------------------------------------

    def password(self, specials: str = PW_CHARS) -> str:
        stem = self.pick(("Claims", "Edi", "Rx", "Payer", "Member", "Sftp", "Hl7", "Blue", "Winter", "Cascadia", "Mercy"))
        return stem + self.r(ALNUM, self.rng.randrange(4, 8)) + self.pick(specials) + self.digits(self.rng.randrange(2, 4)) \
            + self.r(ALNUM, self.rng.randrange(1, 4))

    def github(self) -> str:
        if self.chance(0.25):
            return f"github_pat_11{self.r(UPPER + DIGITS, 20)}_{self.r(ALNUM, 59)}"
        return self.checksummed(self.pick(("ghp", "ghp", "gho", "ghs")))

    def npm(self) -> str:
        return self.checksummed("npm")

    def slack_token(self) -> str:
        return f"{self.pick(('xoxb', 'xoxb', 'xoxp'))}-{self.digits(11)}-{self.digits(13)}-{self.r(ALNUM, 24)}"

    def slack_webhook(self) -> str:
        return f"https://hooks.slack.com/services/T{self.r(UPPER + DIGITS, 8)}/B{self.r(UPPER + DIGITS, 10)}/{self.r(ALNUM, 24)}"

    def gitlab(self) -> str:
        return "glpat-" + self.r(ALNUM + "-_", 20)

    def stripe(self) -> str:
        return f"{self.pick(('sk_live_', 'sk_live_', 'rk_live_'))}{self.r(ALNUM, self.pick((24, 99)))}"

    def google_key(self) -> str:
        return "AIza" + self.r(ALNUM + "-_", 35)

    def annotated(self, sig: str) -> str:
        return self.r(ALNUM, 52) + "JQQJ99" + self.pick("ABC") + sig + self.r(ALNUM, 21)

    def ado_pat(self) -> str:
        return self.annotated("AZDO") if self.chance(0.4) else self.r("abcdefghijklmnopqrstuvwxyz234567", 52)

    def sendgrid(self) -> str:
        return f"SG.{self.r(B64URL, 22)}.{self.r(B64URL, 43)}"

    def b64key(self, nbytes: int = 64) -> str:
        return base64.b64encode(self.rng.randbytes(nbytes)).decode()

    def aoai_key(self) -> str:
        return self.annotated("ACOG") if self.chance(0.3) else self.r(HEX, 32)

    def openai(self) -> str:
        if self.chance(0.5):
            return f"sk-proj-{self.r(B64URL, 74)}T3BlbkFJ{self.r(B64URL, 74)}"
        return f"sk-{self.r(ALNUM, 20)}T3BlbkFJ{self.r(ALNUM, 20)}"

    def anthropic(self) -> str:
        return f"sk-ant-api03-{self.r(B64URL, 93)}AA"

    def aws_id(self) -> str:
        return self.pick(("AKIA", "AKIA", "ASIA")) + self.r(B32U, 16)

    def aws_secret(self) -> str:
        return self.r(ALNUM + "/+", 40)

    def jwt(self) -> str:
        def enc(obj: dict[str, object]) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")
        head = enc({"alg": self.pick(("RS256", "HS256")), "typ": "JWT"})
        body = enc({"sub": self.r(HEX, 12), "iss": self.pick(("https://login.bluepeakhealth.com", "https://auth.medlinkclearing.com")),
                    "aud": self.pick(("claims-api", "eligibility", "pa-portal")), "exp": 1760000000 + self.rng.randrange(10**6),
                    "scope": self.pick(("claims.read", "member.read eligibility.read", "pa.write"))})
        return f"{head}.{body}.{self.r(B64URL, 43)}"

    def bearer(self) -> str:
        return self.r(ALNUM, self.rng.randrange(40, 64))

    def pem(self, escaped: bool = False) -> str:
        kind = self.pick(("RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY"))
        body = base64.b64encode(self.rng.randbytes(self.rng.randrange(300, 420))).decode()
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        sep = "\\n" if escaped else "\n"
        return sep.join([f"-----BEGIN {kind}-----", *lines, f"-----END {kind}-----"])

    def entra_secret(self) -> str:
        return self.r(ALNUM, 3) + "8Q~" + self.r(ALNUM + "_.~-", 34)

    def twilio(self) -> str:
        return "SK" + self.r(HEX, 32)

    def mailgun(self) -> str:
        return "key-" + self.r(HEX, 32) if self.chance(0.5) else f"{self.r(HEX, 32)}-{self.r(HEX, 8)}-{self.r(HEX, 8)}"

    def pypi(self) -> str:
        return "pypi-AgEIcHlwaS5vcmc" + self.r(B64URL, self.rng.randrange(120, 160))

    def hf(self) -> str:
        return "hf_" + self.r(string.ascii_letters, 34)

    def sas(self) -> tuple[str, str]:
        sig = base64.b64encode(self.rng.randbytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        return (f"sv=2022-11-02&ss=b&srt=co&sp=rwl&se=2026-{self.rng.randrange(1, 13):02d}-01T00:00:00Z&st=2025-06-01T00:00:00Z"
                f"&spr=https&sig={sig}", sig)

    def conn_string(self) -> tuple[str, str]:
        pw = self.password("!#%*-_.?")
        style = self.pick(("sql", "pg", "sb", "storage", "odbc"))
        if style == "sql":
            return (f"Server=tcp:{self.pick(('sql-claims-prod', 'sqlsrv-edi', 'pharm-dw'))}.database.windows.net,1433;"
                    f"Initial Catalog={self.pick(('Claims', 'Eligibility', 'Provider'))};User ID={self.pick(('svc_claims', 'edi_loader'))};"
                    f"Password={pw};Encrypt=True;", pw)
        if style == "pg":
            return (f"postgresql://{self.pick(('etl_user', 'pa_app', 'rx_reader'))}:{pw}@{self.pick(('pg-member', 'pg-pa'))}"
                    f".postgres.database.azure.com:5432/{self.pick(('members', 'priorauth'))}?sslmode=require", pw)
        if style == "odbc":
            return (f"Driver={{ODBC Driver 18 for SQL Server}};Server=claimsdb01.corp.bluepeakhealth.com;Database=FACETS;"
                    f"Uid=facets_ro;Pwd={pw};", pw)
        key = self.b64key(32 if style == "sb" else 64)
        if style == "sb":
            return (f"Endpoint=sb://{self.pick(('sb-claims-prod', 'ns-hl7-feed'))}.servicebus.windows.net/;"
                    f"SharedAccessKeyName={self.pick(('RootManageSharedAccessKey', 'adt-listener'))};SharedAccessKey={key}", key)
        return (f"DefaultEndpointsProtocol=https;AccountName={self.pick(('stedi835archive', 'stclaimsimages'))};AccountKey={key};"
                "EndpointSuffix=core.windows.net", key)
