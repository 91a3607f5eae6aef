"""The fifteenth corpus's templates: what the staff of banks, insurers, telcos, clinics and retailers paste
into their assistant, and what it answers, in six kinds in about equal shares: customer-service cases and
call notes (`case`), payroll / HR / finance operations (`payroll`), healthcare administration (`health`),
fraud and KYC reviews (`fraud`), the IT operations behind them (`itops`) and mail and chat between staff
(`staff`). An `answer_` genre is the assistant's reply (it drafts, summarises, extracts into a table or
JSON, fixes, or masks what it was given). Genres ending in `_neg` are hard-negative texts: look-alikes
only, no labelled value. Some texts are in German, French, Spanish, Italian, Portuguese, Dutch, Polish or
Swedish."""

from __future__ import annotations

from dataclasses import replace

from tests.dlp_blind9.build import Doc, Registry, Template
from tests.dlp_blind15.snippets import cred
from tests.dlp_blind15.values import Values, rand
from tests.dlp_eval.corpus import N, V

REGISTRY = Registry("b15")
template = REGISTRY.template

LANGS = ("de", "fr", "es", "it", "pt", "nl", "pl", "sv")

# Phrases of the multilingual templates, per language.
L = {
    "de": {"hi": "Hallo zusammen,", "ask": "Kannst du diese Gesprächsnotiz für das Reklamationsteam zusammenfassen?",
           "caller": "Anruferin", "says": "gibt an, dass die Abbuchung nicht von ihr stammt.", "cb": "Rückruf unter",
           "iban": "Bitte überweisen Sie die Erstattung auf mein neues Konto, IBAN", "thanks": "Vielen Dank und viele Grüße",
           "vendor": "ab sofort hat sich unsere Bankverbindung geändert. Neue IBAN:", "patient": "Patientin",
           "resched": "möchte den Termin verschieben und bittet um Rückruf unter", "pw": "Zugang für die neue Kollegin:",
           "translate": "Bitte ins Englische übersetzen:", "mail": "E-Mail"},
    "fr": {"hi": "Bonjour à tous,", "ask": "Peux-tu résumer cette note d'appel pour l'équipe litiges ?",
           "caller": "Appelante", "says": "affirme ne pas avoir effectué ce paiement.", "cb": "Rappeler au",
           "iban": "Merci de verser le remboursement sur mon nouveau compte, IBAN", "thanks": "Cordialement",
           "vendor": "nos coordonnées bancaires ont changé à compter de ce jour. Nouvel IBAN :", "patient": "Patiente",
           "resched": "souhaite décaler son rendez-vous, merci de la rappeler au", "pw": "Accès pour la nouvelle collègue :",
           "translate": "Traduis en anglais, s'il te plaît :", "mail": "courriel"},
    "es": {"hi": "Hola equipo:", "ask": "¿Puedes resumir esta nota de llamada para el equipo de disputas?",
           "caller": "Llamante", "says": "indica que no reconoce el cargo.", "cb": "Devolver la llamada al",
           "iban": "Por favor, abonen el reembolso en mi nueva cuenta, IBAN", "thanks": "Un saludo",
           "vendor": "les informamos de que nuestros datos bancarios han cambiado. Nuevo IBAN:", "patient": "Paciente",
           "resched": "quiere cambiar la cita y pide que la llamen al", "pw": "Acceso para la nueva compañera:",
           "translate": "Tradúcelo al inglés, por favor:", "mail": "correo"},
    "it": {"hi": "Ciao a tutti,", "ask": "Puoi riassumere questa nota di chiamata per il team contestazioni?",
           "caller": "Chiamante", "says": "dichiara di non aver autorizzato l'addebito.", "cb": "Richiamare al",
           "iban": "Vi prego di accreditare il rimborso sul mio nuovo conto, IBAN", "thanks": "Cordiali saluti",
           "vendor": "vi comunichiamo che le nostre coordinate bancarie sono cambiate. Nuovo IBAN:", "patient": "Paziente",
           "resched": "vuole spostare l'appuntamento e chiede di essere richiamata al", "pw": "Accesso per la nuova collega:",
           "translate": "Traduci in inglese, per favore:", "mail": "e-mail"},
    "pt": {"hi": "Olá a todos,", "ask": "Podes resumir esta nota de chamada para a equipa de reclamações?",
           "caller": "Cliente", "says": "diz que não reconhece o débito.", "cb": "Ligar de volta para o",
           "iban": "Peço que o reembolso seja feito para a minha nova conta, IBAN", "thanks": "Com os melhores cumprimentos",
           "vendor": "informamos que os nossos dados bancários mudaram. Novo IBAN:", "patient": "Utente",
           "resched": "pede para remarcar a consulta e ligar de volta para o", "pw": "Acesso para a nova colega:",
           "translate": "Traduz para inglês, por favor:", "mail": "e-mail"},
    "nl": {"hi": "Hoi allemaal,", "ask": "Kun je deze gespreksnotitie samenvatten voor het geschillenteam?",
           "caller": "Beller", "says": "zegt dat zij deze afschrijving niet herkent.", "cb": "Terugbellen op",
           "iban": "Graag de terugbetaling overmaken naar mijn nieuwe rekening, IBAN", "thanks": "Met vriendelijke groet",
           "vendor": "per direct zijn onze bankgegevens gewijzigd. Nieuw IBAN:", "patient": "Patiënt",
           "resched": "wil de afspraak verzetten en vraagt om terugbellen op", "pw": "Toegang voor de nieuwe collega:",
           "translate": "Vertaal dit naar het Engels, alsjeblieft:", "mail": "e-mail"},
    "pl": {"hi": "Cześć wszystkim,", "ask": "Możesz streścić tę notatkę z rozmowy dla zespołu reklamacji?",
           "caller": "Dzwoniąca", "says": "twierdzi, że nie zleciła tej płatności.", "cb": "Oddzwonić pod numer",
           "iban": "Proszę o zwrot na moje nowe konto, IBAN", "thanks": "Z poważaniem",
           "vendor": "informujemy, że zmieniły się nasze dane bankowe. Nowy IBAN:", "patient": "Pacjentka",
           "resched": "chce przełożyć wizytę i prosi o telefon pod numer", "pw": "Dostęp dla nowej koleżanki:",
           "translate": "Przetłumacz na angielski, proszę:", "mail": "e-mail"},
    "sv": {"hi": "Hej allihop,", "ask": "Kan du sammanfatta den här samtalsanteckningen åt tvisteteamet?",
           "caller": "Uppringare", "says": "säger att hon inte känner igen dragningen.", "cb": "Ring tillbaka på",
           "iban": "Vänligen betala tillbaka till mitt nya konto, IBAN", "thanks": "Med vänliga hälsningar",
           "vendor": "från och med idag har våra bankuppgifter ändrats. Nytt IBAN:", "patient": "Patient",
           "resched": "vill boka om sin tid och ber om återuppringning på", "pw": "Inloggning för den nya kollegan:",
           "translate": "Översätt till engelska, tack:", "mail": "e-post"},
}

