"""Mail and chat threads, tickets, HR/finance text, multilingual prompts, and answers that echo values."""

from __future__ import annotations

from tests.dlp_blind4.build import Doc, template
from tests.dlp_blind4.values import Values


def _sig(v: Values, d: Doc, name: str) -> None:
    d.fill("\n\n-- \n⟨n⟩ | Senior Platform Engineer\nM: ⟨m⟩ | T: ⟨t⟩\n⟨e⟩\nRef ⟨tk⟩ | This e-mail may contain confidential information.\n",
           n=name, m=v.phone(), t=v.phone(), e=v.email(), tk=v.n_ticket())


@template("outlook_thread", weight=4)
def outlook_thread(v: Values, d: Doc) -> None:
    a, b = f"{v.first()} {v.last()}", f"{v.first()} {v.last()}"
    d.fill("Summarise this thread and draft a reply for me please.\n\nFrom: ⟨a⟩ <⟨ae⟩>\nSent: Tuesday, ⟨dt⟩ 09:14\n"
           "To: ⟨be⟩\nCc: ⟨ce⟩\nSubject: RE: access for the ⟨w⟩ migration\n\nHi,\n\nthe service principal is set up now. "
           "Client secret is ⟨es⟩ (expires in 6 months), tenant ⟨tid⟩. Please put it in the vault and delete this mail.\n",
           a=a, ae=v.email(), dt=v.n_date(), be=v.email(), ce=v.email(), w=v.word(), es=v.entra(), tid=v.n_tenant())
    _sig(v, d, a)
    d.fill("\n> From: ⟨b⟩ <⟨be⟩>\n> Sent: Monday, ⟨dt⟩ 17:40\n> Can someone share the storage connection string? "
           "The old one (⟨old⟩) was rotated.\n> My desk line is ⟨ph⟩, build ⟨bn⟩ is blocked.\n",
           b=b, be=v.email(), dt=v.n_date(), old=v.n_placeholder(), ph=v.phone(), bn=v.n_build())
    if v.r.random() < 0.6:
        d.fill(">> Reply from ⟨a⟩: it is ⟨cs⟩\n", a=a, cs=v.conn_any())


@template("teams_chat", weight=4)
def teams_chat(v: Values, d: Doc) -> None:
    n1, n2 = v.first(), v.first()
    d.fill("[10:02] ⟨n1⟩ ⟨l1⟩\nhey can you try with my key, the shared one is throttled\n[10:02] ⟨n1⟩ ⟨l1⟩\n⟨k⟩\n"
           "[10:03] ⟨n2⟩ ⟨l2⟩\nthanks! endpoint is https://⟨h⟩.openai.azure.com/ right? deployment gpt-4o, api-version 2024-10-21\n"
           "[10:05] ⟨n1⟩ ⟨l1⟩\nyes. also the VM is at ⟨ip⟩ if you need to ssh, user azureuser pw ⟨pw⟩\n"
           "[10:06] ⟨n2⟩ ⟨l2⟩\nworks, request id ⟨rid⟩ 👍\n",
           n1=n1, l1=v.last(), n2=n2, l2=v.last(), k=v.aoai_bare(), h=v.host(), ip=v.ip(),
           pw=v.password("password_prose"), rid=v.n_guid())
    d.fill("Can you explain why the first call returned 429 and suggest retry settings?")


@template("jira_export", weight=3)
def jira_export(v: Values, d: Doc) -> None:
    d.fill("Issue key,Summary,Reporter,Reporter email,Created,Description\n"
           "OPS-⟨n1⟩,\"Webhook failing\",⟨r⟩,⟨e⟩,⟨dt⟩,\"Slack notifications broken after rotation, new URL ⟨wh⟩\"\n"
           "OPS-⟨n2⟩,\"Login fails for contractor\",⟨r2⟩,⟨e2⟩,⟨dt2⟩,\"Contractor phone ⟨ph⟩, SSN on file ⟨ssn⟩ (needed for background check)\"\n"
           "OPS-⟨n3⟩,\"Upgrade agent\",⟨r⟩,⟨e⟩,⟨dt⟩,\"Agent ⟨ver⟩ crashes, checksum ⟨sha⟩\"\n\nGroup these by theme.",
           n1=str(v.r.randint(100, 9999)), n2=str(v.r.randint(100, 9999)), n3=str(v.r.randint(100, 9999)),
           r=f"{v.first()} {v.last()}", e=v.email(), dt=v.n_date(), wh=v.slack_webhook(), r2=f"{v.first()} {v.last()}",
           e2=v.email(), dt2=v.n_date(), ph=v.phone("US"), ssn=v.ssn(), ver=v.n_version(), sha=v.n_sha256())


