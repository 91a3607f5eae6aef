"""People text: mail with signatures in several languages, call-centre notes and meeting transcripts where
numbers are dictated, support and HR requests, and model answers that echo what they were given."""

from __future__ import annotations

from tests.dlp_blind5.build import Doc, template
from tests.dlp_blind5.values import CITIES, COMPANIES, Values
from tests.dlp_eval.corpus import PERSON
from tests.dlp_eval.templates import Val

SIGNOFF = {
    "de": ("Hallo {n},\n\nanbei wie besprochen die Bankverbindung für die Erstattung. ", "Mit freundlichen Grüßen", "Tel.", "Mobil"),
    "fr": ("Bonjour {n},\n\nVoici les coordonnées bancaires pour le remboursement. ", "Cordialement", "Tél.", "Portable"),
    "es": ("Hola {n}:\n\nTe paso los datos bancarios para el reembolso. ", "Un saludo", "Tel.", "Móvil"),
    "pt": ("Olá {n},\n\nSeguem os dados bancários para o reembolso. ", "Atenciosamente", "Tel.", "Celular"),
    "it": ("Ciao {n},\n\nti invio le coordinate bancarie per il rimborso. ", "Cordiali saluti", "Tel.", "Cell."),
    "nl": ("Hoi {n},\n\nHierbij de bankgegevens voor de terugbetaling. ", "Met vriendelijke groet", "Tel.", "Mobiel"),
    "ja": ("{n}様\n\nお世話になっております。返金先の口座情報をお送りします。", "よろしくお願いいたします。", "電話", "携帯"),
    "zh": ("{n}，你好：\n\n以下是退款的银行账户信息。", "此致敬礼", "电话", "手机"),
    "en": ("Hi {n},\n\nAs discussed, here are the bank details for the refund. ", "Kind regards", "T", "M"),
}
REGION = {"de": "DE", "fr": "FR", "es": "ES", "pt": "PT", "it": "IT", "nl": "NL", "ja": "JP", "zh": "CN", "en": "GB"}


def _first(v: Values) -> Val:
    return Val(v.first(), PERSON, PERSON)


@template("mail_signature_multilingual", weight=5)
def mail_signature(v: Values, d: Doc) -> None:
    lang = v.pick(sorted(SIGNOFF))
    greet, bye, tel, mob = SIGNOFF[lang]
    region = REGION[lang]
    before, after = greet.split("{n}")
    iban_country = {"ja": "DE", "zh": "GB", "en": "GB"}.get(lang, region)
    f, la = v.name_parts()
    d.add("Please translate this mail to English:\n\n", before, _first(v), after, "IBAN: ", v.iban(iban_country),
          "\n", v.pick(["Ref: ", "Réf.: ", "Referenz: "]), v.invoice(), "\n\n", bye, "\n", v.person(f, la), "\n",
          v.pick(COMPANIES), " | ", v.pick(CITIES), "\n", f"{tel}: ", v.phone(region, v.pick(["intl", "zero_paren", "national"])),
          "\n", f"{mob}: ", v.phone(region, v.pick(["intl", "national", "00", "dots"])), "\n", v.email_for(f, la), "\n")


@template("mail_thread_quoted", weight=3)
def mail_thread(v: Values, d: Doc) -> None:
    a_first, a_last = v.name_parts()
    b_first, b_last = v.name_parts()
    d.add("Summarise this thread for me:\n\nFrom: ", v.person(a_first, a_last), " <", v.email_for(a_first, a_last), ">\n"
          "Sent: Friday, 4 December 2026 16:02\nTo: ", v.person(b_first, b_last), " <", v.email_for(b_first, b_last), ">\n"
          "Subject: RE: vendor bank change\n\n", Val(b_first, PERSON, PERSON), ", confirmed by phone with their controller, "
          "the new account is ", v.iban(), ". Old one (", v.iban(), ") closes end of month.\n\n> -----Original Message-----\n"
          "> From: ", v.person(b_first, b_last), "\n> Can you verify the change request? Their number on file is ", v.phone(),
          ".\n> Invoice ", v.invoice(), " is on hold.\n\n", v.person(a_first, a_last), "\nAccounts Payable\nDirect: ", v.phone(),
          "\n")


@template("call_centre_notes", weight=4)
def call_notes(v: Values, d: Doc) -> None:
    d.add("Call notes ", v.timestamp(), " — agent ", v.person(), "\nCaller: ", v.person(), ", DOB on file.\nVerified with "
          "last four of SSN (", v.masked("US_SSN"), ") then full SSN ", v.ssn(v.pick(["-", " "])), ".\nCallback number: ",
          v.phone("US", v.pick(["national", "dashes", "intl"])), ", alternate ", v.phone(), ".\nCustomer read out the new card "
          "as ", v.card(grouping=v.pick(["space", "dash"])), ", expiry 0", str(v.rng.randint(1, 9)), "/2", str(v.rng.randint(7, 9)),
          ". Old card ", v.masked("CREDIT_CARD"), " blocked.\nTicket ", v.invoice(), " opened. Please write the case summary.")