LANG_PHONE = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pt": "PT", "nl": "NL", "pl": "PL", "sv": "SE"}
LANG_IBAN = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pt": "PT", "nl": "NL", "pl": "PL", "sv": "SE"}


def lang(v: Values) -> str:
    return v.least("lang", LANGS)


def maybe_cred(d: Doc, v: Values, p: float, before: str = "\n", lang_: str = "en") -> None:
    if v.rng.random() < p:
        _, parts = cred(v, lang_)
        d.w(before, *parts, "\n")


def who(v: Values, p: float, instead: str) -> V | str:
    """A named person with probability `p`, else a phrase that names no one."""
    return v.person() if v.rng.random() < p else instead


ASIDE = ("\nP.S. for IT, the integration that logs these cases uses:\n", "\n(IT asked me to include the connector setting: ",
         "\nSide note, the export to the bank partner runs with ", "\nAlso, the vendor portal login from the runbook: ")


def aside(d: Doc, v: Values, p: float, lang_: str = "en") -> None:
    """Sometimes a credential pasted in passing at the end of a business text."""
    if v.rng.random() < p:
        head = v.pick(*ASIDE)
        _, parts = cred(v, lang_)
        d.w(head, *parts, ")\n" if head.startswith("\n(") else "\n")


# ============================== customer-service cases ==============================================


@template("case_dispute_note")
def case_dispute_note(d: Doc, v: Values) -> None:
    name = who(v, 0.5, "The cardholder")
    d.w(v.pick("Summarise this call note for the disputes queue, three bullets max:\n\n",
               "Can you turn this into a clean chargeback request? Notes from my call:\n\n"),
        "Case ", v.case(), " | opened ", v.date(), "\n",
        name, " called about a charge of ", v.amount(), " from ", v.company(), " she does not recognise. ",
        "Card used: ", v.card(), ". ", v.pick("She still has the card.", "Card is blocked since this morning."), "\n")
    if v.rng.random() < 0.3:
        d.w("Best callback ", v.phone(), ", after 5pm.\n")
    else:
        d.w("Old card on file ", v.masked(), " was replaced in ", v.date(), ".\n")
    aside(d, v, 0.35)


@template("case_claim_payout")
def case_claim_payout(d: Doc, v: Values) -> None:
    name = v.person()
    sender = v.email(name) if v.rng.random() < 0.5 else v.example_email()
    d.w("From: ", sender, "\nSubject: Re: claim ", v.claim(), " water damage\n\n",
        "Dear claims team,\n\nfollowing the visit of your assessor on ", v.date(), ", please pay the settlement of ",
        v.amount(), " to my account ", v.iban(), " (", v.bic(), ").\n",
        "My policy number is ", v.policy(), ".\n\nKind regards,\n", name if sender.kind == "example_email" else "H.", "\n\n",
        v.pick("---\nDraft a short acknowledgement for me?", "---\nIs anything missing before we can pay this?"))


