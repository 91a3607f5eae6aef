"""Values for the seventeenth corpus: each drawn from a text's own seeded rng, the least-used option first
(a Counter shared by the whole corpus), so brands, countries, regions, names and credential kinds spread
evenly. Checksummed values pass their checks (Luhn, IBAN mod-97 with national check digits where a country
has them, GitHub / npm CRC32 tails, issuable SSNs, valid phone numbers); the hard negatives fail theirs."""

from __future__ import annotations

import base64
import json
import string
import unicodedata

import phonenumbers

from tests.dlp_eval import checksums
from tests.dlp_eval.corpus import N, V
from tests.dlp_eval.value_source import ALNUM, B64, B64URL, DIGITS, HEX, LOWER, UPPER, ValueSource, iban_valid, rand


BASE32 = "abcdefghijklmnopqrstuvwxyz234567"

luhn_valid = checksums.luhn_valid
base62_checksum_valid = checksums.base62_checksum_valid


CRED = "CREDENTIAL"

PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "NL", "IT", "PT", "PL", "BE", "AT", "CH", "IE", "SE", "DK", "NO", "FI",
                 "IN", "BR", "MX", "JP", "AU", "CA", "ZA", "SG", "AE")

# country: (length of the BBAN, its layout: n digit, a upper letter, c alphanumeric)
IBAN_LAYOUTS = {
    "DE": "8n10n", "FR": "5n5n11n2n", "ES": "4n4n2n10n", "NL": "4a10n", "IT": "1a5n5n12n", "PT": "4n4n11n2n",
    "PL": "8n16n", "BE": "3n7n2n", "AT": "5n11n", "CH": "5n12n", "GB": "4a6n8n", "IE": "4a6n8n", "LU": "3n13n",
    "SE": "3n16n1n", "DK": "4n9n1n", "FI": "3n11n", "NO": "4n6n1n",
}
BANK_CODES = {"NL": ("ABNA", "RABO", "INGB", "TRIO", "SNSB"), "GB": ("BARC", "LOYD", "NWBK", "HBUK", "MIDL"),
              "IE": ("AIBK", "BOFI", "IPBS"), "IT": None}

CARD_BRANDS = ("visa", "mastercard", "mastercard2", "amex", "discover", "jcb", "diners")

