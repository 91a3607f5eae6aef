"""OCR'd and copy-pasted paperwork: scanned forms with odd spacing and line breaks, invoices, bank letters,
payslips, insurance claims, medical intake, KYC onboarding, HR records, rental applications, travel
bookings, and markdown tables and bullet lists of customer records."""

from __future__ import annotations

from tests.dlp_eval.corpus import N, V

from .build import Doc, template
from .tpl_common import amount, neg
from .values import Values


def _ocr_card(v: Values) -> V:
    """A card number as a scanner reads it: irregular spaces."""
    digits = v.card_digits(v.pick("visa", "mc", "mc2"))
    text = "  ".join((digits[:4], digits[4:8])) + " " + digits[8:12] + "  " + digits[12:]
    return V(text, "CREDIT_CARD", "CREDIT_CARD")


@template("doc_invoice_ocr", 1.3)
def invoice_ocr(d: Doc, v: Values) -> None:
    d.w("Extract the line items and bank details from this scanned invoice (OCR output):\n\n",
        v.pick("RECHNUNG", "FACTURE", "INVOICE", "FACTURA"), "    Nr. ", v.order_number(), "\n",
        "Datum :  ", v.date(), "\n\nPos  Bezeichnung               Menge   Betrag\n1    Wartung Q", str(v.r.randrange(1, 5)),
        "                 1     ", amount(v), "\n2    Lizenz ", v.not_name(), "        ", str(v.r.randrange(1, 40)), "     ",
        amount(v), "\n\nBitte überweisen Sie den Betrag auf\nIBAN :  ", v.iban(grouped=True),
        "\nBIC  :  ", v.pick("COBADEFFXXX", "BNPAFRPPXXX", "INGBNL2A", "BSCHESMM"), "\n", neg(v), "\n")


@template("doc_bank_letter")
def bank_letter(d: Doc, v: Values) -> None:
    first, last = v.names()
    d.w("Can you summarise this letter from the bank? It was scanned so the spacing is off.\n\n",
        v.pick("Sehr geehrte", "Dear", "Estimado/a"), " ", V(f"{first} {last}", "PERSON", "PERSON"), ",\n\nwe refer to your  account\n",
        v.iban(grouped=v.chance(0.7)), "\nand the  card ending in ", v.masked_card(), " .\nDue to  unusual activity on\n",
        v.date(), " the card has been  blocked. Please call us on\n", v.phone(), "\nquoting reference ", v.policy_number(), ".\n\n")
    d.w("Yours sincerely\n\nCustomer Protection Team")


@template("doc_payslip")
def payslip(d: Doc, v: Values) -> None:
    d.w("Explain the deductions on this payslip (copied from the PDF):\n\nEmployee:   ", v.person(v.pick("en", "ie", "in")),
        "\nEmployee ID: E", v.rand("0123456789", 6), "\nSSN:  ", v.ssn(v.pick("dash", "space")), "\nPay period: ", v.date(),
        " –  ", v.date(), "\nGross pay   ", amount(v), "\nFederal tax  ", amount(v), "\nDirect deposit  to acct ****",
        v.rand("0123456789", 4), "\n")


@template("doc_insurance_claim")
def insurance_claim(d: Doc, v: Values) -> None:
    d.w("Fill in the missing fields of this claim form from the notes below.\n\nCLAIM FORM\nPolicy no.: ", v.policy_number(),
        "\nPolicyholder:  ", v.person(), "\nDate of loss: ", v.date(), "\nContact  phone: ", v.phone(),
        "\nRefund  to  IBAN:\n", v.iban(), "\n\nNotes: water damage in kitchen, plumber invoice ", v.order_number(), " attached.")


@template("doc_medical_intake")
def medical_intake(d: Doc, v: Values) -> None:
    first, last = v.names("en")
    d.w("Turn this intake form into a structured JSON record:\n\nPATIENT INTAKE\nName: ", V(f"{last}, {first}", "PERSON", "PERSON"),
        "    DOB: ", v.date(), "\nSSN: ", v.pick(v.ssn(), v.masked_ssn()), "\nPhone (cell): ", v.phone("US", v.pick("national", "intl")),
        "\nEmail: ", v.email(first, last), "\nInsurance member ID: ", v.policy_number(),
        "\nReferring physician: Dr. ", v.person("en", "last"), "\nAllergies: penicillin\n")


@template("doc_kyc", 1.2)
def kyc(d: Doc, v: Values) -> None:
    c = v.pick("de", "fr", "es", "it", "nl", "pt")
    country = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pt": "PT"}[c]
    d.w("Check this onboarding (KYC) form for missing fields:\n\n| Field | Value |\n|---|---|\n| Full name | ", v.person(c),
        " |\n| Date of birth | ", v.date(), " |\n| Nationality | ", country, " |\n| Mobile | ", v.phone(country, "intl"),
        " |\n| Account (IBAN) | ", v.iban(country, grouped=v.chance(0.5)), " |\n| Source of funds | salary |\n| PEP | no |\n")