@template("case_telco_port")
def case_telco_port(d: Doc, v: Values) -> None:
    name = who(v, 0.4, "(as on the contract)")
    d.w(v.pick("Porting request stuck, what do I tell the customer?\n\n", "Help me write up this port-in escalation:\n\n"),
        "Account ref: ", v.account_ref(), "\nAccount holder: ", name, "\nNumber to port: ", v.phone(),
        "\nDonor operator: ", v.pick("Vodafone", "Orange", "Telekom", "O2", "Telia", "KPN"), "\nRequested date: ", v.date(),
        "\nRejection reason from donor: ", v.pick("'PAC mismatch'", "'account holder name differs'", "'number still in contract'"),
        "\n")
    if v.rng.random() < 0.3:
        d.w("Contact e-mail on the order: ", v.email(), "\n")
    aside(d, v, 0.35)


@template("case_refund_chat")
def case_refund_chat(d: Doc, v: Values) -> None:
    agent, cust = v.pick("Agent", "Agent", "Agent 114"), who(v, 0.5, "same as on the account")
    d.w("Chat transcript, order ", v.invoice(), ":\n",
        "[10:02] Customer: hi, I was charged twice for the same order\n",
        "[10:03] ", agent, ": sorry about that! Can you confirm the name on the order?\n",
        "[10:03] Customer: ", cust, "\n",
        "[10:05] Customer: the card is ", v.card(), " and both charges are ", v.amount(), "\n",
        "[10:06] ", agent, ": thanks, refund raised for one of them.\n\n",
        "Write the case summary for the refunds team.\n")
    aside(d, v, 0.35)


@template("case_call_note_i18n", weight=1.4)
def case_call_note_i18n(d: Doc, v: Values) -> None:
    lg = lang(v)
    t = L[lg]
    name = who(v, 0.5, "—")
    d.w(t["ask"], "\n\n", t["caller"], ": ", name, " — ", v.case(), "\n",
        t["says"], " ", v.amount(), ", ", v.date(), ".\n")
    if v.rng.random() < 0.5:
        d.w(t["cb"], " ", v.phone(LANG_PHONE[lg], v.pick("national", "international")), ".\n")
    else:
        d.w(t["iban"], " ", v.iban(LANG_IBAN[lg]), ".\n")
    aside(d, v, 0.35, lg)


@template("answer_case_refund_reply")
def answer_case_refund_reply(d: Doc, v: Values) -> None:
    name = v.person()
    d.w("Here is a reply you can send:\n\n---\nDear ", name, ",\n\n",
        "Thank you for your patience. We have refunded ", v.amount(), " to your card ", v.masked(),
        ". Refunds usually appear within 3-5 business days. Your reference is ", v.case(), ".\n\n",
        "If you have questions, reply to this e-mail or call us on ", v.fict_phone(),
        ".\n\n", v.pick("Kind regards,\n", "Best wishes,\n"), "Customer Care, ", v.company(), "\n---\n\n",
        "I masked the card number from your notes; keep the full number out of outgoing mail.")
    if v.rng.random() < 0.5:
        d.w(" I also used the address the customer gave on the call, ", v.email(), ", as the recipient.")


@template("answer_case_extract")
def answer_case_extract(d: Doc, v: Values) -> None:
    name = who(v, 0.5, "(not given)")
    d.w("Extracted from the complaint letter:\n\n```json\n{\n  \"customer\": \"", name, "\",\n",
        "  \"policy\": \"", v.policy(), "\",\n  \"phone\": \"", v.phone(), "\",\n",
        "  \"complaint_date\": \"", v.date(), "\",\n  \"amount_disputed\": \"", v.amount(), "\",\n",
        "  \"requested_action\": \"", v.pick("refund", "cancel policy", "re-assess claim"), "\"\n}\n```\n",
        "The letter gives no e-mail address, so I left it out.\n")
    aside(d, v, 0.35)


@template("case_neg", weight=1.3)
def case_neg(d: Doc, v: Values) -> None:
    d.w(v.pick("Is it OK to send this to the customer as-is?\n\n", "Summarise the dispute status for the weekly report:\n\n"),
        "Dispute ", v.case(), " — card ", v.masked(), ", disputed ", v.amount(), " on ", v.date(), ".\n",
        "Merchant: ", v.company(), ". Chargeback reason code 10.4. Provisional credit ", v.amount(), ".\n",
        "Policy ", v.policy(), " / claim ", v.claim(), " linked. The customer read out the card starting ",
        N(v.pick("4539", "5412", "3714"), "masked", "CREDIT_CARD"), " and ending ", N(rand(v.rng, "0123456789", 4), "masked",
                                                                                      "CREDIT_CARD"),
        "; we never store the full number.\n",
        "Test transaction from QA used ", v.test_card(), " and was reversed.\n")