NAMES: tuple[tuple[str, str], ...] = (
    ("Margaret", "O'Connell"), ("Thomas", "Whitfield"), ("Priya", "Raghunathan"), ("Anil", "Deshpande"),
    ("Kwame", "Mensah"), ("Ngozi", "Adeyemi"), ("Chidi", "Okafor"), ("Amara", "Nwosu"), ("Jürgen", "Hoffmann"),
    ("Sabine", "Krüger"), ("Lukas", "Weißmann"), ("Anja", "Schäfer"), ("Élodie", "Marchand"), ("François", "Lefèvre"),
    ("Camille", "Rousseau"), ("Benoît", "Garnier"), ("Lucía", "Fernández"), ("Javier", "Muñoz"), ("Carmen", "Ibáñez"),
    ("Alejandro", "Ruiz"), ("Sanne", "de Vries"), ("Joost", "van der Berg"), ("Femke", "Jansen"), ("Pieter", "Bakker"),
    ("Giulia", "Ricci"), ("Marco", "Esposito"), ("Francesca", "Colombo"), ("Alessandro", "Bianchi"), ("João", "Gonçalves"),
    ("Mariana", "Carvalho"), ("Inês", "Sousa"), ("Rafael", "Almeida"), ("Katarzyna", "Wiśniewska"), ("Paweł", "Zieliński"),
    ("Agnieszka", "Kowalczyk"), ("Tomasz", "Lewandowski"), ("Wei", "Zhang"), ("Mei", "Lin"), ("Hiroshi", "Tanaka"),
    ("Yuki", "Nakamura"), ("Min-jun", "Park"), ("Ji-woo", "Choi"), ("Nguyen", "Thi Lan"), ("Tran", "Van Minh"),
    ("Aisha", "Al-Farsi"), ("Omar", "Haddad"), ("Fatima", "Zahra Benali"), ("Youssef", "El Amrani"), ("Leila", "Karimi"),
    ("Dariush", "Tehrani"), ("Olga", "Ivanova"), ("Dmitri", "Sokolov"), ("Oksana", "Shevchenko"), ("Bogdan", "Popescu"),
    ("Ioana", "Dumitrescu"), ("Eszter", "Nagy"), ("Zoltán", "Kovács"), ("Petra", "Novotná"), ("Jakub", "Dvořák"),
    ("Astrid", "Lindqvist"), ("Erik", "Johansson"), ("Sigrid", "Haugen"), ("Mikkel", "Sørensen"), ("Aino", "Virtanen"),
    ("Siobhan", "Gallagher"), ("Ciarán", "Ó Briain"), ("Rhys", "Llewellyn"), ("Fiona", "MacLeod"), ("Deepika", "Iyer"),
    ("Rohan", "Mehta"), ("Sunita", "Bhattacharya"), ("Arjun", "Nair"), ("Thandiwe", "Dlamini"), ("Sipho", "Ndlovu"),
    ("Lerato", "Mokoena"), ("Ana Paula", "Ribeiro"), ("Thiago", "Nascimento"), ("Guadalupe", "Hernández"),
    ("Diego", "Castañeda"), ("Ximena", "Villalobos"), ("Marisol", "Quintero"), ("Kemal", "Yılmaz"), ("Elif", "Demir"),
    ("Hannah", "Goldberg"), ("David", "Mizrahi"), ("Tevita", "Fifita"), ("Aroha", "Ngata"), ("Liam", "Fitzgerald"),
    ("Grace", "Achterberg"), ("Beatriz", "Lozano"), ("Nikolaos", "Papadopoulos"), ("Eleni", "Georgiou"),
    ("Rashid", "Chaudhry"), ("Sana", "Qureshi"), ("Tuan", "Pham"), ("Linh", "Hoang"), ("Kofi", "Boateng"),
    ("Adaeze", "Eze"), ("Björn", "Åkesson"), ("Małgorzata", "Dąbrowska"), ("Stéphane", "Dubois"), ("Raphaël", "Boucher"),
    ("Nuno", "Figueiredo"), ("Marta", "Szymańska"), ("Jan", "de Groot"), ("Chiara", "Conti"), ("Luca", "Moretti"),
    ("Emily", "Harrington"), ("Brandon", "Kowalski"), ("Jasmine", "Washington"), ("Tyrone", "Jefferson"),
    ("Keisha", "Robinson"), ("Connor", "McAllister"), ("Megan", "Sullivan"), ("Harpreet", "Sandhu"),
    ("Gurpreet", "Gill"), ("Ayodele", "Bankole"), ("Zanele", "Khumalo"), ("Haruka", "Sato"), ("Kenji", "Watanabe"),
    ("Soo-ah", "Kang"), ("Xiaoling", "Wu"), ("Pablo", "Serrano"), ("Irene", "Gallo"), ("Wojciech", "Mazur"),
)


