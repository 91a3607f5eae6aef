"""The seventeenth corpus's templates: what back-office staff (accounts payable and receivable, payroll and HR,
procurement and vendor onboarding, travel and expenses, treasury, the IT helpdesk) and their chat paste to an
internal assistant, and what it answers. Seven kinds (the genre's prefix, after `answer_`), each with hard-negative
templates (`_neg_` in the genre) that hold no labelled value."""

from __future__ import annotations

from dataclasses import replace

from tests.dlp_blind9.build import Doc, Registry
from tests.dlp_eval.corpus import N, V

from .snippets import any_credential, credential
from .values import Values

REGISTRY = Registry("b17")
template = REGISTRY.template

KINDS = ("ap", "payroll", "vendor", "expense", "treasury", "helpdesk", "chat")
NEG_SHARE = 0.23


def P(first: str, last: str) -> V:
    return V(f"{first} {last}", "PERSON", "PERSON")


def F(first: str) -> V:
    return V(first, "PERSON", "PERSON")


TITLES = ("Accounts Payable Specialist", "AP Team Lead", "Payroll Administrator", "HR Operations", "Procurement Analyst",
          "Treasury Manager", "Credit Controller", "Travel & Expense Coordinator", "Finance Business Partner",
          "Buchhaltung / Kreditoren", "Comptable fournisseurs", "Contable", "Medewerker crediteurenadministratie",
          "Contabilità fornitori", "Analista financeiro", "Specjalista ds. płac", "Service Desk Analyst")

HELLO = {"en": "Hi {}", "de": "Hallo {}", "fr": "Bonjour {}", "es": "Hola {}", "nl": "Beste {}", "it": "Ciao {}",
         "pt": "Olá {}", "pl": "Dzień dobry {}"}
BYE = {"en": "Kind regards", "de": "Viele Grüße", "fr": "Cordialement", "es": "Un saludo", "nl": "Met vriendelijke groet",
       "it": "Cordiali saluti", "pt": "Com os melhores cumprimentos", "pl": "Pozdrawiam"}
LANGS = ("en", "en", "en", "en", "de", "fr", "es", "nl", "it", "pt", "pl")


def lang(x: Values) -> str:
    return x.least("lang", LANGS)


def greet(d: Doc, x: Values, lg: str, first: str) -> None:
    head, tail = HELLO[lg].split("{}")
    d.w(head, F(first), tail + ",\n\n")


def signature(d: Doc, x: Values, first: str, last: str, lg: str = "en", phones: int = 1, mail: bool = True,
              address: V | None = None) -> None:
    d.w(BYE[lg], ",\n", P(first, last), "\n", x.pick(TITLES), "\n", x.company(), "\n")
    for label in ("T: ", "M: ")[:phones]:
        d.w(label, x.phone(), "\n")
    if mail:
        d.w(address or x.email_of(first, last), "\n")


def fence(d: Doc, lang_: str, parts: list) -> None:  # noqa: ANN001 - parts of a Doc
    d.w(f"```{lang_}\n", *parts, "```\n")


def cred_block(d: Doc, x: Values, lead: str = "", fenced: bool | None = None) -> None:
    parts = credential(x, "block")
    if lead:
        d.w(lead)
    if fenced if fenced is not None else x.chance(0.5):
        fence(d, "", parts)
    else:
        d.w(*parts)


def cred_line(d: Doc, x: Values, before: str = "", after: str = "\n") -> None:
    d.w(before, *credential(x, "line"), after)


def cred_any(d: Doc, x: Values) -> None:
    form, parts = any_credential(x)
    if form == "block":
        fence(d, "", parts) if x.chance(0.5) else d.w(*parts)
    else:
        d.w("PS: ", *parts, "\n")


def ocr(text: str, x: Values) -> str:
    """Scanner noise in unlabelled text: doubled spaces, a stray character, ligature-ish swaps."""
    out = text
    if x.chance(0.5):
        out = out.replace(" ", "  ", 2)
    if x.chance(0.4):
        out = out.replace("l", "I", 1)
    if x.chance(0.3):
        out = out.replace("o", "0", 1)
    return out


# ================================================================ accounts payable / receivable

@template("ap_mail_bank_change")
def ap_mail_bank_change(d: Doc, x: Values) -> None:
    lg = lang(x)
    vf, vl = x.person()
    cf, cl = x.person()
    d.w(x.pick(("Is this bank change request legitimate? Draft a reply asking for the confirmation letter.\n\n",
                "Summarise this thread for the payment run meeting.\n\n", "Can you check this vendor e-mail?\n\n")))
    sender = x.email_of(vf, vl)
    d.w("From: ", P(vf, vl), " <", sender, ">\nTo: ", x.role_email(), "\nSubject: ",
        x.pick(("Change of bank details", "Neue Bankverbindung", "Changement de coordonnées bancaires", "Cambio de cuenta bancaria",
                "Wijziging bankgegevens", "Variazione coordinate bancarie", "Alteração de dados bancários", "Zmiana rachunku bankowego")),
        " - invoice ", x.invoice_no(), "\n\n")
    greet(d, x, lg, cf)
    d.w("Please note that from ", x.date(), " our new account for all payments is:\n\nIBAN: ", x.iban(), "\nBIC: ", x.bic(), "\n")
    if x.chance(0.5):
        d.w("Old account (closed): ", x.masked_iban(), "\n")
    d.w("VAT ID: ", x.vat_id(), "\nOpen items: ", x.invoice_no(), " (EUR ", x.amount(), "), ", x.invoice_no(), " (EUR ", x.amount(), ")\n\n")
    signature(d, x, vf, vl, lg, address=V(sender.text, "EMAIL_ADDRESS", "EMAIL_ADDRESS"))
    if x.chance(0.35):
        d.w("\n-----Original Message-----\nFrom: ", P(cf, cl), "\nSent: ", x.date(), "\nPlease send us the remittance details for PO ",
            x.po_no(), ".\n")
    if x.chance(0.45):
        cred_line(d, x, "\n(internal note: ", ")\n")


