"""Prompts, part two: logs and stack traces, data exports and payloads, chat transcripts, e-mail threads,
HR/CRM/support tickets, passwords said in prose in several languages, and secrets in bare form."""

from __future__ import annotations

from tests.dlp_eval.corpus import PERSON, N, V

from .build import Doc, template
from .tpl_common import CULTURE_LANG, DB_USERS, HOSTS, conn_string, greet, neg_tail, sas, sign, ticket_no, url_with_pw
from .values import ENV_KINDS, Values, ascii_name

# --- logs --------------------------------------------------------------------------------------


@template("log_app", 1.4)
def log_app(d: Doc, x: Values) -> None:
    r = x.r
    d.w("can you tell what's going on here? prod logs:\n\n")
    d.w(x.ts(), " INFO  [http-nio-8080-exec-4] c.b.orders.OrderController - GET /orders/", x.num(), " from ", x.ip(), "\n")
    p = r.random()
    if p < 0.35:
        d.w(x.ts(), " DEBUG [main] c.b.orders.Config - datasource.url=jdbc:postgresql://", HOSTS[0], ":5432/orders user=",
            r.choice(DB_USERS), " password=", x.pw("password_kv", "!#%*-_."), "\n")
    elif p < 0.6:
        _, mail = x.person_mail()
        d.w(x.ts(), " WARN  [mailer] c.b.notify.Mailer - bounce for ", mail, " (550 5.1.1 user unknown)\n")
    elif p < 0.8:
        d.w(x.ts(), " INFO  [worker-2] c.b.jobs.Sync - calling upstream with header ", N("Authorization: Bearer ****", "masked", "bearer_token"), "\n")
    d.w(x.ts(), " ERROR [http-nio-8080-exec-9] o.h.e.j.s.SqlExceptionHelper - Connection is not available, request timed out after 30000ms.\n")
    d.w(*neg_tail(x))


@template("log_stacktrace_python", 1.2)
def log_trace_py(d: Doc, x: Values) -> None:
    r = x.r
    d.w("Traceback (most recent call last):\n  File \"/app/etl/load.py\", line 88, in <module>\n    engine = create_engine(DB_URL)\n",
        "  File \"/usr/local/lib/python3.11/site-packages/sqlalchemy/engine/create.py\", line 564, in create_engine\n")
    if r.random() < 0.75:
        a, pw, b = url_with_pw(x)
        d.w("sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect: ", a, pw, b, "\n")
    else:
        d.w("sqlalchemy.exc.ArgumentError: Could not parse URL from string 'postgresql://", r.choice(DB_USERS), ":", N("${PASSWORD}", "placeholder", "password_url"), "@db/orders'\n")
    d.w("\n", r.choice(("this only happens in the container", "what's wrong with my URL?", "pls help")))


@template("log_stacktrace_dotnet", 0.9)
def log_trace_net(d: Doc, x: Values) -> None:
    r = x.r
    d.w("Azure.RequestFailedException: Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.\n",
        "RequestId:", x.neg("guid"), "\nStatus: 403 (Server failed to authenticate the request.)\n")
    if r.random() < 0.6:
        d.w("   --- using SAS: https://stordersprod.blob.core.windows.net/exports/orders.csv?", sas(x), "\n")
    d.w("   at Azure.Storage.Blobs.BlobRestClient.DownloadAsync(...)\n\nthe SAS was generated 5 min ago, clock skew?")


@template("log_k8s_events", 0.8)
def log_k8s(d: Doc, x: Values) -> None:
    d.w("$ kubectl get events -n orders --sort-by=.lastTimestamp | tail -3\n",
        "Warning  Failed   pod/orders-api-7c9f  Failed to pull image: rpc error: unauthorized\n",
        "Normal   Pulling  pod/orders-api-7c9f  Pulling image \"acrbrightlane.azurecr.io/orders-api@sha256:", x.neg("sha256"), "\"\n",
        "Warning  BackOff  pod/orders-api-7c9f  Back-off restarting failed container (node ", x.ip(), ")\n\nwhy?")


# --- data --------------------------------------------------------------------------------------