@template("meeting_transcript", weight=3)
def transcript(v: Values, d: Doc) -> None:
    a, b = v.name_parts(), v.name_parts()
    pa, pb = v.person(*a), v.person(*b)
    d.add("Transcript (Teams auto-captions), clean it up into minutes:\n\n[00:01:12] ", pa, ": OK so for the vendor payment, "
          "the IBAN they gave me is ", v.iban(grouped=True), ".\n[00:01:30] ", pb, ": And the backup contact?\n[00:01:34] ",
          pa, ": ", Val(b[0], PERSON, PERSON), ", it's ", v.phone(), ", or by mail ", v.email_for(*a), ".\n[00:02:05] ", pb,
          ": The VPN gateway is ", v.ipv4(False), ", the internal one ", v.ipv4(True), ".\n[00:02:40] ", pa, ": The PO number "
          "is ", v.order_no(), ", amount ", v.amount(), ".\n")


@template("support_chat_customer", weight=3)
def support_chat(v: Values, d: Doc) -> None:
    f, la = v.name_parts()
    d.add("Customer chat log:\ncustomer> hi, my card ", v.card(), " was charged twice\nagent> Sorry about that, ",
          Val(f, PERSON, PERSON), ". Can you confirm the email on the account?\ncustomer> ", v.email_for(f, la),
          "\ncustomer> and my phone is ", v.phone(), "\nagent> Thanks. Refund ref ", v.invoice(), ", tracking ", v.tracking(),
          ".\n\nWrite a reply apologising for the double charge.")


@template("hr_request", weight=2)
def hr_request(v: Values, d: Doc) -> None:
    d.add("Draft a polite reply to this:\n\n\"Dear HR, I moved and my details changed. New address in ", v.pick(CITIES), " ",
          v.postal(), ". Please pay my salary to ", v.iban(), " from next month, and update my phone to ", v.phone(),
          ". My SSN for the W-4 is ", v.ssn(), ". Thanks, ", v.person(), " (employee ", v.employee_id(), ")\"")


@template("multilingual_prompt", weight=3)
def multilingual(v: Values, d: Doc) -> None:
    which = v.rng.randint(0, 5)
    if which == 0:
        d.add("Kannst du diese Kundendaten in eine Tabelle bringen? ", v.person(), ", Telefon ", v.phone("DE"), ", IBAN ",
              v.iban("DE"), ", Kundennummer ", v.employee_id(), ".")
    elif which == 1:
        d.add("Peux-tu vérifier ce RIB ? Titulaire : ", v.person(), " — IBAN ", v.iban("FR"), " — tél. ", v.phone("FR"),
              ". Le numéro de commande est ", v.order_no(), ".")
    elif which == 2:
        d.add("¿Me ayudas a redactar un correo a ", v.person(), " (", v.email(), ")? Su tarjeta ", v.card(),
              " fue rechazada y su móvil es ", v.phone("ES"), ".")
    elif which == 3:
        d.add("以下の顧客情報を英語に翻訳してください。氏名：", v.person(), "　電話：", v.phone("JP"), "　メール：", v.email(),
              "　カード番号：", v.card(), "　注文番号：", v.order_no())
    elif which == 4:
        d.add("请帮我检查这条记录：客户 ", v.person(), "，手机 ", v.phone("CN"), "，邮箱 ", v.email(), "，登录IP ", v.ip(),
              "，订单号 ", v.order_no(), "。")
    else:
        d.add("Puoi riassumere? Il cliente ", v.person(), " chiede il rimborso sul conto ", v.iban("IT"), ". Cellulare ",
              v.phone("IT"), ", pratica ", v.invoice(), ".")


@template("answer_echo_pii", completion=True, weight=4)
def answer_echo(v: Values, d: Doc) -> None:
    d.add("I've extracted the details from the document you shared:\n\n- **Name:** ", v.person(), "\n- **Email:** ", v.email(),
          "\n- **Phone:** ", v.phone(), "\n- **IBAN:** ", v.iban(), "\n- **Card on file:** ", v.card(), "\n- **SSN:** ", v.ssn(),
          "\n- **Reference:** ", v.invoice(), "\n\nThe postcode ", v.postal(), " looks incomplete; please double-check it.")


