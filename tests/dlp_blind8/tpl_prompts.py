"""Prompts: people asking an assistant for help, pasting one or two sensitive values in passing."""

from __future__ import annotations

from tests.dlp_blind8.build import Doc, template
from tests.dlp_blind8.values import Values
from tests.dlp_eval.templates import Val


@template("ticket_fix_config", weight=6)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("hi, can you fix this? deploy keeps failing with 401. here's my config:\n\n```\n⟨n⟩=⟨k⟩\nREGION=westeurope\n```\n"
           "thx, ⟨p⟩", n=name, k=key, p=v.person("first"))


@template("ticket_summarise", weight=3)
def _(v: Values, d: Doc) -> None:
    d.fill("Summarise this ticket in 3 bullet points for the weekly report:\n\n> INC-48213 opened by ⟨p⟩\n> Customer reports "
           "duplicate charge, contact ⟨x⟩. Agent verified identity and escalated to billing.\n> Ref ⟨n⟩",
           p=v.person(), x=v.pii(), n=v.neg())


@template("ticket_why_fail", weight=3)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("why does this fail?? `curl -H \"⟨n⟩: ⟨k⟩\" https://api.internal/v2/health` returns 403 but from my laptop it works. "
           "server ip is ⟨ip⟩", n=name, k=key, ip=v.ip())


@template("ticket_german", weight=3)
def _(v: Values, d: Doc) -> None:
    d.fill("Hallo, bitte fasse das Ticket zusammen. Kunde ⟨p⟩ (Tel. ⟨ph⟩) möchte die Abbuchung auf IBAN ⟨i⟩ stornieren. "
           "Danke!", p=v.person(), ph=v.phone(), i=v.iban())


@template("ticket_spanish", weight=4)
def _(v: Values, d: Doc) -> None:
    d.fill("Necesito responder a este cliente: ⟨p⟩ dice que le cobraron dos veces en la tarjeta ⟨c⟩. Su correo es ⟨e⟩. "
           "Escribe una respuesta amable por favor", p=v.person(), c=v.card(), e=v.email())


@template("ticket_hr_ssn", weight=4)
def _(v: Values, d: Doc) -> None:
    d.fill("pls check if onboarding form is complete: name ⟨p⟩, SSN ⟨s⟩, start date 2026-01-12, laptop asset tag "
           "⟨n⟩. anything missing?", p=v.person(), s=v.ssn(), n=v.neg())


@template("code_python_bug", weight=4)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("getting `KeyError: 'choices'` from this, what am I doing wrong\n\n```python\nimport os, requests\n"
           "⟨n⟩ = \"⟨k⟩\"\nresp = requests.post(URL, headers={\"Authorization\": f\"Bearer {⟨n2⟩}\"}, json=body)\n"
           "print(resp.json()['choices'][0])\n```", n=name.lower().replace(".", "_").replace("/", "").replace(":", ""),
           k=key, n2=name.lower().replace(".", "_").replace("/", "").replace(":", ""))


@template("code_csharp_ctor", weight=3)
def _(v: Values, d: Doc) -> None:
    d.fill("Refactor this to use DI please:\n\n```csharp\nvar cred = new NetworkCredential(\"svc_reports\", \"⟨pw⟩\");\n"
           "var client = new SmtpClient(\"smtp.contoso-retail.com\") { Credentials = cred };\n"
           "client.Send(\"⟨f⟩\", \"⟨e⟩\", \"Daily\", body);\n```",
           pw=v.pw("password_ctor"), f=Val("reports@contoso-retail.com", "EMAIL_ADDRESS", "EMAIL_ADDRESS"),
           e=v.email())


@template("code_js_review", weight=2)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("code review? be honest\n\n```js\nconst client = createClient({\n  apiKey: '⟨k⟩', // TODO move to env\n"
           "  timeout: 30_000,\n});\n// owner: ⟨p⟩\n```", k=key, p=v.person())
    _ = name


@template("code_sql_query", weight=3)
def _(v: Values, d: Doc) -> None:
    d.fill("why is this slow on 40M rows?\n\nSELECT * FROM customers WHERE email = '⟨e⟩' OR phone = '⟨ph⟩' ORDER BY created_at;",
           e=v.email(), ph=v.phone())