@template("data_csv_export", 1.3)
def data_csv(d: Doc, x: Values) -> None:
    r = x.r
    sep = r.choice((",", ";", "\t"))
    cols = r.choice((("name", "email", "phone"), ("customer", "iban", "amount"), ("employee", "ssn", "dept"), ("cardholder", "card", "expiry")))
    d.w(r.choice(("clean up this export, dates are mixed:\n\n", "Convert this to JSON please:\n", "find the duplicates:\n")), sep.join(cols), "\n")
    for _ in range(r.choice((1, 2, 2))):
        nm = x.name()
        second = {"email": x.email, "iban": x.iban, "ssn": x.ssn, "card": x.card}[cols[1]]()
        third = {"phone": lambda: x.phone(), "amount": lambda: f"{r.randrange(10, 9999)}.{r.randrange(0, 99):02d}",
                 "dept": lambda: r.choice(("FIN", "HR", "OPS")), "expiry": lambda: f"{r.randrange(1, 13):02d}/{r.randrange(26, 31)}"}[cols[2]]()
        d.w(nm, sep, second, sep, third, "\n")
    if r.random() < 0.5:
        neg = {"email": "example_email", "iban": "example_iban", "ssn": "bad_ssn", "card": "test_card"}[cols[1]]
        d.w("TEST USER", sep, x.neg(neg), sep, "-\n")


@template("data_json_payload", 1.2)
def data_json(d: Doc, x: Values) -> None:
    r = x.r
    n, m = x.person_mail()
    d.w("POST body our CRM webhook sends:\n{\n  \"event\": \"contact.updated\",\n  \"id\": \"", x.neg("guid"), "\",\n  \"contact\": {\n",
        "    \"fullName\": \"", n, "\",\n    \"email\": \"", m, "\",\n")
    if r.random() < 0.6:
        d.w("    \"phone\": \"", x.phone(), "\",\n")
    if r.random() < 0.3:
        d.w("    \"payout\": { \"iban\": \"", x.iban(), "\" },\n")
    d.w("    \"source\": \"web\"\n  }\n}\nwrite me a pydantic model for this")


@template("data_order_lines", 0.8)
def data_orders(d: Doc, x: Values) -> None:
    r = x.r
    d.w("Order export (no PII I think?):\norder_no;lot;gl_account;qty\n")
    for _ in range(r.choice((2, 3))):
        d.w(x.neg("order_number"), ";", x.neg("lot_number"), ";", x.neg("gl_account"), ";", str(r.randrange(1, 50)), "\n")
    d.w("please sum qty per gl account")


@template("data_payment_form", 1.4)
def data_payment(d: Doc, x: Values) -> None:
    r = x.r
    n = x.name()
    d.w("Customer filled the form wrong, can you tell me which field is off?\n\nCardholder: ", n, "\nCard number: ")
    d.w(x.card() if r.random() < 0.75 else x.neg("luhn_fail"), "\nExpiry: ", f"{r.randrange(1, 13):02d}/{r.randrange(26, 31)}", "\nCVC: ", str(r.randrange(100, 999)), "\n")
    if r.random() < 0.4:
        d.w("Billing phone: ", x.phone(), "\n")


@template("data_w4_form", 1.3)
def data_w4(d: Doc, x: Values) -> None:
    r = x.r
    d.w("OCR of the onboarding form, please fill the JSON schema:\n\nEmployee's name: ", x.name("en"), "\nSocial Security Number: ",
        x.ssn(r.choice(("-", " ", ""))), "\nAddress: ", str(r.randrange(10, 9999)), " ", r.choice(("Maple Ave", "W 34th St", "Lakeshore Dr")), "\n")
    if r.random() < 0.5:
        d.w("Spouse SSN: ", x.ssn("-"), "\n")
    d.w("Filing status: single\n")


# --- chat --------------------------------------------------------------------------------------


@template("chat_teams", 1.2)
def chat_teams(d: Doc, x: Values) -> None:
    r = x.r
    a, b = x.name(), x.name()
    d.w("summarise this teams thread for me:\n\n[", f"{r.randrange(8, 18)}:{r.randrange(10, 59)}", "] ", a, ": ", r.choice((
        "prod deploy is blocked, anyone has the new ACR creds?", "who owns the billing db?", "customer escalated again")), "\n[",
        f"{r.randrange(8, 18)}:{r.randrange(10, 59)}", "] ", b, ": ")
    p = r.random()
    if p < 0.35:
        d.w("use ", x.pw("password_prose", "!#%-_."), " to log in, it's the temp one until Monday")
    elif p < 0.6:
        d.w("call ", x.first(), " on ", x.phone(), ", she knows")
    elif p < 0.8:
        d.w("@", x.first(lower=True), " can you check? ", N("git", "code_word", "PERSON"), " log shows the last merge was ", x.neg("commit_sha"))
    else:
        d.w("no idea, ask in #platform")
    d.w("\n[", f"{r.randrange(8, 18)}:{r.randrange(10, 59)}", "] ", a, ": ok thx\n")