@template("ap_ocr_invoice")
def ap_ocr_invoice(d: Doc, x: Values) -> None:
    d.w(x.pick(("Extract vendor, invoice number, date, net, VAT, total and bank details from this scanned invoice:\n\n",
                "OCR output from the scanner, please turn it into a table:\n\n", "Post this? Check the bank details first.\n\n")))
    d.w(ocr(x.company().text, x) + "\n", ocr(x.street(), x), "   ", x.city(), "\n", ocr("Tel.", x), " ", x.phone(fmt="intl"), "   ")
    d.w(x.role_email() if x.chance(0.6) else x.email(), "\n\n")
    d.w(ocr("RECHNUNG / INVOICE", x), "        Nr. ", x.invoice_no(), "\n", ocr("Datum", x), ":  ", x.date(), "     Ihre Bestellung: ", x.po_no(), "\n")
    d.w(ocr("Kunden-Nr.", x), " ", x.digits(6), "     USt-IdNr.: ", x.vat_id(), "\n\n")
    for _ in range(x.rng.randrange(2, 4)):
        d.w(f"{x.rng.randrange(1, 40):>3}  ", x.pick(("Toner cartridge HP 59X", "Pallet racking inspection", "Consulting hours March",
                                                   "Freight Rotterdam-Lyon", "Licence renewal (annual)")), "      ", x.amount(), "\n")
    d.w("\n", ocr("Netto", x), "  ", x.amount(), "\nMwSt 19%  ", x.amount(), "\n", ocr("Gesamt", x), "  EUR ", x.amount(), "\n\n")
    d.w(ocr("Bankverbindung:", x), " ", x.pick(("Commerzbank", "Sparkasse KölnBonn", "ING", "BNP Paribas", "Banco Santander")), "\n")
    d.w("IBAN ", x.iban(style=x.pick(("grouped", "compact"))), "   BIC ", x.bic(), "\n")
    d.w(ocr("Zahlbar innerhalb 30 Tagen ohne Abzug.", x), "\n")


@template("ap_excel_payment_run")
def ap_excel_payment_run(d: Doc, x: Values) -> None:
    d.w(x.pick(("These are the rows for Friday's payment run, flag anything odd:\n",
                "Pasted from Excel - can you total by currency?\n", "Check these IBANs before I upload the SEPA file\n")))
    if x.chance(0.7):
        d.w("Vendor\tName\tIBAN\tAmount\tCcy\tInvoice\tDue\n")
    for i in range(x.rng.randrange(2, 4)):
        d.w(x.digits(6), "\t", x.company(), "\t")
        d.w(x.iban(style="compact") if i < 2 else x.bad_iban(), "\t", x.amount(), "\t", x.pick(("EUR", "EUR", "GBP", "PLN", "CHF")), "\t",
            x.invoice_no(), "\t", x.date(), "\n")
    if x.chance(0.5):
        first, last = x.person()
        d.w("\nApproved by ", P(first, last), " (", x.email_of(first, last), ")\n")


@template("ap_sap_vendor_screen")
def ap_sap_vendor_screen(d: Doc, x: Values) -> None:
    d.w("Why does F110 reject this vendor? Screen from XK03:\n\n")
    d.w("Display Vendor: Payment transactions\nVendor        ", x.digits(7), "   ", x.company(), "   ", x.city(), "\n")
    d.w("Company Code  ", x.pick(("1000", "2100", "DE01", "FR10")), "\n\nBank details\nCtry Bank Key   Bank Account  IBAN                              BnkT\n")
    d.w(x.pick(("DE  ", "NL  ", "FR  ", "ES  ")), x.digits(8), "      ", x.account_no(), "    ", x.iban(style="compact"), "   0001\n")
    d.w("\nTax information\nVAT Reg.No.   ", x.vat_id(), "\nRecon. account ", x.gl(), "   Sort key 009\nPayt Terms    ZB30\n")
    d.w("Contact person: ", x.name("upper"), "   Tel. ", x.phone(), "\n")
    if x.chance(0.6):
        cred_block(d, x, "\nThe interface settings:\n")


