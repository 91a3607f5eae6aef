"""E-mails pasted into prompts: HR and finance requests, forwarded threads with quoted history,
vendor onboarding, signatures, out-of-office, non-English mail."""

from __future__ import annotations

from tests.dlp_blind7.build import Doc, template
from tests.dlp_blind7.values import Values


def signature(v: Values, d: Doc, first: str, last: str) -> None:
    d.add(v.pick(["\n\nBest regards,\n", "\n\nThanks,\n", "\n\nMit freundlichen Grüßen\n", "\n\nCordialement,\n", "\n\nSaludos,\n", "\n\nCheers\n"]),
          v.person(first, last), f"\n{v.pick(['Senior Accountant', 'HR Business Partner', 'IT Operations', 'Head of Procurement', 'Customer Success'])}"
          f" | {v.company().capitalize()}\n", v.pick(["T: ", "Tel. ", "Mobile: ", "M ", "☎ "]), v.phone(), "\n", v.email(first, last), "\n")


@template("mail_hr_payroll", weight=3)
def hr(v: Values, d: Doc) -> None:
    f, la = v.names()
    e = v.names()
    d.add(v.pick(["Rewrite this email to be more polite:\n\n", "Summarize and draft a reply:\n\n", "translate to English pls:\n\n", ""]))
    d.add("Subject: Bank details change for payroll\nFrom: ", v.email(f, la), "\nTo: ", v.email(), "\n\nHi ", v.first(e[0]), ",\n\n")
    d.add("please update my salary account from next month. New IBAN: ", v.iban(), " (old one was ", v.neg("masked_iban"), ").\n")
    d.add("My SSN for the W-4 is ", v.ssn(), " and my employee number is ", v.neg("account_no"), ". You can reach me at ", v.phone(), ".")
    signature(v, d, f, la)


@template("mail_forward_thread", weight=3)
def forward(v: Values, d: Doc) -> None:
    a, b, c = v.names(), v.names(), v.names()
    d.add("can you tell me what they actually want here? long thread\n\n---------- Forwarded message ---------\nFrom: ", v.person(*a), " <",
          v.email(*a), ">\nDate: ", v.neg("timestamp"), "\nSubject: RE: RE: invoice ", v.neg("invoice"), "\nTo: ", v.person(*b), " <", v.email(*b), ">\n\n")
    d.add(v.first(b[0]), " — we paid, see remittance: €", str(v.num(100, 9999)), " to ", v.iban(), ", reference ", v.neg("order"), ".\n\n")
    d.add("On ", v.neg("timestamp"), ", ", v.person(*b), " <", v.email(*b), "> wrote:\n> Hi ", v.first(a[0]), ",\n> we have not received payment."
          " Please call ", v.person(*c), " on ", v.phone(), " or wire to ", v.iban(), ".\n> Tracking for the return: ", v.neg("tracking"), "\n>\n"
          "> >> ", v.first(c[0]), " wrote: the card on file ", v.card(), " was declined.\n")