@template("chat_slack_lower", 1.2)
def chat_slack(d: Doc, x: Values) -> None:
    r = x.r
    a = x.first(lower=True)
    d.w(a, "  ", f"{r.randrange(1, 12)}:{r.randrange(10, 59)} PM", "\n")
    p = r.random()
    if p < 0.3:
        d.w("here's the key:\n", x.cred(x.pick(("azure_ai_key_no_keyword", "azure_openai_key"))), "\n")
    elif p < 0.55:
        _, tok = x.token()
        d.w("try this one ", tok, " (expires friday)\n")
    elif p < 0.75:
        d.w("ping ", x.first(lower=True), ", ", r.choice(("she", "he")), " has the vpn config. ", N("kubectl", "code_word", "PERSON"),
            " works again btw\n")
    else:
        d.w("tell me when the hotel booking for 12 ppl is confirmed, room block ", N(f"{r.randrange(100, 999)}-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}", "lot_number", "US_SSN"), "\n")
    d.w(x.first(lower=True), "  ", f"{r.randrange(1, 12)}:{r.randrange(10, 59)} PM", "\n", r.choice(("ty!", "got it", "👍", "merci")), "\n\n",
        "(can you turn this slack convo into a ticket description?)")


@template("chat_password_prose", 1.6)
def chat_password_prose(d: Doc, x: Values) -> None:
    r = x.r
    pw = x.pw("password_prose", "!#%-_.?")
    lang = r.choice(("en", "en", "de", "es", "fr", "it", "pl", "nl", "pt"))
    forms = {"en": (("the pwd is ", ""), ("temp password: ", ""), ("use ", " to log in"), ("password for the wifi is ", " (case sensitive)"),
                    ("login is ", " — change it after first login")),
             "de": (("das Passwort lautet ", "."), ("Kennwort: ", " (bitte nach dem ersten Login ändern)"), ("Passwort lautet: ", ""),
                    ("dein Initialpasswort lautet ", " – bitte gleich ändern")),
             "es": (("la contraseña es ", ""), ("contraseña temporal: ", ", cámbiala hoy"),),
             "fr": (("le mot de passe est ", ""), ("mot de passe provisoire : ", "")),
             "it": (("la password è ", ""), ("password temporanea: ", "")),
             "pl": (("hasło to ", ""), ("tymczasowe hasło: ", "")),
             "nl": (("het wachtwoord is ", ""), ("tijdelijk wachtwoord: ", "")),
             "pt": (("a senha é ", ""), ("senha provisória: ", ""))}
    pre, post = r.choice(forms[lang])
    who = x.first()
    d.w(r.choice(("translate to English and make it polite:\n\n", "rewrite this message more formally:\n\n", "")), who, ", ", pre, pw, post, "\n")
    if r.random() < 0.3:
        d.w("user: ", ascii_name(who.text), "\n")


@template("chat_bare_secret", 3.0)
def chat_bare_secret(d: Doc, x: Values) -> None:
    r = x.r
    kinds = ("azure_ai_key_no_keyword", "entra_client_secret", "aws_secret_key", "cosmos_key", "bearer_token", "azure_storage_key",
             "mailgun_key", "twilio_key")
    kind = x.pick(kinds)
    d.w(r.choice(("here's the key:\n", "secret below, don't share\n\n", "as requested:\n", "new one after rotation ->\n")), x.cred(kind), "\n")
    d.w(r.choice(("", "\nendpoint is the usual one", "\nit's for the staging subscription")))


@template("chat_mentions", 1.0)
def chat_mentions(d: Doc, x: Values) -> None:
    r = x.r
    d.w("@", x.name(), " @", x.first(lower=True), " — ", r.choice(("can one of you approve the PR?", "please review before EOD",
                                                               "the release notes need your sign-off")), "\n")
    d.w(N(r.choice(("Redis", "Helm", "Terraform", "Grafana")), "code_word", "PERSON"), " upgrade to ", x.neg("version"), " is in the PR too.\n")


# --- mail --------------------------------------------------------------------------------------