@template("servicenow", weight=3)
def servicenow(v: Values, d: Doc) -> None:
    d.fill("Number: ⟨inc⟩\nCaller: ⟨c⟩ (⟨e⟩)\nLocation phone: ⟨ph⟩\nConfiguration item: ⟨h⟩-sql01 (⟨ip⟩)\n"
           "Short description: App cannot reach SQL after password change\nWork notes:\n"
           "  ⟨dt⟩ - user supplied connection: Server=tcp:⟨h⟩.database.windows.net,1433;Database=⟨w⟩;User ID=svc_⟨w⟩;Password=⟨pw⟩;Encrypt=True;\n"
           "  ⟨dt2⟩ - correlation ⟨cid⟩, KB ⟨kb⟩ applied\nPlease write the resolution notes.",
           inc=v.n_ticket(), c=f"{v.first()} {v.last()}", e=v.email(), ph=v.phone(), h=v.host(), ip=v.ipv4(True),
           dt=v.n_date(), w=v.word(), pw=v.password_nourl("password_ctor"), dt2=v.n_date(), cid=v.n_guid(),
           kb=f"KB{v.r.randint(4000000, 5999999)}")


@template("hr_text", weight=3)
def hr_text(v: Values, d: Doc) -> None:
    name = f"{v.first()} {v.last()}"
    d.fill("Draft a welcome letter for our new hire using these details:\nName: ⟨n⟩\nPersonal email: ⟨e⟩\nMobile: ⟨m⟩\n"
           "SSN: ⟨ssn⟩\nSalary account (IBAN): ⟨iban⟩\nStart date: ⟨dt⟩, employee no. ⟨emp⟩, grade ⟨ver⟩\n"
           "Company card issued: ⟨cc⟩ (limit 5 000,00 EUR)\nDo not include the SSN or bank details in the letter.",
           n=name, e=v.email(), m=v.phone(), ssn=v.ssn(), iban=v.iban(), dt=v.n_date(), emp=v.n_ticket(),
           ver=v.n_price(), cc=v.card())


@template("finance_text", weight=3)
def finance_text(v: Values, d: Doc) -> None:
    d.fill("Reconcile these two payments and tell me which one is the duplicate:\n"
           "1) ⟨dt⟩  Betrag ⟨p⟩ EUR  an ⟨n⟩  IBAN ⟨i1⟩  Verwendungszweck Rechnung ⟨ord⟩\n"
           "2) ⟨dt⟩  amount ⟨p2⟩  card ⟨cc⟩  auth code ⟨auth⟩  ref ⟨ref⟩\n"
           "3) ⟨dt2⟩  SEPA return, debtor IBAN ⟨i2⟩ (checksum looked off: ⟨bad⟩)\n"
           "Our test card in staging is ⟨tc⟩, ignore that one.",
           dt=v.n_date(), p=v.n_price(), n=f"{v.first()} {v.last()}", i1=v.iban(), ord=v.n_order(), p2=v.n_price(),
           cc=v.card(), auth=str(v.r.randint(100000, 999999)), ref=v.n_order(), dt2=v.n_date(), i2=v.iban(),
           bad=v.n_bad_iban(), tc=v.n_testcard())


