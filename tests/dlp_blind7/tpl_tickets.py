"""Support tickets pasted into prompts: customer support with order and account numbers, IT helpdesk,
refund disputes, account recovery, Jira / ServiceNow exports, tabular customer data."""

from __future__ import annotations

from tests.dlp_blind7.build import Doc, template
from tests.dlp_blind7.values import Values


@template("ticket_customer_refund", weight=3)
def refund(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add(v.pick(["Classify this ticket (priority, category) and draft a response:\n\n", "summarise for the agent:\n\n",
                  "Ticket #" + str(v.num(10000, 99999)) + " — customer is angry, suggest reply\n\n"]))
    d.add("Customer: ", v.person(f, la), "\nEmail: ", v.email(f, la), "\nPhone: ", v.phone(), "\nOrder: ", v.neg("order"), "\n\n")
    d.add(v.pick(["hi i was charged twice on my card ", "Hello, you guys charged my card ", "i want my money back!!! card "]), v.card(),
          v.pick([" twice for the same order", " and the package never arrived", ", tracking says delivered but nothing"]), " (tracking ",
          v.neg("tracking"), "). pls refund to my bank acct ", v.iban(), " instead, not the card. the amount was ", v.neg("amount"), "\n")


@template("ticket_account_recovery", weight=3)
def recovery(v: Values, d: Doc) -> None:
    d.add("Support ticket ", v.neg("ticket"), "\nSubject: can't log in\n\n")
    d.add(v.pick(["I forgot which email I used, maybe ", "locked out again. my email is ", "Hi, my login "]), v.email(),
          v.pick([" or the old one ", " / backup "]), v.email(), ". ", v.pick(["I tried the password ", "last password i remember was ",
                                                                                "my password is "]), v.pw("password_prose"),
          v.pick([" but it says invalid.", " and it didnt work", "."]), " For verification my SSN last digits... actually full one is ", v.ssn(),
          ", DOB 1987. call back on ", v.phone(), "\n— ", v.first(), "\n")


@template("ticket_it_helpdesk", weight=3)
def helpdesk(v: Values, d: Doc) -> None:
    d.add(v.pick(["ServiceNow incident, suggest resolution steps:\n\n", "Helpdesk ticket:\n\n", "Jira SUP issue:\n\n"]))
    d.add("Number: ", v.neg("ticket"), "\nCaller: ", v.person(), "\nAssigned to: ", v.person(), "\nCI: laptop ", v.neg("serial"),
          " MAC ", v.neg("mac"), "\nShort description: VPN drops every 10 min\n\nDescription:\n")
    d.add("User connects from home ", v.ipv4(False), ", gets tunnel IP ", v.ipv4(private=True), ". DNS ", v.neg("loopback"), ", ref ", v.anyneg(),
          ". Tried with the service account too (svc_vpn / ", v.pw("password_prose"), "), same result.\n")
    d.add("Work notes: called user on ", v.phone(), ", no answer. Escalated to ", v.person(), ".\n")


@template("ticket_billing_dispute", weight=2)
def dispute(v: Values, d: Doc) -> None:
    d.add("Chargeback dispute, write the evidence summary:\n\nCardholder: ", v.person(), "\nCard: ", v.card(), "\nTransaction: ",
          v.neg("guid"), " on ", v.neg("timestamp"), "\nAmount: ", v.neg("amount"), "\nCustomer IP at checkout: ", v.ip(),
          "\nShipping to ", v.neg("postcode"), ", phone on order ", v.phone(), "\nNotes: the same card ", v.neg("masked_card"),
          " was used by ", v.email(), " last month. Test card ", v.neg("test_card"), " appears in the QA logs only.\n")


@template("ticket_table_export", weight=3)
def table(v: Values, d: Doc) -> None:
    d.add(v.pick(["Find duplicates in this export:", "which customers are missing a phone?", "dedupe + normalize phone numbers pls"]),
          "\n\n| id | name | email | phone | iban | ssn |\n|---|---|---|---|---|---|\n")
    for _ in range(v.num(3, 6)):
        d.add(f"| {v.num(1000, 9999)} | ", v.person(), " | ", v.email(), " | ", v.phone(), " | ", v.iban(grouped=False), " | ", v.ssn(), " |\n")
    d.add("| ", v.neg("order_digits"), " | (test) | — | ", v.neg("fict_phone"), " | ", v.neg("example_iban"), " | ", v.neg("bad_ssn"), " |\n")


@template("ticket_csv_export", weight=2)
def csv(v: Values, d: Doc) -> None:
    d.add("convert to JSON array:\n\nname;email;phone;card;ip\n")
    for _ in range(v.num(3, 5)):
        d.add(v.person(), ";", v.email(), ";", v.phone(), ";", v.card(sep=""), ";", v.ip(), "\n")
    d.add("QA Bot;", v.neg("placeholder"), ";", v.neg("ext"), ";", v.neg("luhn_fail"), ";", v.neg("doc_ip"), "\n")


@template("ticket_insurance_claim", weight=2)
def claim(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add("Claim form (OCR'd), fix the fields:\n\nPolicy holder : ", v.person(f, la), "\nSSN  : ", v.ssn(), "\nPhone :  ", v.phone(),
          "\nE-mail: ", v.email(f, la), "\nPay out to IBAN: ", v.iban(), "\nPolicy no.: ", v.neg("account_no"), "   Claim: ", v.neg("invoice"),
          "\nSpouse: ", v.person(last=la), "\n")


@template("ticket_saas_support", weight=2)
def saas(v: Values, d: Doc) -> None:
    d.add("Ticket from ", v.person(),
          " (", v.email(), "):\n\n\"Our integration stopped working after you rotated something. We use key ", v.any_cred(),
          " from IP ", v.ipv4(False), ". Webhook is ", v.slack_webhook(), ". Our account is ", v.neg("account_no"), ", plan Enterprise. Pls fix ASAP\"\n")


@template("ticket_jira_comment", weight=2)
def jira(v: Values, d: Doc) -> None:
    d.add("Jira ", f"OPS-{v.num(100, 9999)}", " comments, what's the status?\n\n", v.person(), " added a comment - ", v.neg("timestamp"), "\n",
          "Reproduced with `curl -H \"Authorization: Bearer ", v.bearer(), "\" https://api.", v.company(), ".com/v2/orders/", v.neg("order_digits"),
          "`\n\n", v.person(), " added a comment\n[~", v.first(), "] the storage account key `", v.storage_key(), "` was in the screenshot, rotated."
          " Cosmos: {code}", v.cosmos_key(), "{code}\n")


@template("ticket_non_english", weight=3)
def ticket_foreign(v: Values, d: Doc) -> None:
    f, la = v.names()
    c = v.num(0, 3)
    if c == 0:
        d.add("Ticket (DE) — bitte zusammenfassen:\n\nKunde ", v.person(f, la), " meldet, dass die Lastschrift von seinem Konto ", v.iban("DE"),
              " doppelt eingezogen wurde. Rückruf unter ", v.phone("DE"), ". Kundennummer ", v.neg("account_no"), ". Kollege ", v.person(),
              " hat den Fall schon gesehen.\n")
    elif c == 1:
        d.add("Ticket (FR) :\n\nMme ", v.person(f, la), " ne reçoit plus les SMS au ", v.phone("FR"), ". Elle a donné son adresse ", v.email(f, la),
              " et demande un remboursement sur ", v.iban("FR"), ". Dossier ", v.neg("ticket"), ".\n")
    elif c == 2:
        d.add("Incidencia (ES):\n\nEl cliente ", v.person(f, la), " dice que su tarjeta ", v.card(), " fue rechazada. Teléfono ", v.phone("ES"),
              ", correo ", v.email(f, la), ". Pedido ", v.neg("order"), ".\n")
    else:
        d.add("Chamado (PT-BR):\n\nA cliente ", v.person(f, la), " pediu estorno no cartão ", v.card(), ". Celular ", v.phone("BR"),
              ", e-mail ", v.email(f, la), ". Protocolo ", v.neg("ticket"), ".\n")