@template("answer_case_neg")
def answer_case_neg(d: Doc, v: Values) -> None:
    d.w("Summary of open cases:\n\n| Case | Product | Amount | Opened | Status |\n|---|---|---|---|---|\n")
    for _ in range(v.rng.randrange(2, 4)):
        d.w("| ", v.case(), " | ", N(v.pick("Visa Gold", "Home Insurance Plus", "Fibre 1000", "Mobile Max"), "not_person", "PERSON"), " | ", v.amount(),
            " | ", v.date(), " | ", v.pick("waiting on customer", "escalated", "closed"), " |\n")
    d.w("\nThe card on the first case is only known as ", v.masked(), ", and the SSN field shows ", v.masked("US_SSN"),
        ", so nothing needs redacting before you share this.")


# ============================== payroll / HR / finance ===============================================


@template("payroll_vendor_change", weight=1.3)
def payroll_vendor_change(d: Doc, v: Values) -> None:
    if v.rng.random() < 0.5:
        lg = lang(v)
        t = L[lg]
        name = who(v, 0.4, "Finance")
        d.w("Is this vendor e-mail legit or a payment-diversion attempt?\n\n", t["hi"], "\n", t["vendor"], " ",
            v.iban(LANG_IBAN[lg]), " — BIC ", v.bic(), ".\n", v.invoice(), "\n", t["thanks"], "\n", name, "\n")
        aside(d, v, 0.35, lg)
        return
    name = v.person()
    d.w("Accounts payable question: supplier asked to change bank details.\n\n",
        "From: ", v.email(name) if v.rng.random() < 0.6 else v.example_email(), "\nSubject: Updated remittance details\n\n",
        "Please update our account for all open invoices (", v.invoice(), ", ", v.invoice(), ") to:\n",
        "Account name: Northwind Supplies Ltd\n", "IBAN: ", v.iban(), "\nSort code: ", v.sort_code(), "\n\nThanks, AR team\n")
    aside(d, v, 0.35)


@template("payroll_payslip_query")
def payroll_payslip_query(d: Doc, v: Values) -> None:
    name = who(v, 0.6, "(employee)")
    d.w(v.pick("Draft a reply to this employee, friendly tone:\n\n", "What should payroll answer here?\n\n"),
        "Hi payroll, my payslip for ", v.pick("March", "September", "June"), " shows a deduction of ", v.amount(),
        " I don't understand. Employee no. ", v.member(), ".\n")
    if v.rng.random() < 0.55:
        d.w("For the W-2 correction my SSN is ", v.ssn(), ".\n")
    else:
        d.w("You can reach me on ", v.phone(), ".\n")
    d.w("Thanks,\n", name, "\n")
    aside(d, v, 0.35)


@template("payroll_sepa_xml")
def payroll_sepa_xml(d: Doc, v: Values) -> None:
    d.w("The bank rejects this pain.001 with 'invalid creditor'. What's wrong?\n\n```xml\n<CdtTrfTxInf>\n",
        "  <PmtId><EndToEndId>", v.invoice(), "</EndToEndId></PmtId>\n",
        "  <Amt><InstdAmt Ccy=\"EUR\">", v.amount(), "</InstdAmt></Amt>\n",
        "  <CdtrAgt><FinInstnId><BIC>", v.bic(), "</BIC></FinInstnId></CdtrAgt>\n",
        "  <Cdtr><Nm>", v.person() if v.rng.random() < 0.6 else v.not_person(), "</Nm></Cdtr>\n",
        "  <CdtrAcct><Id><IBAN>", v.iban(style="compact"), "</IBAN></Id></CdtrAcct>\n</CdtTrfTxInf>\n```\n")
    maybe_cred(d, v, 0.5, "\nUpload runs from the batch host with ")


@template("payroll_ach_csv")
def payroll_ach_csv(d: Doc, v: Values) -> None:
    d.w("Convert these new-hire rows to the ACH vendor format:\n\n",
        "employee,ssn,routing,account,net_pay\n")
    for _ in range(1):
        d.w(v.person(), ",", v.ssn(v.pick("compact", "dash")), ",", v.routing(), ",", v.account_ref(), ",", v.amount(), "\n")
    d.w("\nEffective date ", v.date(), ". Batch header company id ", v.id9(), ".\n")
    aside(d, v, 0.35)


@template("payroll_expense")
def payroll_expense(d: Doc, v: Values) -> None:
    name = who(v, 0.5, "(employee)")
    d.w("Expense claim rejected by Concur, please explain why:\n\n",
        "Claimant: ", name, "\nTrip: ", N(v.pick("Lisbon", "Frankfurt", "Milan"), "not_person", "PERSON"), " client workshop, ", v.date(), "\n",
        "Hotel ", v.amount(), " paid with corporate card ", v.card(), "\nTaxi ", v.amount(), " (no receipt)\n",
        "Cost centre ", v.id9(), "\n")
    aside(d, v, 0.35)