@template("doc_hr_record")
def hr_record(d: Doc, v: Values) -> None:
    d.w("Rewrite this HR record as a short onboarding note for the manager (no sensitive data please):\n\n"
        "EMPLOYEE RECORD\n  Name ........ ", v.person(), "\n  Position .... ", N(v.pick("Sachbearbeiter", "Head of Procurement", "Data Engineer"), "job_title", "PERSON"), "\n  Start date .. ", v.date(),
        "\n  SSN ......... ", v.ssn(), "\n  Salary acct . ", v.iban(grouped=False), "\n  Home phone .. ", v.phone("US", "national"), "\n")


@template("doc_rental_application")
def rental_application(d: Doc, v: Values) -> None:
    first, last = v.names()
    d.w("Is this rental application complete? Text copied from a scanned PDF:\n\nApplicant\n", V(f"{first} {last}", "PERSON", "PERSON"),
        "\n\nCurrent  address\n", v.postcode(), "\n\nE -mail / phone\n", v.email(first, last), " / ", v.phone(),
        "\n\nMonthly net income  ", amount(v), "\nPrevious landlord reference: ", v.person(), "\n")


@template("doc_travel_booking")
def travel_booking(d: Doc, v: Values) -> None:
    d.w("Summarise this booking confirmation for my expense report:\n\nBOOKING REF ", v.rand("ABCDEFGHJKLMNPQRSTUVWXYZ", 6),
        "\nPassenger: ", v.person("en", "upper"), "\nFlight ", v.pick("LH", "AF", "IB", "KL"), str(v.r.randrange(100, 9999)), "  ",
        v.date(), "\nPaid with ", v.pick(v.masked_card(), v.card()), "\nHotel: ", N(v.pick("Hotel Victoria", "Hilton Garden Inn", "NH Collection Porto", "Ibis Styles Lyon", "Mercure Hamburg"), "place", "PERSON"), ", check-in ", v.date(),
        "\nContact: ", v.email(), "\n")


@template("doc_customer_table", 1.3)
def customer_table(d: Doc, v: Values) -> None:
    d.w("Sort this table by city and remove duplicates:\n\n| Name | City | Phone | Email |\n|------|------|-------|-------|\n")
    for _ in range(v.pick(2, 3)):
        first, last = v.names()
        d.w("| ", V(f"{first} {last}", "PERSON", "PERSON"), " | ", N(v.pick("Lyon", "Porto", "Rotterdam", "Kraków", "Osaka"), "place", "PERSON"), " | ",
            v.pick(v.phone(), v.fict_phone()), " | ", v.pick(v.email(first, last), v.example_email()), " |\n")


@template("doc_bullet_records")
def bullet_records(d: Doc, v: Values) -> None:
    d.w("Merge these customer notes into one paragraph per customer:\n\n")
    for _ in range(2):
        d.w("- ", v.person(), ": ", v.pick("card ", "refund to "), v.pick(v.masked_card(), v.masked_ssn(), v.order_number()),
            v.pick(", called twice", ", prefers email", ", VIP"), "\n")
    d.w("- ", v.not_name(), " account: renewal due ", v.date(), "\n")


@template("doc_scanned_form_ssn")
def scanned_form_ssn(d: Doc, v: Values) -> None:
    ssn = v.ssn("plain")
    spaced = V(" ".join(ssn.text), "US_SSN", "US_SSN") if v.chance(0.4) else v.ssn()
    d.w("The OCR of this W-4 is messy, can you clean it up?\n\nFirst name and middle initial   Last name\n", v.person("en"),
        "\nSocial security number\n", spaced, "\nAddress  ", v.postcode(), "\n(2) Multiple jobs  [x]\n")


@template("doc_card_form_ocr")
def card_form_ocr(d: Doc, v: Values) -> None:
    d.w("This is the OCR of a faxed card authorisation form. Which fields are missing?\n\nCARDHOLDER NAME ", v.person(),
        "\nCARD NUMBER   ", _ocr_card(v), "\nEXP  ", f"{v.r.randrange(1, 13):02d}/{v.r.randrange(26, 31)}",
        "\nAMOUNT  ", amount(v), "\nAUTH CODE ", v.rand("0123456789", 6), "\n")


@template("doc_clean_form", 1.5)
def clean_form(d: Doc, v: Values) -> None:
    d.w("Create a blank template from this form; the values are placeholders:\n\nName: ____________\nCard: ", v.masked_card(),
        "\nSSN: ", v.masked_ssn(), "\nIBAN: ", v.example_iban(), "\nTest card for QA: ", v.test_card(), "\nLot: ", v.lot(), "\n")


@template("doc_claim_bad_values")
def claim_bad_values(d: Doc, v: Values) -> None:
    d.w("Why did the validator reject this claim? Fields as entered:\n\nSSN: ", v.bad_ssn(), "\nCard: ", v.luhn_fail(),
        "\nIBAN: ", v.bad_iban(), "\nPhone: ", v.fict_phone(), "\n")