@template("code_shell_cli", weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("script dies at line 3, ideas?\n\n#!/bin/bash\nset -e\nmysql -h ⟨ip⟩ -u backup -p⟨pw⟩ -e 'SHOW DATABASES'\n"
           "pg_dump --password ⟨pw2⟩ app > /tmp/app.sql", ip=v.ip(), pw=v.pw("password_cli"), pw2=v.pw("password_cli"))


@template("code_test_fixture", weight=4)
def _(v: Values, d: Doc) -> None:
    d.fill("Write pytest tests for validate_payment(). Sample data we use in staging:\n\n"
           "payload = {\"holder\": \"⟨p⟩\", \"card\": \"⟨c⟩\", \"iban\": \"⟨i⟩\"}\n# the stripe docs card ⟨n⟩ always succeeds",
           p=v.person(), c=v.card(), i=v.iban(), n=v.neg())


@template("code_pem_json", weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("The service account json doesn't load, 'Invalid PEM'. Here it is:\n\n{\n  \"type\": \"service_account\",\n"
           "  \"client_email\": \"⟨e⟩\",\n  \"private_key\": \"⟨k⟩\"\n}", e=v.email(), k=v.private_key(escaped=True))


@template("config_env_file", weight=5)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("which of these env vars are unused? \n\nNODE_ENV=production\nLOG_LEVEL=info\n⟨n⟩=⟨k⟩\nDB_PASSWORD=⟨pw⟩\n"
           "SENTRY_RELEASE=4.12.3\n", n=name, k=key, pw=v.pw("password_kv"))


@template("config_yaml_k8s", weight=4)
def _(v: Values, d: Doc) -> None:
    d.fill("helm upgrade errors with 'mapping values are not allowed'. values.yaml:\n\npostgresql:\n  auth:\n    username: app\n"
           "    password: ⟨pw⟩\n  primary:\n    service:\n      loadBalancerIP: ⟨ip⟩\nimage:\n  tag: ⟨n⟩",
           pw=v.pw("password_yaml"), ip=v.ip(), n=v.neg())


@template("config_appsettings", weight=2)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("Wie migriere ich diese appsettings.json nach Key Vault?\n\n{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } },\n"
           "  \"⟨n⟩\": \"⟨k⟩\",\n  \"Support\": { \"Contact\": \"⟨e⟩\" }\n}", n=name.replace("__", ":"), k=key, e=v.email())


@template("config_neutral_key", weight=4)
def _(v: Values, d: Doc) -> None:
    d.fill("the endpoint is https://contoso-eus2.openai.azure.com/ and the value from the portal is ⟨k⟩ — "
           "which api-version should I use for gpt-4o? asked ⟨p⟩ already, no idea", k=v.aoai_neutral(), p=v.person("first"))


@template("config_docker_compose", weight=3)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("docker compose up -> container exits 137. compose file:\n\nservices:\n  worker:\n    image: registry.local/worker:2.3.1\n"
           "    environment:\n      ⟨n⟩: \"⟨k⟩\"\n      REDIS_PASSWORD: ⟨pw⟩\n", n=name, k=key, pw=v.pw("password_yaml"))


@template("config_ssh_key", weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("ssh says 'invalid format' for this key, ⟨p⟩ generated it yesterday:\n\n⟨k⟩\n", p=v.person(), k=v.private_key())


@template("log_stacktrace", weight=4)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("explain this error:\n\n2026-11-30T08:14:02Z ERROR [ingest] upstream rejected request from ⟨ip⟩\n"
           "  headers={'⟨n⟩': '⟨k⟩', 'x-request-id': '⟨g⟩'}\n  at Pipeline.send (pipeline.js:211)",
           ip=v.ip(), n=name, k=key, g=v.neg())


@template("log_access", weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("is this a brute force? \n⟨ip⟩ - - [29/Nov/2026:23:01:44 +0000] \"POST /login HTTP/1.1\" 401 93 user=⟨e⟩\n"
           "⟨ip2⟩ - - [29/Nov/2026:23:01:45 +0000] \"POST /login HTTP/1.1\" 401 93", ip=v.ip(), e=v.email(), ip2=v.ip())


@template("log_auth_header", weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("proxy log, why 401?\n> GET /v1/orders HTTP/2\n> Host: api.wingtip.io\n> Authorization: Bearer ⟨t⟩\n< HTTP/2 401",
           t=v.pick([v.bearer, v.jwt])())


@template("log_crm_export", weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("parse this line into JSON fields pls: ts=1764412345 evt=profile_update actor=⟨p⟩ ssn_last_changed=⟨s⟩ phone=⟨ph⟩",
           p=v.person(), s=v.ssn(), ph=v.phone())


@template("mail_rewrite", weight=3)
def _(v: Values, d: Doc) -> None:
    a, b = v.person(), v.person("first")
    d.fill("Rewrite this email to sound more professional:\n\n\"hey ⟨b⟩, pls send the refund to ⟨x⟩ asap, customer is angry. "
           "cheers ⟨a⟩\"", b=b, x=v.pii(), a=a)


@template("mail_reply_customer", weight=3)
def _(v: Values, d: Doc) -> None:
    d.fill("write a reply to this customer, polite but firm, no refund after 30 days\n\n---\nFrom: ⟨p⟩ <⟨e⟩>\n"
           "Subject: order ⟨n⟩\n\nI want my money back. call me on ⟨ph⟩\n---", p=v.person(), e=v.email(), n=v.neg(), ph=v.phone())


@template("mail_quoted_thread", weight=3)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("can you tell me what they actually want here?\n\n> On Tue, ⟨p⟩ wrote:\n> > the new key is ⟨k⟩, rotate the old "
           "one by friday\n> ok but which env??", p=v.person(), k=key)
    _ = name


@template("mail_translate_fr", weight=3)
def _(v: Values, d: Doc) -> None:
    d.fill("Traduis en anglais : « Bonjour, je suis ⟨p⟩. Mon numéro de sécurité sociale américain est ⟨s⟩ et mon IBAN "
           "⟨i⟩. Merci de mettre à jour mon dossier. »", p=v.person(), s=v.ssn(), i=v.iban())


@template("mail_nonnative", weight=3)
def _(v: Values, d: Doc) -> None:
    d.fill("Please to check my english in this mail: Dear Mr ⟨p⟩, kindly do the needful and transfer the invoice amount "
           "to account ⟨i⟩ , for queries reach me at ⟨ph⟩. Regards ⟨q⟩", p=v.person("initial"), i=v.iban(), ph=v.phone(),
           q=v.person())


@template("chat_terse", weight=10)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("⟨k⟩ is this still valid or revoked?", k=key)
    _ = name


@template("chat_password_prose", weight=3)
def _(v: Values, d: Doc) -> None:
    d.fill("my colleague ⟨p⟩ told me the wifi admin password is ⟨pw⟩ but the router says wrong password, "
           "typo maybe?", p=v.person(), pw=v.pw("password_prose"))


@template("chat_typos", weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("cna u make a tabel of thees contacts\n⟨a⟩ ⟨x⟩\n⟨b⟩ ⟨y⟩\nsorry on mobile", a=v.person(), x=v.pii(),
           b=v.person(), y=v.pii())


@template("chat_markdown_notes", weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("## Meeting notes\n- **Owner:** ⟨p⟩\n- VPN gateway moved to `⟨ip⟩`\n- test card for QA: ⟨n⟩\n\nturn this into a jira "
           "epic?", p=v.person(), ip=v.ip(), n=v.neg())


@template("chat_italian", weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("Ciao, puoi scrivere un messaggio a ⟨p⟩ per ricordargli il pagamento? Il suo numero è ⟨ph⟩ e la carta registrata "
           "termina con ⟨n⟩.", p=v.person(), ph=v.phone(), n=v.neg())


@template("chat_docs_question", weight=6)
def _(v: Values, d: Doc) -> None:
    d.fill("in the docs they use ⟨n⟩ as the key — do I just replace that with mine (⟨k⟩)?", n=v.neg(), k=v.cred()[1])