@template("answer_payroll_json")
def answer_payroll_json(d: Doc, v: Values) -> None:
    d.w("Here are the payee records as JSON:\n\n```json\n[\n  {\"payee\": \"", v.not_person(), "\", \"iban\": \"", v.iban(),
        "\", \"amount\": \"", v.amount(), "\", \"reference\": \"", v.invoice(), "\"}")
    if v.rng.random() < 0.5:
        d.w(",\n  {\"payee\": \"", v.person(), "\", \"iban\": \"", v.iban(), "\", \"amount\": \"", v.amount(), "\"}")
    d.w("\n]\n```\nThe third row had no IBAN, only ", v.masked("IBAN_CODE"), ", so I left it out.")


@template("payroll_neg", weight=1.2)
def payroll_neg(d: Doc, v: Values) -> None:
    d.w(v.pick("Invoice dispute, draft my reply to the supplier:\n\n", "Why did this payment bounce?\n\n"),
        "Invoice ", v.invoice(), " dated ", v.date(), " for ", v.amount(), ", PO ", v.invoice(), ".\n",
        "They quote IBAN ", v.bad_iban(), " on the invoice but our master data has ", v.masked("IBAN_CODE"), ".\n",
        "BIC ", v.bic(), ", sort code ", v.sort_code(), ". The training deck uses ", v.example_iban(), " as its sample.\n",
        "VAT ", v.amount(), " was charged twice. Accounts Payable contact: ", v.example_email(), "\n")


@template("answer_payroll_neg")
def answer_payroll_neg(d: Doc, v: Values) -> None:
    d.w("Payslip breakdown for the employee (no personal data included):\n\n",
        "- Gross: ", v.amount(), "\n- Tax withheld: ", v.amount(), "\n- Pension ", v.amount(), "\n- Net: ", v.amount(), "\n",
        "- Pay date: ", v.date(), "\n- Employee id: ", v.member(), "\n\n",
        "The SSN on the form is shown as ", v.masked("US_SSN"), "; the value ", v.bad_ssn(),
        " in the old export is not a valid SSN (it was a test record).")


# ============================== healthcare administration ============================================


@template("health_appointment")
def health_appointment(d: Doc, v: Values) -> None:
    name = who(v, 0.6, "(see chart)")
    d.w(v.pick("Reschedule request from the front desk, write the SMS:\n\n", "Summarise for the scheduling team:\n\n"),
        "Patient ", name, " (member ", v.member(), ") has an appointment ", v.date(), " at ", v.pick("9:30", "14:15"),
        " with provider NPI ", v.npi(), ".\nShe asked us to move it and to confirm by text to ", v.phone(), ".\n")
    if v.rng.random() < 0.25:
        d.w("Or by e-mail: ", v.email(), "\n")
    aside(d, v, 0.35)


@template("health_billing")
def health_billing(d: Doc, v: Values) -> None:
    name = who(v, 0.4, "the guarantor")
    d.w("Patient billing dispute, what are our options?\n\n", "Statement ", v.invoice(), " for ", name,
        ": balance ", v.amount(), " after insurer paid ", v.amount(), ".\n", "The patient paid ", v.amount(),
        " by phone on ", v.date(), " with ", v.card(), v.pick(" and wants it refunded.", "; the payment is not showing."), "\n")
    aside(d, v, 0.35)


@template("health_insurance_form")
def health_insurance_form(d: Doc, v: Values) -> None:
    d.w("OCR of the insurance enrolment form, fix the obvious OCR errors:\n\n",
        "Subscriber name: ", who(v, 0.5, "[illegible]"), "\nSubscriber SSN: ", v.ssn(), "\nMember ID: ", v.member(), "\nGroup no: ",
        v.id9(), "\nEffective: ", v.date(), "\n")
    aside(d, v, 0.35)


@template("health_i18n")
def health_i18n(d: Doc, v: Values) -> None:
    lg = lang(v)
    t = L[lg]
    d.w(t["translate"], "\n\n", t["patient"], " ", who(v, 0.5, "(MRN on file)"), " ", t["resched"], " ",
        v.phone(LANG_PHONE[lg], v.pick("national", "international")), ". ", v.date(), ", ", v.member(), ".\n")
    aside(d, v, 0.35, lg)


@template("answer_health_letter")
def answer_health_letter(d: Doc, v: Values) -> None:
    name = who(v, 0.5, "Patient")
    d.w("Draft letter:\n\n", v.pick("Dear ", "Hello "), name, ",\n\n",
        "We received your claim for the visit on ", v.date(), " (claim ", v.claim(), "). Your insurer asked for an ",
        "itemised bill, which we have sent. You owe nothing further at this time.\n\n",
        "If your details have changed, call Patient Accounts on ", v.phone(), v.pick(".", " or reply to this letter."),
        "\n\nSincerely,\nPatient Accounts, Tailspin Health\n")
    aside(d, v, 0.35)


@template("health_neg", weight=1.2)
def health_neg(d: Doc, v: Values) -> None:
    d.w(v.pick("Check this prior-auth fax cover for missing fields:\n\n", "Turn this into a checklist:\n\n"),
        "Provider NPI: ", v.npi(), "\nMember ID: ", v.member(), "\nGroup: ", v.id9(), "\nDOS: ", v.date(), "\n",
        "SSN on file: ", v.masked("US_SSN"), "\nCallback: ", v.fict_phone(), "\nPortal contact: ", v.example_email(), "\n",
        "Billed ", v.amount(), ", copay ", v.amount(), ", coinsurance ", v.amount(), "\n")