@template("answer_echo_secret", completion=True, weight=3)
def answer_echo_secret(v: Values, d: Doc) -> None:
    make = v.pick([v.azure_openai_key, v.openai_key, v.openai_key, v.github_token, v.aws_secret, v.entra_secret, v.slack_token,
                   v.sendgrid_key, v.anthropic_key, v.gitlab_token, v.npm_token, v.stripe_key, v.hf_token])
    d.add("The 401 happens because the header name is wrong. Use this:\n\n```python\nheaders = {\"Authorization\": \"Bearer ",
          make(), "\"}\nresp = requests.get(url, headers=headers, timeout=10)\n```\n\nAlso, the password you pasted (`",
          v.pw("password_prose"), "`) is now exposed — rotate it. The request id ", v.guid("request_id"),
          " will help support find the call.")


@template("answer_config_rewrite", completion=True, weight=2)
def answer_config(v: Values, d: Doc) -> None:
    d.add("Here's your `.env` cleaned up and sorted:\n\n```\nAWS_ACCESS_KEY_ID=", v.aws_key_id(), "\nAWS_SECRET_ACCESS_KEY=",
          v.aws_secret(), "\nAZURE_STORAGE_CONNECTION_STRING=", v.storage_conn(), "\nDATABASE_URL=", v.db_url(),
          "\nGOOGLE_API_KEY=", v.google_api_key(), "\nMAILGUN_API_KEY=", v.mailgun_key(), "\nSENTRY_DSN_VERSION=", v.version4(),
          "\n```\n\nI removed the duplicate `AWS_ACCESS_KEY_ID=", v.example_key(), "` line (it's the AWS docs example).")


@template("password_prose", weight=3)
def password_prose(v: Values, d: Doc) -> None:
    d.add(v.pick(["hey, the wifi password for the ", "fyi the shared login for the "]), v.pick(["guest network", "lab",
          "finance laptop", "NAS"]), v.pick([" is ", " is now ", " got changed to "]), v.pw("password_prose"),
          v.pick([" — ", ". "]), "and the admin one is still ", v.pw("password_prose"), ". Ping ", v.person(), " at ",
          v.phone(), " if it doesn't work. (Don't use ", v.placeholder(), ", that was the template.)")


@template("password_ctor_code", weight=3)
def password_ctor(v: Values, d: Doc) -> None:
    lang = v.rng.randint(0, 2)
    if lang == 0:
        d.add("conn = pyodbc.connect(server=\"", v.ipv4(True), "\", user=\"sa\", password=\"", v.pw("password_ctor"), "\")\n"
              "smtp.login(\"", v.mailbox(), "\", \"", v.pw("password_ctor"), "\")\n")
    elif lang == 1:
        d.add("var cred = new NetworkCredential(\"svc_print\", \"", v.pw("password_ctor"), "\", \"FABRIKAM\");\n"
              "var client = new SmtpClient(\"", v.ipv4(True), "\") { Credentials = cred };\n")
    else:
        d.add("DataSource ds = new DriverManagerDataSource(url, \"report\", \"", v.pw("password_ctor"), "\");\n"
              "JSch.getSession(\"deploy\", \"", v.ipv4(True), "\").setPassword(\"", v.pw("password_ctor"), "\");\n"
              "// build ", v.build_id(), "\n")
    d.add("\nWhy does this fail only in production?")


@template("negatives_only", weight=3)
def negatives_only(v: Values, d: Doc) -> None:
    d.add("Release notes draft — check the formatting:\n\n* Version ", v.version4(), " (build ", v.build_id(), ", commit ",
          v.sha1(), ")\n* Fixed order export for orders like ", v.order_no(), " and ", v.order_no(), "\n* Sandbox card ",
          v.test_card(), " now works in the test checkout; ", v.bad_card(), " is correctly rejected\n* SSN validation "
          "rejects ", v.example_ssn(), " and ", v.invoice(), "\n* IBAN check rejects ", v.iban_broken(), "\n* Example "
          "in docs: ", v.example_iban(), "\n* Container ", v.image_digest(), "\n* Trace ", v.traceparent(), "\n* Env "
          "template uses ", v.placeholder(), " and ", v.placeholder(), "\n* Published at ", v.timestamp(), " (", v.epoch_ms(),
          " ms)\n* ISBN for the printed manual: ", v.isbn(), "\n* Masked card ", v.masked("CREDIT_CARD"), ", masked token ",
          v.masked("CREDENTIAL"), "\n* Netmask ", v.netmask(), ", docs IP ", v.doc_ip(), "\n* Support: ", v.fake_phone(), "\n")


@template("negatives_ids", weight=2)
def negatives_ids(v: Values, d: Doc) -> None:
    d.add("Why doesn't this Graph query return anything?\n\ntenant: ", v.guid("tenant_id"), "\nclient: ", v.guid("client_id"),
          "\nobject: ", v.guid("object_id"), "\ncorrelation: ", v.guid("correlation_id"), "\netag: ", v.md5(), "\ncursor: ",
          v.base64_blob(), "\npublic key: ", v.pubkey(), "\naccount no (internal ledger): ", v.acct_no(), "\nexpires ", v.epoch_ms(),
          "\nstripe publishable: ", v.pk_live(), "\n")