class Values(ValueSource):
    """One text's value source: its rng, and the corpus-wide use counts for least-used-first picking."""

    # --- people --------------------------------------------------------------------------------

    def person(self) -> tuple[str, str]:
        return self.least("name", NAMES)

    def name(self, style: str = "full") -> V:
        first, last = self.person()
        text = {"full": f"{first} {last}", "first": first, "last_first": f"{last}, {first}",
                "upper": f"{last.upper()} {first}", "lower": f"{first} {last}".lower()}[style]
        return V(text, "PERSON", "PERSON")

    def email_of(self, first: str, last: str, domain: str | None = None) -> V:
        def clean(s: str) -> str:
            s = s.lower().replace("ß", "ss").replace("ł", "l").replace("ø", "o").replace("ı", "i")
            s = unicodedata.normalize("NFKD", s)
            return "".join(c for c in s if c.isascii() and (c.isalnum() or c in ".-"))
        f, la = clean(first.split()[0]), clean(last.replace(" ", "").replace("'", ""))
        local = self.pick((f"{f}.{la}", f"{f[0]}{la}", f"{f}_{la}", f"{la}.{f}", f"{f}.{la}{self.rng.randrange(2, 9)}"))
        return V(f"{local}@{domain or self.company_domain()}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def email(self, domain: str | None = None) -> V:
        return self.email_of(*self.person(), domain=domain)

    def role_email(self) -> V:
        local = self.pick(("ap", "accounts.payable", "invoices", "payroll", "hr-ops", "treasury", "vendor.master",
                           "expenses", "servicedesk", "ar-collections", "facturas", "rechnungen", "factuur", "fatture"))
        return V(f"{local}@{self.company_domain()}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def company_domain(self) -> str:
        return self.pick(("northwind-traders.com", "fabrikam.de", "contoso-finance.com", "tailspin-logistics.nl",
                          "adatum.fr", "litware.es", "woodgrove-group.co.uk", "alpineski.at", "proseware.it",
                          "wideworldimporters.pt", "lucerne-publishing.ch", "margie-travel.pl", "gmail.com", "outlook.com",
                          "web.de", "orange.fr", "libero.it", "wp.pl", "ziggo.nl", "sapo.pt", "yahoo.es"))

    def company(self) -> N:
        return N(self.pick(("Northwind Traders Ltd", "Fabrikam GmbH", "Contoso Finance S.A.", "Tailspin Logistics B.V.",
                            "Adatum SAS", "Litware Ibérica S.L.", "Woodgrove Group plc", "Alpine Ski House AG",
                            "Proseware S.p.A.", "Wide World Importers Lda", "Lucerne Publishing AG",
                            "Margie's Travel Sp. z o.o.", "Blue Yonder Airlines", "Coho Winery", "Trey Research Inc.",
                            "Graphic Design Institute", "Humongous Insurance", "VanArsdel Ltd")), "company", "PERSON")

    # --- phones --------------------------------------------------------------------------------

    def phone(self, region: str | None = None, fmt: str | None = None) -> V:
        region = region or self.least("phone_region", PHONE_REGIONS)
        kind = self.pick((phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE))
        examples = {str(getattr(phonenumbers.example_number_for_type(region, t), "national_number", ""))
                    for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)}
        base = str(phonenumbers.example_number_for_type(region, kind).national_number)
        keep = max(2, len(base) - 6)
        for _ in range(500):
            nat = base[:keep] + self.digits(len(base) - keep)
            if nat in examples or (region in ("US", "CA") and nat[3:6] == "555") or "0123" in nat[-5:]:
                continue
            num = phonenumbers.PhoneNumber()
            num.merge_from(phonenumbers.example_number_for_type(region, kind))
            num.national_number = int(nat)
            if phonenumbers.is_valid_number(num) and phonenumbers.region_code_for_number(num) == region:
                break
        else:  # pragma: no cover - the base is valid, some variant always is
            raise RuntimeError(region)
        fmt = fmt or self.pick(("intl", "intl", "e164", "national"))
        if fmt == "e164":
            text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        elif fmt == "national" and self._national_reads_back(num, region):
            text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
        else:
            text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return V(text, "PHONE_NUMBER", "PHONE_NUMBER")

    @staticmethod
    def _national_reads_back(num: phonenumbers.PhoneNumber, region: str) -> bool:
        text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
        for r in PHONE_REGIONS:
            try:
                p = phonenumbers.parse(text, r)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(p):
                return phonenumbers.region_code_for_number(p) == region and p.national_number == num.national_number
        return False

    # --- cards ---------------------------------------------------------------------------------

    def card_number(self, brand: str | None = None) -> str:
        brand = brand or self.least("card_brand", CARD_BRANDS)
        r = self.rng
        prefix, length = {
            "visa": ("4" + self.digits(5), 16), "mastercard": (str(r.randrange(51, 56)) + self.digits(4), 16),
            "mastercard2": (str(r.randrange(2221, 2721)) + self.digits(2), 16),
            "amex": (r.choice(("34", "37")) + self.digits(4), 15),
            "discover": (r.choice(("6011", "65" + self.digits(2))) + self.digits(2), 16),
            "jcb": (str(r.randrange(3528, 3590)) + self.digits(2), 16), "diners": ("36" + self.digits(4), 14),
        }[brand]
        return checksums.luhn_complete(prefix + self.digits(length - len(prefix) - 1))

    @staticmethod
    def group_card(number: str, sep: str) -> str:
        if len(number) == 15:
            parts = [number[:4], number[4:10], number[10:]]
        elif len(number) == 14:
            parts = [number[:4], number[4:10], number[10:]]
        else:
            parts = [number[i:i + 4] for i in range(0, len(number), 4)]
        return sep.join(parts)

    def card(self, brand: str | None = None, style: str | None = None) -> V:
        number = self.card_number(brand)
        style = style or self.least("card_style", ("spaced", "dashed", "compact"))
        text = {"spaced": self.group_card(number, " "), "dashed": self.group_card(number, "-"), "compact": number}[style]
        return V(text, "CREDIT_CARD", "CREDIT_CARD")

    def luhn_fail(self, length: int = 16) -> N:
        while True:
            number = self.pick("3456") + self.digits(length - 1)
            if not luhn_valid(number):
                return N(number if self.chance(0.6) else self.group_card(number, " "), "luhn_fail", "CREDIT_CARD")

    def masked_card(self) -> N:
        last4 = self.digits(4)
        return N(self.pick((f"**** **** **** {last4}", f"XXXX-XXXX-XXXX-{last4}", f"************{last4}",
                            f"•••• {last4}", f"4{self.digits(3)} **** **** {last4}")), "masked", "CREDIT_CARD")

    # --- IBANs ---------------------------------------------------------------------------------

    def _bban(self, country: str) -> str:
        layout = IBAN_LAYOUTS[country]
        parts: list[str] = []
        num = ""
        for ch in layout:
            if ch.isdigit():
                num += ch
                continue
            n = int(num)
            num = ""
            alphabet = {"n": DIGITS, "a": UPPER, "c": UPPER + DIGITS}[ch]
            parts.append(rand(self.rng, alphabet, n))
        if country in BANK_CODES and BANK_CODES[country]:
            parts[0] = self.pick(BANK_CODES[country])
        if country == "BE":
            head = parts[0] + parts[1]
            check = int(head) % 97 or 97
            parts[2] = f"{check:02d}"
        elif country == "FR":
            bank, branch, account = int(parts[0]), int(parts[1]), int(parts[2])
            parts[3] = f"{97 - (89 * bank + 15 * branch + 3 * account) % 97:02d}"
        elif country == "ES":
            def dc(digits: str) -> str:
                weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)
                s = 11 - sum(int(d) * w for d, w in zip(digits.rjust(10, "0"), weights)) % 11
                return str({10: 1, 11: 0}.get(s, s))
            parts[2] = dc("00" + parts[0] + parts[1]) + dc(parts[3])
        elif country == "PT":
            body = parts[0] + parts[1] + parts[2]
            parts[3] = f"{98 - int(body + '00') % 97:02d}"
        elif country == "IT":
            parts[0] = self.pick(UPPER)
        return "".join(parts)

    def iban_compact(self, country: str | None = None) -> str:
        country = country or self.least("iban_country", tuple(IBAN_LAYOUTS))
        bban = self._bban(country)
        return country + checksums.iban_check_digits(country, bban) + bban

    def iban(self, country: str | None = None, style: str | None = None) -> V:
        iban = self.iban_compact(country)
        style = style or self.least("iban_style", ("grouped", "compact", "grouped", "compact", "lower"))
        text = {"grouped": self.group4(iban), "compact": iban, "lower": self.group4(iban).lower()}[style]
        return V(text, "IBAN_CODE", "IBAN_CODE")

    def bad_iban(self) -> N:
        iban = self.iban_compact()
        bad = iban[:2] + f"{(int(iban[2:4]) + self.rng.randrange(1, 9)) % 100:02d}" + iban[4:]
        if iban_valid(bad):
            bad = iban[:-1] + str((int(iban[-1]) + 1) % 10) if iban[-1].isdigit() else iban[:-1] + "0"
        return N(self.group4(bad) if self.chance(0.5) else bad, "bad_iban", "IBAN_CODE")

    def example_iban(self) -> N:
        return N(self.pick(("DE00 1234 5678 9012 3456 78", "DEXX XXXX XXXX XXXX XXXX XX", "FR76 XXXX XXXX XXXX XXXX XXXX XXX",
                            "NL00BANK0123456789", "GB00 XXXX 0000 0000 0000 00")), "example_iban", "IBAN_CODE")

    def masked_iban(self) -> N:
        iban = self.iban_compact()
        return N(f"{iban[:4]} **** **** {iban[-4:]}" if self.chance(0.5) else f"{iban[:2]}** **** **** **** {iban[-4:]}",
                 "masked", "IBAN_CODE")

    # --- SSNs ----------------------------------------------------------------------------------

    def ssn(self, style: str | None = None) -> V:
        while True:
            area = self.rng.randrange(1, 900)
            if area != 666:
                break
        group, serial = self.rng.randrange(1, 100), self.rng.randrange(1, 10000)
        if (area, group, serial) in ((78, 5, 1120), (219, 9, 9999), (123, 45, 6789)):
            serial += 1
        style = style or self.least("ssn_style", ("dashed", "dashed", "compact", "spaced"))
        sep = {"dashed": "-", "compact": "", "spaced": " "}[style]
        return V(f"{area:03d}{sep}{group:02d}{sep}{serial:04d}", "US_SSN", "US_SSN")

    def bad_ssn(self) -> N:
        return N(self.pick((f"000-{self.digits(2)}-{self.digits(4)}", f"666-{self.rng.randrange(10, 99)}-{self.digits(4)}",
                            f"9{self.digits(2)}-{self.rng.randrange(70, 99)}-{self.digits(4)}", "078-05-1120",
                            f"{self.rng.randrange(100, 899)}-00-{self.digits(4)}")), "bad_ssn", "US_SSN")

    # --- IPs -----------------------------------------------------------------------------------

    def ip4(self, private: bool | None = None) -> V:
        r = self.rng
        if private is None:
            private = self.chance(0.5)
        if private:
            text = r.choice((f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}",
                             f"192.168.{r.randrange(256)}.{r.randrange(1, 255)}",
                             f"172.{r.randrange(16, 32)}.{r.randrange(256)}.{r.randrange(1, 255)}"))
        else:
            first = r.choice((20, 31, 40, 51, 52, 62, 77, 80, 81, 85, 91, 104, 128, 137, 145, 151, 176, 185, 188, 193, 212, 217))
            text = f"{first}.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}"
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def ip6(self) -> V:
        r = self.rng
        head = r.choice(("2a01:111", "2603:1020", "2001:67c", "fd12:3456", "2a02:8109"))
        return V(f"{head}:{r.randrange(1, 0xffff):x}:{r.randrange(1, 0xffff):x}::{r.randrange(1, 0xffff):x}", "IP_ADDRESS",
                 "IP_ADDRESS")

    def doc_ip(self) -> N:
        return N(self.pick(("192.0.2.", "198.51.100.", "203.0.113.")) + str(self.rng.randrange(1, 255)), "doc_ip", "IP_ADDRESS")

    def version4(self) -> N:
        r = self.rng
        return N(f"{r.randrange(1, 20)}.{r.randrange(0, 40)}.{r.randrange(0, 900)}.{r.randrange(0, 9999)}", "version",
                 "IP_ADDRESS")

    # --- back-office look-alikes ---------------------------------------------------------------

    def invoice_no(self) -> N:
        r = self.rng
        return N(self.pick((f"INV-{r.randrange(2024, 2026)}-{self.digits(6)}", f"RE{self.digits(8)}", f"F{r.randrange(2024, 2026)}/{self.digits(5)}",
                            f"FAC-{self.digits(7)}", f"{r.randrange(2024, 2026)}-{self.digits(6)}", f"90{self.digits(8)}")),
                 "invoice_number", "PHONE_NUMBER")

    def po_no(self) -> N:
        return N(self.pick((f"PO-{self.digits(7)}", f"45{self.digits(8)}", f"PO{self.digits(6)}/{self.digits(2)}")),
                 "po_number", "PHONE_NUMBER")

    def gl(self) -> N:
        return N(self.pick((f"{self.digits(6)}", f"{self.digits(4)}-{self.digits(3)}-{self.digits(4)}",
                            f"{self.digits(3)}.{self.digits(4)}.{self.digits(2)}")), "gl_account", "PHONE_NUMBER")

    def cost_center(self) -> N:
        return N(self.pick((f"CC-{self.digits(4)}", f"KST {self.digits(5)}", f"{self.digits(4)}{self.pick(UPPER)}{self.digits(3)}")),
                 "cost_center", "PHONE_NUMBER")

    def vat_id(self) -> N:
        c = self.pick(("DE", "FR", "NL", "IT", "ES", "PT", "PL", "BE", "AT", "GB"))
        body = {"DE": self.digits(9), "FR": self.digits(11), "NL": self.digits(9) + "B0" + self.digits(1), "IT": self.digits(11),
                "ES": self.pick(UPPER) + self.digits(8), "PT": self.digits(9), "PL": self.digits(10), "BE": "0" + self.digits(9),
                "AT": "U" + self.digits(8), "GB": self.digits(9)}[c]
        return N(c + body, "vat_id", "IBAN_CODE")

    def bic(self) -> N:
        return N(self.pick(("COBADEFFXXX", "DEUTDEFF", "BNPAFRPPXXX", "GEBABEBB", "RABONL2U", "INGBNL2A", "BCITITMM",
                            "CGDIPTPL", "PKOPPLPW", "CAIXESBBXXX", "BARCGB22", "AIBKIE2D", "UBSWCHZH80A", "NDEAFIHH",
                            "ESSESESS", "DABADKKK", "BKAUATWW")), "bic", "IBAN_CODE")

    def sort_code(self) -> N:
        return N(f"{self.digits(2)}-{self.digits(2)}-{self.digits(2)}", "sort_code", "PHONE_NUMBER")

    def routing(self) -> N:
        return N(self.pick(("021000021", "026009593", "121000358", "011401533", "071000013", "322271627")), "routing_number",
                 "US_SSN")

    def account_no(self) -> N:
        return N(self.digits(self.pick((8, 10, 12))), "account_number", "PHONE_NUMBER")

    def tracking(self) -> N:
        return N(self.pick((f"1Z{rand(self.rng, UPPER + DIGITS, 16)}", f"JJD{self.digits(18)}", f"{self.digits(12)}",
                            f"CX{self.digits(9)}DE")), "tracking_number", "PHONE_NUMBER")

    def employee_id(self) -> N:
        return N(self.pick((f"E{self.digits(6)}", f"PERNR {self.digits(8)}", f"EMP-{self.digits(5)}", f"{self.digits(7)}")),
                 "employee_id", "US_SSN")

    def booking_ref(self) -> N:
        return N(self.pick((rand(self.rng, UPPER, 6), f"{self.digits(3)}-{self.digits(10)}")), "booking_ref", "PHONE_NUMBER")

    def fict_phone(self) -> N:
        return N(f"+1 {self.pick(('212', '312', '415', '617'))}-555-01{self.digits(2)}", "fict_phone", "PHONE_NUMBER")

    def example_email(self) -> N:
        return N(f"{self.pick(('john.doe', 'jane.doe', 'user', 'vendor', 'firstname.lastname'))}@example.{self.pick(('com', 'org', 'net'))}",
                 "example_email", "EMAIL_ADDRESS")

    def system_email(self) -> N:
        return N(self.pick(("no-reply@concursolutions.com", "noreply@sap.com", "do-not-reply@coupahost.com",
                            "notifications@service-now.com", "noreply@docusign.net", "mailer-daemon@outlook.com")),
                 "system_email", "EMAIL_ADDRESS")

    def guid(self) -> N:
        h = rand(self.rng, HEX, 32)
        return N(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}", "guid", "azure_openai_key")

    def placeholder(self, mimics: str) -> N:
        return N(self.pick(("<your-api-key>", "********", "REPLACE_ME", "${API_KEY}", "<password>", "xxxxxxxx",
                            "{{vault:finance/api}}", "[REDACTED]")), "placeholder", mimics)

    def secret_ref(self) -> N:
        return N(self.pick(("@Microsoft.KeyVault(SecretUri=https://kv-fin-prod.vault.azure.net/secrets/sap-rfc-pwd/)",
                            "kv://kv-payroll/adp-api-token", "secret/data/treasury/ebics#password",
                            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ap/coupa-api")), "secret_ref", "CREDENTIAL")

    def documented(self) -> N:
        return N(self.pick(("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk_test_4eC39HqLyjWDarjtT1zdp7dc")),
                 "documented_example", self.pick(("aws_access_key_id", "stripe_key")))

    def test_card(self) -> N:
        return N(self.pick(("4111 1111 1111 1111", "5555 5555 5555 4444", "4242424242424242", "3782 822463 10005")),
                 "test_card", "CREDIT_CARD")

    def amount(self) -> str:
        r = self.rng
        n = r.randrange(1200, 9_800_000) / 100
        return self.pick((f"{n:,.2f}", f"{n:,.2f}".replace(",", "X").replace(".", ",").replace("X", "."), f"{n:.2f}"))

    def date(self) -> str:
        r = self.rng
        y, m, d = r.choice((2024, 2025)), r.randrange(1, 13), r.randrange(1, 29)
        return self.pick((f"{y}-{m:02d}-{d:02d}", f"{d:02d}.{m:02d}.{y}", f"{d:02d}/{m:02d}/{y}", f"{m}/{d}/{y}"))

    def dob(self) -> str:
        r = self.rng
        y, m, d = r.randrange(1958, 2003), r.randrange(1, 13), r.randrange(1, 29)
        return self.pick((f"{y}-{m:02d}-{d:02d}", f"{d:02d}.{m:02d}.{y}", f"{m:02d}/{d:02d}/{y}"))

    def city(self) -> str:
        return self.pick(("Rotterdam", "Düsseldorf", "Lyon", "Sevilla", "Porto", "Kraków", "Torino", "Dublin", "Leeds",
                          "Gent", "Graz", "Basel", "Austin", "Charlotte", "Pune", "Curitiba", "Monterrey", "Osaka"))

    def street(self) -> str:
        return f"{self.pick(('Hauptstraße', 'Rue de la République', 'Calle Mayor', 'Keizersgracht', 'Via Roma', 'Rua Augusta', 'ul. Długa', 'Station Road', 'Oak Street'))} {self.rng.randrange(1, 240)}"

    # --- credentials ---------------------------------------------------------------------------

    def github(self) -> str:
        if self.chance(0.2):
            return f"github_pat_11{rand(self.rng, UPPER + DIGITS, 20)}_{rand(self.rng, ALNUM, 59)}"
        return self.checksummed(self.pick(("ghp", "ghp", "gho", "ghs")))

    def npm(self) -> str:
        return self.checksummed("npm")

    def slack_token(self) -> str:
        p = self.pick(("xoxb", "xoxb", "xoxp"))
        return f"{p}-{self.digits(12)}-{self.digits(13)}-{rand(self.rng, ALNUM, 24)}"

    def slack_webhook(self) -> str:
        return (f"https://hooks.slack.com/services/T{rand(self.rng, UPPER + DIGITS, 8)}/B{rand(self.rng, UPPER + DIGITS, 10)}/"
                f"{rand(self.rng, ALNUM, 24)}")

    def gitlab(self) -> str:
        return "glpat-" + rand(self.rng, ALNUM + "_-", 20)

    def stripe(self) -> str:
        return self.pick(("sk_live_", "sk_live_", "rk_live_")) + rand(self.rng, ALNUM, self.pick((24, 99)))

    def google_key(self) -> str:
        return "AIza" + rand(self.rng, ALNUM + "_-", 35)

    def annotated(self, sig: str) -> str:
        r = self.rng
        return (rand(r, ALNUM, 52) + "JQQJ99B" + r.choice("ABCDEFGHIJKL") + "AC" + rand(r, ALNUM, 10) + "AAA"
                + r.choice("AB") + sig + rand(r, ALNUM, 4))

    def ado_pat(self) -> str:
        return self.annotated("AZDO") if self.chance(0.4) else rand(self.rng, BASE32, 52)

    def sendgrid(self) -> str:
        return f"SG.{rand(self.rng, B64URL, 22)}.{rand(self.rng, B64URL, 43)}"

    def b64key(self, nbytes: int = 64) -> str:
        return base64.b64encode(bytes(self.rng.randrange(256) for _ in range(nbytes))).decode()

    def aoai_key(self) -> str:
        return self.annotated("ACOG") if self.chance(0.35) else rand(self.rng, HEX, 32)

    def openai(self) -> str:
        r = self.rng
        if self.chance(0.5):
            return f"sk-proj-{rand(r, ALNUM + '_-', 58)}T3BlbkFJ{rand(r, ALNUM + '_-', 58)}"
        return f"sk-{rand(r, ALNUM, 20)}T3BlbkFJ{rand(r, ALNUM, 20)}"

    def anthropic(self) -> str:
        return f"sk-ant-api03-{rand(self.rng, ALNUM + '_-', 93)}AA"

    def aws_id(self) -> str:
        return self.pick(("AKIA", "AKIA", "ASIA")) + rand(self.rng, UPPER + "234567", 16)

    def aws_secret(self) -> str:
        return rand(self.rng, B64, 40)

    def jwt(self) -> str:
        r = self.rng

        def enc(obj: dict[str, object]) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

        header = {"alg": r.choice(("RS256", "HS256")), "typ": "JWT"}
        if header["alg"] == "RS256":
            header["kid"] = rand(r, ALNUM, 20)
        claims = {"aud": r.choice(("api://finance-portal", "https://graph.microsoft.com", "coupa-api", "payroll-gateway")),
                  "iss": r.choice(("https://login.microsoftonline.com/tenant/v2.0", "https://auth.concur.com", "https://idp.fabrikam.de")),
                  "iat": 1735700000 + r.randrange(10_000_000), "exp": 1745700000 + r.randrange(10_000_000),
                  "sub": rand(r, ALNUM, 22), "appid": self.guid().text, "roles": [r.choice(("AP.Approver", "Payroll.Read", "Invoice.Write"))]}
        sig = base64.urlsafe_b64encode(bytes(r.randrange(256) for _ in range(32 if header["alg"] == "HS256" else 256))).decode().rstrip("=")
        return f"{enc(header)}.{enc(claims)}.{sig}"

    def bearer(self) -> str:
        return self.pick((rand(self.rng, ALNUM, 40), rand(self.rng, ALNUM + "-._~", 48), "at_" + rand(self.rng, ALNUM, 36)))

    def pem(self, escaped: bool = False) -> str:
        kind = self.pick(("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY"))
        body = self.b64key({"RSA PRIVATE KEY": 600, "PRIVATE KEY": 630, "EC PRIVATE KEY": 121}[kind])
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        sep = "\\n" if escaped else "\n"
        return sep.join([f"-----BEGIN {kind}-----", *lines, f"-----END {kind}-----"])

    def password(self) -> str:
        r = self.rng
        words = ("Herbst", "Tulip", "Falcon", "Marzo", "Lente", "Sommer", "Orion", "Cobalt", "Zefiro", "Jaguar", "Nordlicht",
                 "Primavera", "Kestrel", "Granit", "Maple", "Lisboa", "Wawel", "Solstice")
        return r.choice((
            f"{r.choice(words)}{r.randrange(10, 99)}{r.choice('!#%*?+')}{r.choice(words).lower()}",
            f"{r.choice(words)}-{r.randrange(2024, 2027)}{r.choice('!#?')}",
            rand(r, ALNUM, 6) + r.choice("!#%*") + rand(r, ALNUM, 7),
            f"{r.choice(words)}{r.choice(words)}{r.randrange(100, 999)}",
        ))

    def url_password(self) -> str:
        r = self.rng
        return r.choice((rand(r, ALNUM, 14), f"{r.choice(('Kestrel', 'Granit', 'Maple', 'Lente'))}{r.randrange(1000, 9999)}x{rand(r, LOWER, 3)}"))

    def entra_secret(self) -> str:
        return rand(self.rng, ALNUM, 3) + "8Q~" + rand(self.rng, ALNUM + "_.~-", 34)

    def twilio(self) -> str:
        return "SK" + rand(self.rng, HEX, 32)

    def mailgun(self) -> str:
        if self.chance(0.5):
            return "key-" + rand(self.rng, HEX, 32)
        return f"{rand(self.rng, HEX, 32)}-{rand(self.rng, HEX, 8)}-{rand(self.rng, HEX, 8)}"

    def pypi(self) -> str:
        return "pypi-AgEIcHlwaS5vcmc" + rand(self.rng, B64URL, 160)

    def hf(self) -> str:
        return "hf_" + rand(self.rng, string.ascii_letters, 34)

    def sas(self) -> tuple[str, str]:
        r = self.rng
        sig = base64.b64encode(bytes(r.randrange(256) for _ in range(32))).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        perms = r.choice(("r", "rl", "racwdl", "rw"))
        text = (f"sv=2022-11-02&ss=b&srt=co&sp={perms}&se=2026-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}T17:00:00Z"
                f"&st=2025-{r.randrange(1, 13):02d}-01T09:00:00Z&spr=https&sig={sig}")
        return text, sig