@template("answer_health_neg")
def answer_health_neg(d: Doc, v: Values) -> None:
    d.w("Here is the appointment list with identifiers removed:\n\n| Time | Clinic | Provider NPI | Claim |\n|---|---|---|---|\n")
    for _ in range(v.rng.randrange(2, 4)):
        d.w("| ", v.pick("08:30", "10:00", "13:45"), " | ", N(v.pick("Lisbon", "Rotterdam", "Milan", "Gothenburg"), "not_person", "PERSON"), " | ",
            v.npi(), " | ", v.claim(), " |\n")
    d.w("\nPatients are referred to by their member number only (", v.member(), ").")


# ============================== fraud and KYC ========================================================


@template("fraud_alert_review")
def fraud_alert_review(d: Doc, v: Values) -> None:
    d.w("Fraud alert ", v.case(), ", is this account takeover? Log excerpt:\n\n```\n",
        v.date(), " login ok user=", v.member(), " ip=", v.ip() if v.rng.random() < 0.6 else v.doc_ip(), " device=", v.guid(), "\n",
        v.date(), " payee added name=\"", who(v, 0.25, "BENEFICIARY 2"), "\" iban=", v.iban(style="compact"), "\n",
        v.date(), " transfer ", v.amount(), " status=held\n```\n")
    aside(d, v, 0.35)


@template("fraud_kyc_check")
def fraud_kyc_check(d: Doc, v: Values) -> None:
    name = who(v, 0.5, "see CRM record")
    d.w("KYC refresh, does this pass our checklist?\n\n", "Customer: ", name, "\n")
    r = v.rng.random()
    if r < 0.4:
        d.w("SSN: ", v.ssn(), "\n")
    elif r < 0.7:
        d.w("Salary account: ", v.iban(), "\n")
    else:
        d.w("Mobile: ", v.phone(), "\n")
    d.w("ID document expires ", v.date(), "; address proof dated ", v.date(), ". Source of funds: salary from ",
        v.not_person(), ".\n")
    aside(d, v, 0.35)


@template("fraud_chargeback_json")
def fraud_chargeback_json(d: Doc, v: Values) -> None:
    d.w("Parse this chargeback webhook and tell me which rule should have fired:\n\n```json\n{\"id\": \"", v.case(),
        "\", \"amount\": \"", v.amount(), "\", \"card\": \"", v.card(style="compact"), "\", ",
        *(("\"email\": \"", v.email()) if v.rng.random() < 0.5 else ("\"ip\": \"", v.ipv4(private=False))),
        "\", \"reason\": \"fraudulent\"}\n```\n")
    aside(d, v, 0.2)


@template("answer_fraud_table")
def answer_fraud_table(d: Doc, v: Values) -> None:
    d.w("The mule pattern, as a table:\n\n| Date | From | To | Amount |\n|---|---|---|---|\n",
        "| ", v.date(), " | ", v.masked(), " | ", v.iban(), " | ", v.amount(), " |\n",
        "| ", v.date(), " | ", v.masked(), " | same | ", v.amount(), " |\n\n",
        "All three transfers end at an account held by ", who(v, 0.5, "a newly opened retail customer"), ", opened ", v.date(), ".\n")
    aside(d, v, 0.35)


@template("fraud_neg", weight=1.2)
def fraud_neg(d: Doc, v: Values) -> None:
    d.w("Triage these alerts; which are real?\n\n```\n",
        "ALERT card=", v.luhn_fail(), " score=0.", v.pick("91", "37", "64"), " ip=", v.doc_ip(), "\n",
        "ALERT card=", v.test_card(), " env=uat ip=", v.doc_ip(), "\n",
        "ALERT ssn=", v.bad_ssn(), " rule=synthetic-id\n",
        "ALERT card=", v.masked(), " velocity ", v.amount(), "\n```\n", "Rule engine ", v.version(), ".")


@template("answer_fraud_neg")
def answer_fraud_neg(d: Doc, v: Values) -> None:
    d.w("Review outcome: no confirmed fraud.\n\n",
        "- The card ", v.luhn_fail(), " fails the Luhn check, so it was a typo at checkout.\n",
        "- The login from ", v.doc_ip(), " is our documentation range, used by the load test.\n",
        "- ", v.bad_ssn(), " cannot be an issued SSN.\n- Case ", v.case(), " can be closed; the ",
        v.word(), " reset on ", v.date(), " was customer-initiated.")


# ============================== IT operations ========================================================