@template("mail_thread", 1.3)
def mail_thread(d: Doc, x: Values) -> None:
    r = x.r
    culture = r.choice(("en", "de", "es", "fr", "it", "pl", "nl", "in", "zh", "ja", "ar", "ng", "br"))
    lang = CULTURE_LANG[culture]
    sender, smail = x.person_mail(culture)
    to_first = x.first()
    d.w("reply to this, say we'll fix it by Friday:\n\nFrom: ", sender, " <", smail, ">\nSent: ", x.ts()[:10], "\nSubject: RE: ",
        r.choice(("invoice discrepancy", "access to the portal", "contract renewal", "API outage yesterday")), "\n\n")
    d.w(*greet(x, lang, to_first))
    p = r.random()
    if p < 0.3:
        d.w("please update our bank details to ", x.iban(), " before the next payment run.")
    elif p < 0.55:
        d.w("you can reach me on ", x.phone(), " any time today.")
    elif p < 0.7:
        d.w("the invoice references PO ", x.neg("order_number"), " which we never issued.")
    else:
        d.w("we still have no access to the portal since the migration.")
    extra = ["\n", x.phone()] if r.random() < 0.4 else []
    d.w(*sign(x, lang, V(sender.text, PERSON, PERSON), extra))


@template("mail_forward_chain", 1.0)
def mail_forward(d: Doc, x: Values) -> None:
    r = x.r
    a, am = x.person_mail()
    b, bm = x.person_mail()
    d.w("---------- Forwarded message ---------\nFrom: ", a, " <", am, ">\nTo: ", bm, "\nCc: ", x.neg("example_email"), "\n\n")
    if r.random() < 0.5:
        d.w("Payroll correction for ", x.name(), ": SSN on file is ", x.ssn(), ", the last digits were swapped.\n")
    else:
        d.w("Hotel confirmation for the offsite, ref ", x.neg("build_id"), ". Tell the group to bring ID.\n")
    d.w("\nwhat should I answer?")


@template("mail_signature", 1.8)
def mail_signature(d: Doc, x: Values) -> None:
    r = x.r
    n, m = x.person_mail(r.choice(("de", "fr", "in", "ng", "ar", "ja", "br", "zh")))
    d.w("make this signature consistent with our brand guide:\n\n--\n", n, "\n", r.choice(("Senior Account Manager", "Head of IT Operations",
                                                                                         "Cloud Architect | Platform Team")), "\n")
    d.w(r.choice(("M: ", "Mobile ", "Tel. ", "☎ ")), x.phone(), "\n", m, "\n")
    if r.random() < 0.3:
        d.w("Fax: ", x.neg("fict_phone"), "\n")


# --- tickets -----------------------------------------------------------------------------------


@template("ticket_helpdesk", 1.5)
def ticket_helpdesk(d: Doc, x: Values) -> None:
    r = x.r
    n = x.name()
    d.w("Ticket ", ticket_no(x), " | Priority: P", str(r.randrange(1, 4)), "\nRequester: ", n, "\n")
    p = r.random()
    if p < 0.3:
        pre, post = r.choice((("Description: user locked out, reset done. Temp password: ", " (must change at next logon)"),
                              ("Beschreibung: Konto entsperrt. Das neue Passwort lautet ", ", bitte beim ersten Login ändern."),
                              ("Descripción: cuenta desbloqueada, la contraseña es ", " (temporal)"),
                              ("Description: reset done, use ", " to log in and pick a new one")))
        d.w(pre, x.pw("password_prose", "!#%-_."), post, "\n")
    elif p < 0.55:
        d.w("Description: laptop can't reach VPN gateway ", x.ip(), " from home. Callback: ", x.phone(), "\n")
    elif p < 0.75:
        d.w("Description: Outlook keeps asking for credentials after password change.\n")
    else:
        d.w("Description: request access to ", N("Grafana", "code_word", "PERSON"), " dashboards, asset tag ", x.neg("build_id"), "\n")
    d.w("\nwrite a short resolution note for this ticket")


@template("ticket_hr", 1.0)
def ticket_hr(d: Doc, x: Values) -> None:
    r = x.r
    n = x.name()
    d.w("HR case ", ticket_no(x), "\nEmployee: ", n, "\nIssue: ")
    p = r.random()
    if p < 0.4:
        d.w("salary was paid to old account; new IBAN ", x.iban(), "\n")
    elif p < 0.7:
        d.w("W-2 shows wrong SSN (", x.ssn(), "), needs correction\n")
    else:
        d.w("wants to change manager to ", x.name(), "\n")
    d.w("Draft a polite reply to the employee.")


@template("ticket_crm", 1.1)
def ticket_crm(d: Doc, x: Values) -> None:
    r = x.r
    n, m = x.person_mail()
    d.w("CRM note — Account: ", r.choice(("Gulfline Energy", "Lagos Fintrust", "Sakura Denki", "Orbitpay")), "\nContact: ", n, " (", m, ")\n")
    if r.random() < 0.5:
        d.w("Paid with card ending ", x.neg("masked"), ", dispute opened. Full card per customer: ", x.card(), "\n")
    else:
        d.w("Asked for callback on ", x.phone(), ", re: renewal\n")
    d.w("summarise for the account review")