@template("mail_vendor_onboarding", weight=2)
def vendor(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add("Extract the fields into JSON (name, email, phone, IBAN, VAT):\n\n\"Dear Procurement team,\n\nplease find our supplier details below.\n"
          "Company: ", v.company().capitalize(), " GmbH\nContact: ", v.person(f, la), "\nE-mail: ", v.email(f, la), "\nPhone: ", v.phone(),
          "\nFax: ", v.phone(), "\nBank: IBAN ", v.iban(), " BIC ", v.s("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 6), "2X\nVAT: ", v.neg("vat"),
          "\nPostcode: ", v.neg("postcode"), "\n\nKind regards\n", v.first(f), "\"\n")


@template("mail_it_credentials", weight=3)
def it_creds(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add("Subject: your new account\n\nHi ", v.first(f), ",\n\nwelcome aboard! Your login is ", v.email(f, la), " and the temporary password is ",
          v.pw("password_prose"), " — please change it at first login.\n")
    d.add(v.pick(["VPN", "Jira", "the SFTP box"]), " is at ", v.ipv4(False), ", same password. For the CI you can use this token: ", v.any_cred(), "\n")
    d.add("Wi-Fi guest key is ", v.neg("placeholder"), ". Ticket ", v.neg("ticket"), ".\n\n", v.person(), "\nIT Service Desk\n", v.phone(), "\n")


@template("mail_finance_card", weight=2)
def finance(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add("Draft a reply to this from ", v.person(f, la), ":\n\n\"Hello, please charge the conference fee to my corporate card ", v.card(),
          " exp ", f"{v.num(1, 12):02d}/{v.num(27, 31)}", ". If it fails use my personal one ", v.card(), ". Invoice to ", v.email(f, la),
          ". Our PO is ", v.neg("order"), ", total ", v.neg("amount"), ".\"\n")


@template("mail_non_english", weight=3)
def non_english(v: Values, d: Doc) -> None:
    f, la = v.names()
    lang = v.num(0, 4)
    if lang == 0:
        d.add("Betreff: Kontoänderung\n\nHallo ", v.first(), ",\n\nbitte überweisen Sie die Erstattung an meine neue IBAN ", v.iban("DE"),
              ". Bei Rückfragen erreichen Sie mich unter ", v.phone("DE"), ". Mein Passwort fürs Portal ist übrigens ", v.pw("password_prose"),
              ", falls Sie es brauchen.\n\nViele Grüße\n", v.person(f, la), "\n")
    elif lang == 1:
        d.add("Objet : remboursement\n\nBonjour ", v.first(), ",\n\nmerci de verser le montant sur le compte ", v.iban("FR"),
              ". Vous pouvez me joindre au ", v.phone("FR"), " ou par mail ", v.email(f, la), ". Le mot de passe du portail est ",
              v.pw("password_prose"), ".\n\nCordialement,\n", v.person(f, la), "\n")
    elif lang == 2:
        d.add("Asunto: datos bancarios\n\nHola ", v.first(), ",\n\nte paso mi cuenta: ", v.iban("ES"), ". Mi móvil es ", v.phone("ES"),
              ". La contraseña del VPN es ", v.pw("password_prose"), ".\n\nUn saludo,\n", v.person(f, la), "\n")
    elif lang == 3:
        d.add("Assunto: reembolso\n\nOlá ", v.first(), ",\n\no meu IBAN é ", v.iban("PT"), " e o telemóvel ", v.phone("PT"), ". A senha é ",
              v.pw("password_prose"), ".\n\nObrigado,\n", v.person(f, la), "\n")
    else:
        d.add("Onderwerp: rekeningnummer\n\nHoi ", v.first(), ",\n\nmijn nieuwe rekening is ", v.iban("NL"), ", bel me op ", v.phone("NL"),
              ". Het wachtwoord is ", v.pw("password_prose"), ".\n\nGroet,\n", v.person(f, la), "\n")


@template("mail_ooo_signature", weight=2)
def ooo(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add("Automatic reply: I am out of office until ", v.neg("timestamp"), ". For urgent matters contact ", v.person(), " (", v.email(), ", ",
          v.phone(), ") or my manager ", v.person(), ".")
    signature(v, d, f, la)
    d.add("\n--\nThis e-mail may contain confidential information. Ref ", v.neg("guid"), "\n")


@template("mail_handover", weight=2)
def handover(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add("Make this handover mail into a checklist:\n\nHi ", v.first(), ",\n\nbefore I leave, everything you need for the reporting box:\n- host ",
          v.ipv4(private=True), " (backup ", v.ipv6(), ")\n- root pw: ", v.pw("password_prose"), "\n- the API key for the vendor is ", v.any_cred(),
          "\n- deploy key attached below\n\n", v.private_key(), "\n\nIf anything breaks ping ", v.person(), " on ", v.phone(), ".\n\n", v.first(f), "\n")


@template("mail_recruiting", weight=2)
def recruiting(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add("Screen this candidate mail and write a short summary for the hiring manager ", v.person(), ":\n\n> Dear ", v.first(), ",\n> I'm applying for"
          " the data engineer role. I worked with ", v.person(), " at ", v.company().capitalize(), " for 3 years. Reference: ", v.person(), " (",
          v.email(), ", ", v.phone(), ").\n> You can reach me at ", v.phone(), " or ", v.email(f, la), ".\n> Best, ", v.person(f, la), "\n")