@template("itops_script", weight=1.2)
def itops_script(d: Doc, v: Values) -> None:
    _, parts = cred(v, medium="bash")
    d.w(v.pick("This nightly job for the claims scans stopped working after the cert rotation, why?\n\n```bash\n",
               "Why does this payroll export script hang at the upload step?\n\n```bash\n"),
        "#!/usr/bin/env bash\nset -euo pipefail\n", *parts, "\n")
    if v.rng.random() < 0.8:
        _, more = cred(v, medium="bash")
        d.w(*more, "\n")
    if v.rng.random() < 0.3:
        d.w("scp export.csv batch@", v.ipv4(private=True), ":/inbound/\n")
    d.w("```\n")


@template("itops_config", weight=1.2)
def itops_config(d: Doc, v: Values) -> None:
    d.w(v.pick("Review this .env for the CRM connector before we go live:\n\n```\n",
               "The KYC service won't start, here's its env file:\n\n```\n"), "APP_ENV=production\n")
    _, a = cred(v, medium="env")
    d.w(*a, "\n")
    _, b = cred(v, medium="env")
    d.w(*b, "\n")
    if v.rng.random() < 0.5:
        _, c = cred(v, medium="env")
        d.w(*c, "\n")
    d.w("LOG_LEVEL=info\nSERVICE_VERSION=", v.version(), "\n```\n")


@template("itops_log")
def itops_log(d: Doc, v: Values) -> None:
    d.w("What's causing these 401s on the payment gateway?\n\n```\n", v.date(), " WARN auth failed client=",
        v.ip() if v.rng.random() < 0.6 else v.doc_ip(), " user=", v.email() if v.rng.random() < 0.3 else v.member(), "\n", v.date(), " DEBUG outbound ")
    _, parts = cred(v)
    d.w(*parts, "\n")
    if v.rng.random() < 0.5:
        _, more = cred(v)
        d.w(v.date(), " DEBUG fallback ", *more, "\n")
    d.w(v.date(), " ERROR retry budget exhausted req=", v.guid(), "\n```\n")


@template("itops_ticket")
def itops_ticket(d: Doc, v: Values) -> None:
    d.w("ServiceNow ", v.case(), "\nCaller: ", who(v, 0.5, "service account"), " (", v.pick("Claims Desk", "Payroll Ops", "Member Services"),
        ")\nShort description: ", v.pick("SFTP to bank partner fails", "Genesys softphone cannot reach CRM",
                                         "Payslip PDF export times out"),
        "\nWork notes: tested from jump host ", v.ipv4(private=True) if v.rng.random() < 0.3 else v.doc_ip(),
        "; credentials from the runbook:\n")
    _, parts = cred(v)
    d.w(*parts, "\n")
    if v.rng.random() < 0.7:
        _, more = cred(v)
        d.w(*more, "\n")
    d.w("\nPlease write the resolution notes.")


@template("answer_itops_fix", weight=1.2)
def answer_itops_fix(d: Doc, v: Values) -> None:
    d.w("The script fails because the variable is quoted twice. Fixed version:\n\n```powershell\n",
        "$ErrorActionPreference = 'Stop'\n")
    _, parts = cred(v, medium="ps")
    d.w(*parts, "\n")
    for p in (0.9, 0.3):
        if v.rng.random() < p:
            _, more = cred(v, medium=v.pick("ps", "any"))
            d.w(*more, "\n")
    d.w("Invoke-RestMethod -Uri https://crm-api.internal/v2/cases -Method Get\n```\n",
        "Move the secret into Key Vault afterwards rather than keeping it in the script.")


@template("itops_neg", weight=1.3)
def itops_neg(d: Doc, v: Values) -> None:
    d.w(v.pick("Is this pipeline config safe to commit?\n\n```yaml\n", "Review this Helm values file:\n\n```yaml\n"),
        "image: registry.internal/claims-api:", v.version(), "\n",
        "env:\n  DB_PASSWORD: ", v.placeholder(), "\n  API_TOKEN: ", v.placeholder(), "\n",
        "  AWS_ACCESS_KEY_ID: ", v.example_key(), "\n  TENANT_ID: ", v.guid(), "\n",
        "  ALLOWED_CIDR: ", v.doc_ip(), "\n  BUILD_SHA: ", v.sha(), "\n  DEPLOY_TARGET: ", v.ssh_target(), "\n```\n")


@template("answer_itops_neg")
def answer_itops_neg(d: Doc, v: Values) -> None:
    d.w("Yes, this is safe: every secret is a reference, not a value.\n\n",
        "- `password` resolves from ", v.placeholder(), " at deploy time\n",
        "- the access key shown, ", v.example_key(), ", is the documentation example\n",
        "- the subscription id ", v.guid(), " is not a secret\n",
        "- `", v.ssh_target(), "` is a login name and host, not an e-mail address\n",
        "- the health probe targets ", v.doc_ip(), ", a documentation address; replace it\n",
        "Rotate the ", v.word(), " anyway if it was ever in a real file.")


# ============================== mail and chat between staff ==========================================