@template("ticket_support_customer", 1.1)
def ticket_support(d: Doc, x: Values) -> None:
    r = x.r
    culture = r.choice(("es", "de", "fr", "it", "br", "pl", "nl"))
    lang = CULTURE_LANG[culture]
    n, m = x.person_mail(culture)
    body = {"es": ("No puedo acceder a mi cuenta. Mi correo es ", ". Gracias."), "de": ("Ich komme nicht in mein Konto. Meine Mail: ", ". Danke!"),
            "fr": ("Je n'arrive pas à me connecter. Mon e-mail : ", ". Merci."), "it": ("Non riesco ad accedere. La mia email è ", ". Grazie."),
            "pt": ("Não consigo entrar na conta. Meu e-mail é ", ". Obrigado."), "pl": ("Nie mogę się zalogować. Mój e-mail: ", ". Dzięki."),
            "nl": ("Ik kan niet inloggen. Mijn e-mail is ", ". Bedankt.")}[lang]
    d.w("Translate this support request and draft an answer:\n\n", body[0], m, body[1], "\n", n, "\n")
    if r.random() < 0.4:
        d.w(r.choice(("Tel: ", "Tel.: ", "Telefone: ")), x.phone(), "\n")


@template("ticket_security", 1.2)
def ticket_security(d: Doc, x: Values) -> None:
    r = x.r
    d.w("Security incident ", ticket_no(x), ": secret found in public repo.\nLeaked value: ")
    if r.random() < 0.7:
        _, tok = x.token()
        d.w(tok)
    else:
        d.w(x.neg("aws_example"), " (turned out to be the docs example)")
    d.w("\nSource IP of first use: ", x.ip() if r.random() < 0.6 else x.neg("doc_ip"), "\nWrite the post-incident summary.")


# --- misc, no values ---------------------------------------------------------------------------


@template("code_no_values", 1.3)
def code_no_values(d: Doc, x: Values) -> None:
    r = x.r
    d.w(r.choice(("explain this regex: ^(?=.*[A-Z])(?=.*\\d).{12,}$", "how do I pin ", "why does ")),
        N(r.choice(("npm", "pip", "Helm")), "code_word", "PERSON"), " ", r.choice(("install fail behind the proxy?", "pick the wrong version?")),
        "\ncurrent: ", x.neg("version"), ", lockfile hash ", x.neg("sha256"), "\n")


@template("config_placeholders_only", 1.6)
def config_placeholders(d: Doc, x: Values) -> None:
    r = x.r
    d.w("Is this template ok to commit?\n\nAZURE_OPENAI_ENDPOINT=https://<resource>.openai.azure.com\nAZURE_OPENAI_API_KEY=", x.neg("placeholder"),
        "\nSTORAGE_KEY=", x.neg(r.choice(("azurite", "placeholder"))), "\nDB_PASSWORD=", x.neg("placeholder"), "\n")
    if r.random() < 0.5:
        d.w("COSMOS_KEY=", x.neg("cosmos_emulator"), "  # emulator\n")
    d.w("STRIPE_KEY=", N("sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc", "placeholder", "stripe_key"), "\n")


@template("log_ids_only", 1.0)
def log_ids_only(d: Doc, x: Values) -> None:
    d.w("request failed, ids below:\nx-ms-client-request-id: ", x.neg("guid"), "\napim-request-id: ", x.neg("guid"), "\nid: ",
        x.neg("chatcmpl"), "\nsystem_fingerprint: fp_", x.hexs(10), "\nmodel version ", x.neg("version"), "\n")


@template("ticket_test_data", 1.4)
def ticket_test_data(d: Doc, x: Values) -> None:
    r = x.r
    d.w("QA: checkout fails with test card ", x.neg("test_card"), " and IBAN ", x.neg("example_iban"), ".\nSupport line in the mockup: ",
        x.neg("fict_phone"), "\nuser ", x.neg("example_email"), r.choice((", SSN field prefilled with ", ", tax id ")), x.neg("bad_ssn"), "\n")


@template("ticket_masked", 0.9)
def ticket_masked(d: Doc, x: Values) -> None:
    d.w("Customer says card ", x.neg("masked"), " was charged twice. Key in logs shows as ", x.neg("masked"), ". Server ", x.neg("doc_ip"),
        ".\nHow do we investigate without the full numbers?")


_ = (ENV_KINDS, conn_string, DB_USERS)