@template("ap_ar_remittance")
def ap_ar_remittance(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("Match this remittance to open items and write the cash application note:\n\n")
    d.w("Remittance advice from ", x.company(), "\nPayment date ", x.date(), "   Reference ", x.invoice_no(), "\n")
    d.w("Paid invoices: ", x.invoice_no(), ", ", x.invoice_no(), "   Total ", x.amount(), "\n\n")
    d.w("Call note: ", P(first, last), " phoned from ", x.phone(), " and paid the remaining balance by card ", x.card(),
        " exp ", f"{x.rng.randrange(1, 13):02d}/{x.rng.randrange(26, 31)}", ". Receipt to ", x.email_of(first, last), ".\n")
    if x.chance(0.5):
        cred_line(d, x, "FYI ", "\n")


@template("answer_ap_reply_draft")
def answer_ap_reply_draft(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("Here is a draft reply:\n\n---\n")
    greet(d, x, "en", first)
    d.w("Thank you for your e-mail regarding invoice ", x.invoice_no(), ". Before we change the bank details in our vendor master, "
        "please send the bank confirmation letter for IBAN ", x.iban(), " signed by two authorised signatories.\n\n"
        "For questions, call me on ", x.phone(), ".\n\nKind regards,\nAccounts Payable\n---\n\n")
    d.w(x.pick(("Note: the previous account on file was ", "For reference, the old account was ")), x.masked_iban(),
        "; I did not repeat it in the reply.\n")


@template("ap_neg_ocr_invoice", 0.0)
def ap_neg_ocr_invoice(d: Doc, x: Values) -> None:
    d.w("What is the due date and total on this invoice?\n\n", ocr(x.company().text, x), "\n", ocr(x.street(), x), ", ", x.city(), "\n")
    d.w("Invoice ", x.invoice_no(), "   Date ", x.date(), "   PO ", x.po_no(), "\nVAT No. ", x.vat_id(), "\n")
    d.w("Total due: ", x.amount(), " EUR   Terms: 45 days net\nPay to: ", x.example_iban() if x.chance(0.4) else x.bad_iban(),
        "  BIC ", x.bic(), "\nQuestions: ", x.example_email() if x.chance(0.5) else x.fict_phone(), "\n")


@template("answer_ap_neg_matching", 0.0)
def answer_ap_neg_matching(d: Doc, x: Values) -> None:
    d.w("I matched the payment to the open items:\n\n| Invoice | PO | GL | Amount |\n|---|---|---|---|\n")
    for _ in range(3):
        d.w("| ", x.invoice_no(), " | ", x.po_no(), " | ", x.gl(), " | ", x.amount(), " |\n")
    d.w("\nThe payment came from account ", x.masked_iban(), " and the card on file ends in ", x.masked_card(),
        ". The difference of ", x.amount(), " should go to cost center ", x.cost_center(), ".\n")


# ================================================================ payroll / HR

@template("payroll_change_request")
def payroll_change_request(d: Doc, x: Values) -> None:
    first, last = x.person()
    hf, hl = x.person()
    d.w(x.pick(("Process this payroll change request and tell me what I need to update in ADP:\n\n",
                "Is anything missing in this request?\n\n")))
    d.w("PAYROLL CHANGE REQUEST\nEmployee: ", P(first, last), "    Employee ID: ", x.employee_id(), "\n")
    us = x.chance(0.5)
    if us:
        d.w("SSN: ", x.ssn(), "    DOB: ", x.dob(), "\nNew direct deposit: routing ", x.routing(), " account ", x.account_no(), "\n")
    else:
        d.w("Date of birth: ", x.dob(), "\nNew bank account (IBAN): ", x.iban(), "\n")
    d.w("Effective: ", x.date(), "    Cost center: ", x.cost_center(), "\nHome address: ", x.street(), ", ", x.city(), "\n")
    d.w("Phone: ", x.phone(region="US" if us else None), "\nApproved by: ", P(hf, hl), " (", x.email_of(hf, hl), ")\n")
    if x.chance(0.3):
        cred_line(d, x, "PS: ", "\n")


@template("payroll_onboarding_ocr")
def payroll_onboarding_ocr(d: Doc, x: Values) -> None:
    first, last = x.person()
    ef, el = x.person()
    d.w("The scan of the new-hire form came out like this, please fill the HRIS fields:\n\n")
    d.w(ocr("EMPLOYEE INFORMATION FORM", x), "\n", ocr("Last name", x), ": ", V(last, "PERSON", "PERSON"), "    ",
        ocr("First name", x), ": ", V(first, "PERSON", "PERSON"), "\n")
    d.w(ocr("Social Security No.", x), ":  ", x.ssn(), "        ", ocr("Date of Birth", x), ": ", x.dob(), "\n")
    d.w(ocr("Address", x), ": ", x.street(), "   ", x.city(), "\n", ocr("Mobile", x), ": ", x.phone(region="US", fmt="national"),
        "    E-mail: ", x.email_of(first, last, x.pick(("gmail.com", "outlook.com", "yahoo.com"))), "\n")
    d.w(ocr("Emergency contact", x), ": ", P(ef, el), "  (", x.pick(("spouse", "mother", "brother", "partner")), ")  ", x.phone(), "\n")
    d.w(ocr("Position", x), ": ", x.pick(TITLES), "   Start: ", x.date(), "   ", ocr("Employee No.", x), " ", x.employee_id(), "\n")


@template("payroll_csv_export")
def payroll_csv_export(d: Doc, x: Values) -> None:
    d.w(x.pick(("Convert this export to the format the new payroll provider wants (JSON lines):\n",
                "Why do rows 2 and 3 fail validation?\n")))
    d.w("emp_id,name,ssn,email,gross,net,cost_center\n")
    for _ in range(x.rng.randrange(2, 4)):
        first, last = x.person()
        d.w(x.employee_id(), ",", P(first, last), ",", x.ssn(style=x.pick(("dashed", "compact"))), ",", x.email_of(first, last, "northwind-traders.com"),
            ",", f"{x.rng.randrange(3000, 9000)}.00,{x.rng.randrange(2000, 6000)}.{x.digits(2)},", x.cost_center(), "\n")


@template("payroll_hris_ticket")
def payroll_hris_ticket(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w(f"INC{x.digits(7)} | HR Systems | P2\nRequester: ", P(first, last), " <", x.email_of(first, last), ">\n")
    d.w("Subject: ", x.pick(("Workday -> ADP sync failing since payroll cut-off", "Personio export returns 401",
                              "SuccessFactors interface stuck")), "\n\nThe nightly HR sync stopped. Config on the integration server:\n")
    cred_block(d, x, fenced=True)
    if x.chance(0.8):
        cred_line(d, x, "I also tried ", "\n")
    d.w("Employees affected: ", x.digits(3), ". Payroll closes on ", x.date(), ".\n")


@template("answer_payroll_summary")
def answer_payroll_summary(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("Summary of the change request:\n\n- Employee: ", P(first, last), " (", x.employee_id(), ")\n- SSN on the form: ",
        N(f"***-**-{x.digits(4)}", "masked", "US_SSN"), "\n- New bank account: ", x.iban(), "\n- Effective date: ", x.date(), "\n")
    d.w("- Contact: ", x.email_of(first, last), "\n\nMissing: the signed direct deposit form. Cost center ", x.cost_center(),
        " stays unchanged.\n")


@template("payroll_neg_journal", 0.0)
def payroll_neg_journal(d: Doc, x: Values) -> None:
    d.w("Explain why this payroll journal doesn't balance:\n\nGL account\tCost center\tDebit\tCredit\tText\n")
    for _ in range(4):
        d.w(x.gl(), "\t", x.cost_center(), "\t", x.amount(), "\t\t", x.pick(("Gross salaries", "Employer SS", "Pension accrual",
                                                                           "Net pay clearing", "Lohnsteuer")), "\n")
    d.w("Batch ", x.employee_id(), " posted on ", x.date(), " by PAYROLL_BATCH.\n")


@template("payroll_neg_policy", 0.0)
def payroll_neg_policy(d: Doc, x: Values) -> None:
    d.w("Our I-9 training deck uses ", x.bad_ssn(), " as the sample SSN and ", x.fict_phone(), " as the phone. ",
        "Is that OK, or should we use something else? Also: employee ID format is ", x.employee_id(),
        ", the ADP company code is ", x.pick(("3XK", "9QB", "T71")), " and our bank's routing number is ", x.routing(), ".\n")


# ================================================================ procurement / vendor onboarding

@template("vendor_master_form")
def vendor_master_form(d: Doc, x: Values) -> None:
    first, last = x.person()
    lg = lang(x)
    d.w(x.pick(("New supplier form below, create the vendor and tell me what's missing:\n\n",
                "Vendor onboarding - please validate the bank and tax data:\n\n")))
    labels = {"en": ("Company", "Contact", "Phone", "E-mail", "Bank account", "Tax ID"),
              "de": ("Firma", "Ansprechpartner", "Telefon", "E-Mail", "Bankverbindung", "USt-IdNr."),
              "fr": ("Société", "Contact", "Téléphone", "Courriel", "Coordonnées bancaires", "N° TVA"),
              "es": ("Empresa", "Contacto", "Teléfono", "Correo", "Cuenta bancaria", "NIF"),
              "nl": ("Bedrijf", "Contactpersoon", "Telefoon", "E-mail", "Bankrekening", "Btw-nummer"),
              "it": ("Ragione sociale", "Referente", "Telefono", "E-mail", "Coordinate bancarie", "Partita IVA"),
              "pt": ("Empresa", "Contacto", "Telefone", "E-mail", "Conta bancária", "NIF"),
              "pl": ("Firma", "Osoba kontaktowa", "Telefon", "E-mail", "Rachunek bankowy", "NIP")}[lg]
    d.w(labels[0], ": ", x.company(), "\n", labels[1], ": ", P(first, last), "\n", labels[2], ": ", x.phone(), "\n",
        labels[3], ": ", x.email_of(first, last), "\n", labels[4], ": ", x.iban(), " / ", x.bic(), "\n", labels[5], ": ", x.vat_id(), "\n")
    d.w("Category: ", x.pick(("Logistics", "IT services", "Facility management", "Marketing")), "   Payment terms: 30 days\n")
    if x.chance(0.35):
        cred_line(d, x, "Note from the buyer: ", "\n")


@template("vendor_portal_invite")
def vendor_portal_invite(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("The supplier forwarded this to us asking why they can't log in. What should I tell them?\n\n> From: ", x.system_email(),
        "\n> To: ", x.email_of(first, last), "\n> Subject: Welcome to the supplier portal\n>\n> Dear ", P(first, last), ",\n")
    d.w("> your account for ", x.company(), " has been created.\n> Username: ", x.email_of(first, last), "\n> ")
    kind = x.least("portal_pw", ("password_prose", "password_kv"))
    d.w("Temporary password: " if kind == "password_kv" else "Your first-time password is ", V(x.password(), "CREDENTIAL", kind),
        "\n> Supplier number: ", x.digits(6), "\n")


@template("vendor_integration_config")
def vendor_integration_config(d: Doc, x: Values) -> None:
    d.w(x.pick(("The Coupa -> SAP invoice interface fails with 401. This is the config:\n",
                "Our procurement integration (Ariba cXML to SAP) broke after the key rotation:\n")))
    cred_block(d, x, fenced=True)
    if x.chance(0.6):
        cred_block(d, x, "and the second connector:\n")
    d.w("Last successful run ", x.date(), ", PO range ", x.po_no(), " - ", x.po_no(), ".\n")


@template("vendor_supplier_mail")
def vendor_supplier_mail(d: Doc, x: Values) -> None:
    lg = lang(x)
    sf, sl = x.person()
    bf, bl = x.person()
    d.w("Translate to English and summarise:\n\n")
    greet(d, x, lg, bf)
    body = {"en": "attached is our updated price list. Delivery to {} will be in week 14, order ",
            "de": "anbei unsere aktualisierte Preisliste. Die Lieferung nach {} erfolgt in KW 14, Bestellung ",
            "fr": "veuillez trouver ci-joint notre liste de prix mise à jour. La livraison à {} aura lieu semaine 14, commande ",
            "es": "adjuntamos nuestra lista de precios actualizada. La entrega en {} será en la semana 14, pedido ",
            "nl": "in de bijlage onze nieuwe prijslijst. Levering naar {} in week 14, bestelling ",
            "it": "in allegato il listino prezzi aggiornato. La consegna a {} avverrà nella settimana 14, ordine ",
            "pt": "em anexo a nossa tabela de preços atualizada. A entrega em {} será na semana 14, encomenda ",
            "pl": "w załączeniu aktualny cennik. Dostawa do {} nastąpi w 14. tygodniu, zamówienie "}[lg]
    d.w(body.format(x.city()), x.po_no(), ".\n", {"en": "Tracking", "de": "Sendungsnummer", "fr": "Suivi", "es": "Seguimiento",
                                                  "nl": "Track & trace", "it": "Tracciamento", "pt": "Rastreio", "pl": "Numer przesyłki"}[lg],
        ": ", x.tracking(), "\n\n")
    signature(d, x, sf, sl, lg, phones=x.rng.randrange(1, 3))


@template("answer_vendor_checklist")
def answer_vendor_checklist(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("Vendor onboarding check for ", x.company(), ":\n\n1. Contact ", P(first, last), ", ", x.phone(), " - call back on this "
        "number (taken from the signed form, not from the e-mail) to confirm the bank details.\n2. IBAN ", x.iban(),
        " passes the check digit test; BIC ", x.bic(), " matches the bank.\n3. VAT ID ", x.vat_id(), " - validate in VIES.\n"
        "4. Send the portal invitation to ", x.email_of(first, last), ".\n")


@template("vendor_neg_po_lines", 0.0)
def vendor_neg_po_lines(d: Doc, x: Values) -> None:
    d.w("Which of these PO lines are still open?\n\nPO\tItem\tMaterial\tQty\tNet price\tDelivery\tTracking\n")
    for i in range(4):
        d.w(x.po_no(), "\t", f"{(i + 1) * 10:05d}", "\t", x.pick(("Safety gloves L", "Label printer ZD421", "A4 paper 80g",
                                                                 "Forklift service", "Laptop dock USB-C")),
            "\t", str(x.rng.randrange(1, 500)), "\t", x.amount(), "\t", x.date(), "\t", x.tracking(), "\n")


@template("answer_vendor_neg", 0.0)
def answer_vendor_neg(d: Doc, x: Values) -> None:
    d.w("The supplier record is complete except the bank data. The form shows ", x.example_iban(), " which is the template's "
        "sample value, and the contact address is ", x.example_email(), ". Ask ", x.company(), " for the real ones; their "
        "VAT ID ", x.vat_id(), " and BIC ", x.bic(), " are fine.\n")


# ================================================================ travel & expenses

@template("expense_report_rows")
def expense_report_rows(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("Audit this expense report against the policy (max 180/night hotel, no alcohol):\n\nEmployee: ", P(first, last),
        "   Report ", x.digits(8), "   Corporate card: ", x.card(brand=x.pick(("visa", "mastercard", "mastercard2", "amex"))), "\n")
    d.w("Date\tMerchant\tCategory\tAmount\tCcy\n")
    for _ in range(x.rng.randrange(3, 5)):
        d.w(x.date(), "\t", x.pick(("NH Hotel Madrid", "Lufthansa", "Uber", "Trenitalia", "Hotel Ibis Kraków", "Starbucks",
                                  "Taxi Porto", "Booking.com")), "\t", x.pick(("Hotel", "Airfare", "Meals", "Taxi", "Rail")), "\t",
            x.amount(), "\t", x.pick(("EUR", "PLN", "GBP", "USD")), "\n")


@template("expense_receipt_ocr")
def expense_receipt_ocr(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("Read this hotel folio and split it into lodging, breakfast and city tax:\n\n")
    d.w(ocr("HOTEL ", x), x.pick(("LE GRAND LYON", "SEVILLA CENTRO", "AMSTEL PARK", "DUOMO MILANO")), "\n", ocr(x.street(), x), "\n",
        "Tel ", x.phone(), "\n\n", ocr("Guest", x), ": ", x.name(x.pick(("upper", "full", "last_first"))), "    Room ", x.digits(3), "\n")
    d.w("Arrival ", x.date(), "  Departure ", x.date(), "  Conf. ", x.booking_ref(), "\n\n")
    d.w(ocr("Room", x), "   3 x ", x.amount(), "\n", ocr("Breakfast", x), "  ", x.amount(), "\n", ocr("City tax", x), "  ", x.amount(), "\n")
    d.w(ocr("Paid by", x), " ", x.pick(("VISA", "MC", "AMEX")), " ", x.card(style=x.pick(("spaced", "compact"))) if x.chance(0.55) else x.masked_card(),
        "\n")
    if x.chance(0.3):
        d.w("Folio e-mailed to ", x.email_of(first, last), "\n")


@template("expense_card_dispute")
def expense_card_dispute(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("Write a dispute letter to the card issuer for me:\n\nI'm ", P(first, last), ". My corporate card ", x.card(),
        " was charged twice by ", x.pick(("Iberia", "KLM", "Hertz", "Marriott")), " on ", x.date(), " (", x.amount(),
        " EUR each). Booking reference ", x.booking_ref(), ". You can reach me at ", x.phone(), " or ", x.email_of(first, last), ".\n")
    if x.chance(0.3):
        cred_line(d, x, "(For the card portal: ", ")\n")


@template("expense_integration")
def expense_integration(d: Doc, x: Values) -> None:
    d.w(x.pick(("The Concur -> SAP expense posting job fails. Here's the job config:\n",
                "Expensify export to our ERP broke this morning, config below:\n")))
    cred_block(d, x, fenced=x.chance(0.7))
    if x.chance(0.5):
        d.w("Last error: HTTP 401 at ", x.date(), ", batch ", x.digits(6), "\n")
    if x.chance(0.8):
        cred_line(d, x, "Also, ", "\n")


@template("answer_expense_audit")
def answer_expense_audit(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("Audit result for ", P(first, last), ":\n\n- 2 hotel nights above the 180 EUR cap (", x.amount(), " total over)\n"
        "- Taxi receipts missing for ", x.date(), "\n- The card charged was ", x.card() if x.chance(0.5) else x.masked_card(),
        "; it is a personal card, so the items need reimbursement, not card clearing.\n\nSuggested comment to the approver: "
        "please return the report to the employee.\n")


@template("expense_neg_itinerary", 0.0)
def expense_neg_itinerary(d: Doc, x: Values) -> None:
    d.w("Can I book this under the travel policy?\n\nItinerary ", x.booking_ref(), "\n", x.pick(("LH1123", "AF1412", "IB3171", "KL1775")),
        " ", x.date(), " FRA-", x.pick(("MAD", "CDG", "AMS", "WAW")), " 07:35-10:20  Economy\nHotel confirmation ", x.booking_ref(),
        ", ", x.city(), ", 3 nights, ", x.amount(), " EUR\nPaid with card ", x.masked_card(), ", cost center ", x.cost_center(), "\n")


@template("expense_neg_policy", 0.0)
def expense_neg_policy(d: Doc, x: Values) -> None:
    d.w("Our Concur test environment uses the card ", x.test_card(), " and the trainer's slides show ", x.luhn_fail(),
        " as the card number. Can you explain what the receipt limit of 25 EUR means for the ", x.city(), " trip, report ",
        x.digits(8), "?\n")


# ================================================================ treasury

@template("treasury_payment_letter")
def treasury_payment_letter(d: Doc, x: Values) -> None:
    s1, l1 = x.person()
    s2, l2 = x.person()
    bf, bl = x.person()
    d.w(x.pick(("Check this payment instruction before I send it to the bank:\n\n", "Turn this letter into a pain.001 entry:\n\n")))
    d.w("PAYMENT INSTRUCTION - ", x.pick(("SEPA Credit Transfer", "SWIFT MT103 / urgent", "Eilüberweisung")), "\nDebit account: ",
        x.iban(), "\nBeneficiary: ", P(bf, bl) if x.chance(0.4) else x.company(), "\nBeneficiary IBAN: ", x.iban(), "   BIC: ", x.bic(), "\n")
    d.w("Amount: EUR ", x.amount(), "   Value date: ", x.date(), "\nReference: ", x.invoice_no(), "\n\nAuthorised signatories:\n",
        P(s1, l1), "   ", P(s2, l2), "\nCall-back contact: ", x.phone(), "\n")
    if x.chance(0.35):
        cred_line(d, x, "\nBank portal access while I'm away: ", "\n")


@template("treasury_bank_letter_ocr")
def treasury_bank_letter_ocr(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("OCR of the bank confirmation letter, does it match our vendor master?\n\n", ocr(x.pick(("ING Bank N.V.", "Deutsche Bank AG",
                                                                                               "CaixaBank S.A.", "Banco BPI")), x), "\n")
    d.w(ocr("Bestätigung der Kontoverbindung / Account confirmation", x), "\n\n", ocr("Account holder", x), ": ", x.company(), "\n")
    d.w("IBAN  ", x.iban(style="grouped"), "\n", "BIC   ", x.bic(), "\n", ocr("Opened on", x), ": ", x.date(), "\n\n")
    d.w(ocr("Your relationship manager", x), ": ", P(first, last), ", ", x.phone(), ", ", x.email_of(first, last), "\n")


@template("treasury_h2h_config")
def treasury_h2h_config(d: Doc, x: Values) -> None:
    d.w(x.pick(("Our host-to-host connection to the bank fails since Monday. Settings:\n",
                "EBICS/SFTP upload of the payment files is rejected, this is what the job uses:\n")))
    d.w("Bank gateway: ", x.ip4(private=False), " port 22 (whitelisted egress IP ", x.ip4(private=False), ")\n")
    cred_block(d, x, fenced=True)
    if x.chance(0.5):
        cred_block(d, x, "fallback profile:\n", fenced=False)
    d.w("File: ", x.pick(("pain001_", "PAYEXT_", "camt053_")), x.digits(8), ".xml\n")


@template("treasury_cash_csv")
def treasury_cash_csv(d: Doc, x: Values) -> None:
    d.w("Build the daily cash position from this export (sum per bank, EUR equivalent):\n\n")
    d.w("bank;bic;iban;currency;balance;value_date\n")
    for _ in range(x.rng.randrange(3, 5)):
        d.w(x.pick(("Commerzbank", "BNP Paribas", "ING", "Santander", "UniCredit", "PKO BP", "Millennium BCP")), ";", x.bic(), ";",
            x.iban(style="compact"), ";", x.pick(("EUR", "EUR", "PLN", "CHF", "GBP")), ";", x.amount(), ";", x.date(), "\n")
    if x.chance(0.4):
        cred_block(d, x, "\nThe export script reads from:\n")


@template("answer_treasury_payment_check")
def answer_treasury_payment_check(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("I checked the instruction:\n\n- Beneficiary IBAN ", x.iban(), " is valid (mod-97) and the BIC ", x.bic(),
        " belongs to the same country.\n- The debit account ", x.masked_iban(), " is the EUR operating account.\n- The amount "
        "exceeds the single-signature limit, so ", P(first, last), " must co-sign.\n- Call-back before release: ", x.phone(), ".\n")
    if x.chance(0.3):
        cred_line(d, x, "- Do not keep this in the instruction file: ", "\n")


@template("treasury_neg_mt940", 0.0)
def treasury_neg_mt940(d: Doc, x: Values) -> None:
    d.w("What does each field mean in this statement?\n\n:20:", x.digits(10), "\n:25:", x.bic(), "/", x.account_no(), "\n:28C:",
        x.digits(5), "/1\n:60F:C", x.digits(6), "EUR", x.amount().replace(",", ""), "\n:61:", x.digits(10), "D", x.digits(4),
        ",00NTRF", x.invoice_no(), "//", x.digits(8), "\n:86:SEPA Ueberweisung ", x.company(), " ", x.invoice_no(), "\n:62F:C", x.digits(6),
        "EUR", x.digits(5), ",12\n")


@template("answer_treasury_neg", 0.0)
def answer_treasury_neg(d: Doc, x: Values) -> None:
    d.w("The payment was rejected because the creditor account ", x.bad_iban(), " fails the IBAN check digits (the bank returned "
        "AC01). The BIC ", x.bic(), " is fine. Ask the vendor to confirm in writing; meanwhile the item stays on block R in "
        "the payment proposal ", x.digits(6), ". Sort code ", x.sort_code(), " is only needed for the GBP account, and ABA ", x.routing(), " with account ", x.account_no(),
        " for the USD one.\n")


# ================================================================ IT helpdesk

@template("helpdesk_reset_ticket")
def helpdesk_reset_ticket(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("Ticket ", f"RITM{x.digits(7)}", "  Category: Access / Password reset\nCaller: ", P(first, last), " (",
        x.pick(TITLES), ")\nE-mail: ", x.email_of(first, last), "   Phone: ", x.phone(), "\nLaptop: ", x.pick(("FIN-LT-", "HR-NB-")),
        x.digits(4), "   IP ", x.ip4(private=True), "\n\nDescription:\nLocked out of SAP and the VPN after the password change. ")
    cred_line(d, x, "", "\n")
    d.w("Work notes: identity verified by call-back.\n")
    if x.chance(0.6):
        cred_line(d, x, "Update: ", "\n")


@template("helpdesk_report_db")
def helpdesk_report_db(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("Finance's month-end Power BI report can't refresh. ", P(first, last), " sent me this, what's wrong?\n\n")
    cred_block(d, x, fenced=True)
    d.w("Error: Login failed for user 'rpt_reader'. Gateway ", x.pick(("bi-gw02", "PBI-GW-01")), " at ", x.ip4(private=True), "\n")
    if x.chance(0.8):
        cred_block(d, x, "The dataflow has this too:\n")


@template("helpdesk_vpn_wifi")
def helpdesk_vpn_wifi(d: Doc, x: Values) -> None:
    lg = lang(x)
    first, _ = x.person()
    d.w("Rewrite this as a friendly helpdesk reply in ", {"en": "English", "de": "German", "fr": "French", "es": "Spanish",
                                                           "nl": "Dutch", "it": "Italian", "pt": "Portuguese", "pl": "Polish"}[lg], ":\n\n")
    greet(d, x, "en", first)
    d.w("VPN profile for the new AP clerks: server vpn.fabrikam.de, group FIN-REMOTE. ")
    cred_line(d, x, "", ".\n")
    d.w("The finance office Wi-Fi is FAB-FIN-5G; ")
    cred_line(d, x, "", ".\n")
    d.w("If it fails, call the service desk on ", x.phone(), ".\n")


@template("helpdesk_service_account")
def helpdesk_service_account(d: Doc, x: Values) -> None:
    d.w(x.pick(("This scheduled task copies the bank statements every night and started failing. Fix it?\n",
                "Review this script the AR team uses for the lockbox files:\n")))
    cred_block(d, x, fenced=True)
    cred_block(d, x, "And the scheduler config:\n", fenced=x.chance(0.5))
    d.w("Runs on ", x.pick(("FINAPP01", "APP-AR-02")), " (", x.ip4(private=True) if x.chance(0.6) else x.ip6(), ") as ", x.pick(("svc_ap_export", "svc-lockbox")), ".\n")


@template("answer_helpdesk_rotate")
def answer_helpdesk_rotate(d: Doc, x: Values) -> None:
    d.w("The 401 comes from the expired credential. Here is the corrected config - but you pasted a live secret, so rotate it "
        "after this:\n\n")
    cred_block(d, x, fenced=True)
    d.w("Then store it in Key Vault and reference it as ", x.secret_ref(), ".\n")
    if x.chance(0.5):
        cred_line(d, x, "The same applies to the value in your second message (", ").\n")


@template("helpdesk_neg_ticket", 0.0)
def helpdesk_neg_ticket(d: Doc, x: Values) -> None:
    d.w("Ticket ", f"INC{x.digits(7)}", " | Finance apps | P3\nSAP GUI ", x.version4(), " crashes when opening FBL1N. Client ID ",
        x.guid(), ", config:\n```\nSAP_PASSWORD=", x.placeholder("password_kv"), "\nAPI_KEY=", x.placeholder("azure_openai_key"),
        "\nCREDS=", x.secret_ref(), "\n```\nTest server ", x.doc_ip(), ", docs example key ", x.documented(), ".\n")


@template("answer_helpdesk_neg", 0.0)
def answer_helpdesk_neg(d: Doc, x: Values) -> None:
    d.w("Don't put the password in the script. Use a placeholder like ", x.placeholder("password_kv"), " and read it at runtime from ",
        x.secret_ref(), ". The request id ", x.guid(), " in your log is not a key. Your SAP GUI build ", x.version4(),
        " is supported; the test gateway ", x.doc_ip(), " is only for the sandbox.\n")


# ================================================================ chat

def _chat_line(d: Doc, x: Values, who: V, minute: int, *parts) -> None:  # noqa: ANN002
    d.w(f"[{minute // 60:02d}:{minute % 60:02d}] ", who, ": ", *parts, "\n")


@template("chat_teams_thread")
def chat_teams_thread(d: Doc, x: Values) -> None:
    a, _ = x.person()
    b, bl = x.person()
    m = x.rng.randrange(8 * 60, 17 * 60)
    d.w("Summarise this Teams thread for the AP team lead:\n\n")
    _chat_line(d, x, F(a), m, "the vendor called again about ", x.invoice_no(), ", they say we paid the old account")
    _chat_line(d, x, V(f"{b} {bl}", "PERSON", "PERSON"), m + 2, "new IBAN they sent: ", x.iban(), " - I'm not changing it without the letter")
    _chat_line(d, x, F(a), m + 3, "agreed. their number is ", x.phone(), " if you want to call back")
    if x.chance(0.8):
        _chat_line(d, x, F(b), m + 5, *credential(x, "line"))


@template("chat_slack_export")
def chat_slack_export(d: Doc, x: Values) -> None:
    a, al = x.person()
    b, bl = x.person()
    d.w("What did we agree in this channel export?\n\n")
    handle = f"{a}.{al}".lower().replace(" ", "")
    d.w("{\"user\": \"U0", x.digits(8), "\", \"user_name\": \"", V(handle, "PERSON", "PERSON"), "\", \"text\": \"payroll cut-off is ",
        x.date(), ", send changes to ", x.role_email(), "\"}\n")
    d.w("{\"user\": \"U0", x.digits(8), "\", \"user_name\": \"", V(f"{b} {bl}", "PERSON", "PERSON"), "\", \"text\": \"", *credential(x, "line"),
        "\"}\n")
    if x.chance(0.5):
        d.w("{\"user\": \"U0", x.digits(8), "\", \"user_name\": \"", V(handle, "PERSON", "PERSON"), "\", \"text\": \"ok, my SSN for the W-4 fix is ",
            x.ssn(), "\"}\n")


@template("chat_dm_pasted")
def chat_dm_pasted(d: Doc, x: Values) -> None:
    a, al = x.person()
    m = x.rng.randrange(8 * 60, 17 * 60)
    d.w(x.pick(("Is it OK that my colleague sent me this in chat?\n\n", "Clean this up into a handover note:\n\n")))
    _chat_line(d, x, P(a, al), m, "covering for me tomorrow - treasury login below")
    _chat_line(d, x, F(a), m + 1, *credential(x, "line"))
    if x.chance(0.5):
        _chat_line(d, x, F(a), m + 2, "card for the team lunch is ", x.card(), ", limit 300")
    _chat_line(d, x, F(a), m + 3, "call me on ", x.phone(), " if the bank rings")


@template("answer_chat_summary")
def answer_chat_summary(d: Doc, x: Values) -> None:
    a, al = x.person()
    b, bl = x.person()
    d.w("Summary of the thread:\n\n- ", P(a, al), " reports that ", x.company(), " was paid to the old account for invoice ",
        x.invoice_no(), ".\n- ", P(b, bl), " refuses to update the vendor to ", x.iban(), " until the bank letter arrives.\n"
        "- Call-back number on file: ", x.phone(), ".\n")
    if x.chance(0.6):
        d.w("- A credential was posted in the thread (", *credential(x, "line"), "); ask IT to rotate it.\n")


@template("chat_neg_thread", 0.0)
def chat_neg_thread(d: Doc, x: Values) -> None:
    m = x.rng.randrange(8 * 60, 17 * 60)
    d.w("Summarise for the month-end checklist:\n\n")
    bot = N(x.pick(("AP Bot", "Concur Notifications", "Month-End Tracker")), "bot_name", "PERSON")
    _chat_line(d, x, bot, m, "reminder: accruals due ", x.date(), ", cost center ", x.cost_center())  # type: ignore[arg-type]
    d.w(f"[{(m + 4) // 60:02d}:{(m + 4) % 60:02d}] You: ", "posted GL ", x.gl(), " for ", x.amount(), ", PO ", x.po_no(), "\n")
    d.w(f"[{(m + 6) // 60:02d}:{(m + 6) % 60:02d}] ", N("Controller", "job_title", "PERSON"), ": ok, invoice ", x.invoice_no(),
        " still blocked, card ", x.masked_card(), "\n")


@template("chat_neg_bot", 0.0)
def chat_neg_bot(d: Doc, x: Values) -> None:
    d.w("Explain this notification:\n\n", x.system_email(), " wrote:\nYour expense report ", x.digits(8), " was approved. Reimbursement of ",
        x.amount(), " EUR will be paid to account ", x.masked_iban(), ". Questions? Contact ", x.example_email(), " or ", x.fict_phone(),
        ".\nTracking: ", x.tracking(), "\n")


# ---------------------------------------------------------------------- weights: equal kinds, NEG_SHARE negatives

def kind_of(genre: str) -> str:
    return genre.removeprefix("answer_").split("_")[0]


NEGATIVE = frozenset(t.genre for t in REGISTRY.templates if "_neg_" in t.genre or t.genre.endswith("_neg"))


def _reweigh() -> None:
    out = []
    for t in REGISTRY.templates:
        k = kind_of(t.genre)
        same = [u for u in REGISTRY.templates if kind_of(u.genre) == k and (u.genre in NEGATIVE) == (t.genre in NEGATIVE)]
        share = NEG_SHARE if t.genre in NEGATIVE else 1 - NEG_SHARE
        out.append(replace(t, weight=share / len(same)))
    REGISTRY.templates[:] = out


_reweigh()