@template("staff_chat", weight=1.2)
def staff_chat(d: Doc, v: Values) -> None:
    a = v.first() if v.rng.random() < 0.15 else v.pick("ops-oncall", "payroll-lead", "claims.support")
    b = v.first() if v.rng.random() < 0.15 else v.pick("it-helpdesk", "batch-admin", "sre-bot")
    lg = v.pick("en", "en", lang(v))
    _, parts = cred(v, lg)
    d.w("Teams chat, summarise what was agreed:\n\n[09:12] ", a, ": the SEPA upload failed again\n",
        "[09:13] ", b, ": ", L[lg]["pw"] if lg != "en" else "here you go: ", *parts, "\n",
        "[09:15] ", a, ": thx, will rotate after the run\n")
    if v.rng.random() < 0.6:
        _, more = cred(v)
        d.w("[09:15] ", b, ": and for the alerting: ", *more, "\n")
    if v.rng.random() < 0.2:
        d.w("[09:16] ", b, ": call me on ", v.phone(), " if it fails\n")


@template("staff_email_forward")
def staff_email_forward(d: Doc, v: Values) -> None:
    cust = (v.person(),) if v.rng.random() < 0.5 else ("on account ", v.account_ref())
    d.w("Summarise this thread for the retention team:\n\n", "From: Retention Desk\nTo: Retention Team\nSubject: FW: cancellation\n\n",
        "Customer ", *cust, " wants to cancel the bundle. New contact ",
        *((v.email(),) if v.rng.random() < 0.5 else ("mobile ", v.phone())),
        ". Offered ", v.amount(), " discount, declined.\n")
    aside(d, v, 0.8)


@template("staff_email_i18n", weight=1.2)
def staff_email_i18n(d: Doc, v: Values) -> None:
    lg = lang(v)
    t = L[lg]
    sender = who(v, 0.3, "IT Service Desk")
    d.w(t["translate"], "\n\nSubject: ", v.case(), "\n\n", t["hi"], "\n", t["pw"], " ")
    _, parts = cred(v, lg, ("password_prose",)) if v.rng.random() < 0.6 else cred(v, lg)
    d.w(*parts, "\n")
    if v.rng.random() < 0.4:
        _, more = cred(v, lg)
        d.w("API: ", *more, "\n")
    if v.rng.random() < 0.3:
        d.w(t["mail"], ": ", v.email(), "\n")
    d.w(t["thanks"], "\n", sender, "\n")


@template("answer_staff_summary")
def answer_staff_summary(d: Doc, v: Values) -> None:
    a, b = who(v, 0.4, "Payroll Ops"), v.person(lower=v.rng.random() < 0.3)
    d.w("Summary of the thread:\n\n", "- ", a, " confirmed the ", v.pick("payroll cut-off", "claims backlog", "porting freeze"),
        " moves to ", v.date(), ".\n", "- ", b, " will send the vendor list",
        *((" to ", v.email()) if v.rng.random() < 0.4 else ()), ".\n",
        "- Open question: who owns ticket ", v.case(), "?\n")
    if v.rng.random() < 0.6:
        _, parts = cred(v)
        d.w("- The new credential shared in the thread (rotate it!): ", *parts, "\n")


@template("staff_neg", weight=1.3)
def staff_neg(d: Doc, v: Values) -> None:
    d.w("Slack #ops-payments, anything sensitive here?\n\n",
        "[08:55] payroll-bot: run ", v.id9(), " done, ", v.amount(), " total\n",
        "[08:57] Claims Desk: who has the ", v.word(), " for the sandbox? ask in ", v.not_person(), "\n",
        "[08:58] Fraud Ops: sandbox login is in the vault as ", v.placeholder(), "\n",
        "[09:01] Member Services: test customer line is ", v.fict_phone(), ", mail ", v.example_email(), "\n",
        "[09:03] ", v.not_person(), ": go-live moved to ", v.date(), ", release ", v.version(), "\n")


@template("answer_staff_neg")
def answer_staff_neg(d: Doc, v: Values) -> None:
    d.w("Nothing sensitive in that message. It mentions a ", v.word(), " and a ", v.word(),
        " but no values; the only address is ", v.example_email(), " and the phone ", v.fict_phone(),
        " is a fictional one. The release is ", v.version(), " on ", v.date(), ".")


KINDS = ("case", "payroll", "health", "fraud", "itops", "staff")
NEGATIVE = frozenset(t.genre for t in REGISTRY.templates if t.genre.endswith("_neg"))


def kind_of(genre: str) -> str:
    return genre.removeprefix("answer_").split("_")[0]


def _balance() -> None:
    """Every kind the same share of the corpus; within a kind, a quarter of it to its hard-negative templates
    (each template keeping its weight relative to the others of its group)."""
    groups: dict[tuple[str, bool], list[Template]] = {}
    for t in REGISTRY.templates:
        groups.setdefault((kind_of(t.genre), t.genre in NEGATIVE), []).append(t)
    balanced = []
    for t in REGISTRY.templates:
        group = groups[(kind_of(t.genre), t.genre in NEGATIVE)]
        share = 1.0 if t.genre in NEGATIVE else 3.0
        balanced.append(replace(t, weight=share * t.weight / sum(g.weight for g in group)))
    REGISTRY.templates[:] = balanced


_balance()