MULTI = [
    "Kannst du mir helfen? Mein Skript meldet 401. Schlüssel: ⟨k⟩, Rückrufnummer ⟨ph⟩, E-Mail ⟨e⟩. Build ⟨x⟩.",
    "Bonjour, pourquoi cette requête échoue ? Ma clé API est ⟨k⟩ et mon numéro ⟨ph⟩ (courriel ⟨e⟩). Version ⟨x⟩.",
    "Hola, ¿por qué falla? Uso la clave ⟨k⟩. Contacto: ⟨e⟩, tel. ⟨ph⟩. Versión ⟨x⟩.",
    "Hoi, kun je dit debuggen? API-sleutel ⟨k⟩, bel me op ⟨ph⟩ of mail ⟨e⟩. Versie ⟨x⟩.",
    "Cześć, dlaczego to nie działa? Klucz API: ⟨k⟩, telefon ⟨ph⟩, e-mail ⟨e⟩. Wersja ⟨x⟩.",
    "Olá, podes ajudar? A minha chave é ⟨k⟩, telemóvel ⟨ph⟩, email ⟨e⟩. Versão ⟨x⟩.",
    "Ciao, perché ricevo 403? La chiave è ⟨k⟩, cellulare ⟨ph⟩, email ⟨e⟩. Versione ⟨x⟩.",
    "このエラーを直してください。APIキーは ⟨k⟩ です。連絡先: ⟨e⟩、電話 ⟨ph⟩。バージョン ⟨x⟩。",
    "请帮我看看为什么调用失败。密钥是⟨k⟩，邮箱 ⟨e⟩，电话 ⟨ph⟩。版本 ⟨x⟩。",
]
REG = ["DE", "FR", "ES", "NL", "PL", "PT", "IT", "JP", "CN"]


@template("multilingual", weight=5)
def multilingual(v: Values, d: Doc) -> None:
    i = v.r.randrange(len(MULTI))
    key = v.pick([v.openai, v.aoai, v.anthropic, v.google, v.hf, v.github, v.stripe, v.sendgrid])()
    d.fill(MULTI[i], k=key, ph=v.phone(REG[i]), e=v.email(), x=v.pick([v.n_version, v.n_build, v.n_sha1])())
    if v.r.random() < 0.5:
        d.fill("\nIBAN für die Erstattung / refund: ⟨ib⟩, passwort=⟨pw⟩", ib=v.iban(v.pick(["DE", "FR", "ES", "NL", "PL", "PT", "IT", "AT", "BE"])),
               pw=v.password_nourl("password_kv"))


@template("answer", completion=True, weight=5)
def answer(v: Values, d: Doc) -> None:
    k = v.r.randint(0, 3)
    if k == 0:
        d.fill("Here is your corrected `.env` file:\n\n```\nAZURE_OPENAI_ENDPOINT=https://⟨h⟩.openai.azure.com/\n"
               "AZURE_OPENAI_API_KEY=⟨key⟩\nOPENAI_API_KEY=⟨ok⟩\nDB_PASSWORD=⟨pw⟩\n```\n\nThe trace id ⟨tr⟩ shows the earlier "
               "call used the wrong deployment.", h=v.host(), key=v.aoai(), ok=v.openai(), pw=v.password_nourl("password_kv"),
               tr=v.n_trace())
    elif k == 1:
        d.fill("I updated the customer record. The card ending in the digits you gave (⟨cc⟩) is now linked to ⟨e⟩, "
               "and the refund will go to ⟨ib⟩. The phone on file, ⟨ph⟩, was reformatted to E.164.",
               cc=v.card(), e=v.email(), ib=v.iban(), ph=v.phone())
    elif k == 2:
        d.fill("Your workflow fails because the token is hard-coded. Replace\n\n    GITHUB_TOKEN: ⟨gh⟩\n\nwith "
               "⟨ph⟩ and store the value in repository secrets. Same for the AWS pair ⟨id⟩ / ⟨sec⟩ — use OIDC instead. "
               "Commit ⟨sha⟩ introduced it.", gh=v.github(), ph=v.n_placeholder(), id=v.aws_id(), sec=v.aws_secret(), sha=v.n_sha1())
    else:
        d.fill("Sure. The SSH command is `ssh -i id_rsa admin@⟨ip⟩` and the private key you pasted is:\n\n⟨pem⟩\n\n"
               "Please rotate it, since it has now been shared. The server's IPv6 is ⟨ip6⟩.", ip=v.ipv4(False), pem=v.pem(), ip6=v.ipv6())


@template("support_chat", weight=3)
def support_chat(v: Values, d: Doc) -> None:
    d.fill("Customer: hi my order ⟨ord⟩ never arrived, I paid with ⟨cc⟩ on ⟨dt⟩\nAgent: sorry! can you confirm the email?\n"
           "Customer: ⟨e⟩, or call me ⟨ph⟩\nAgent: thanks, case ⟨inc⟩ opened, total ⟨p⟩\n\nWrite the follow-up email.",
           ord=v.n_order(), cc=v.card(), dt=v.n_date(), e=v.email(), ph=v.phone(), inc=v.n_ticket(), p=v.n_price())
