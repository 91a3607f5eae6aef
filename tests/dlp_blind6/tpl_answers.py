"""Model answers (completion=True): translations, summaries, extracted JSON, reformatted tables,
rewritten scripts and configs that echo the values they were given."""

from __future__ import annotations

from tests.dlp_blind6.build import Doc, template
from tests.dlp_blind6.values import Values, cred


@template("answer_extracted_json", completion=True, weight=2)
def _extracted(v: Values, d: Doc) -> None:
    d.fill('Here are the fields extracted from the scanned form:\n\n```json\n{\n  "account_holder": "⟨nm⟩",\n'
           '  "iban": "⟨ib⟩",\n  "ssn": "⟨ssn⟩",\n  "phone": "⟨ph⟩",\n  "email": "⟨em⟩",\n  "card_number": "⟨cc⟩",\n'
           '  "reference": "⟨ref⟩"\n}\n```\nNote: the date of birth was illegible.',
           nm=v.person(), ib=v.iban(grouped=False), ssn=v.ssn(), ph=v.phone(fmt="e164"), em=v.email(), cc=v.card(sep=""),
           ref=v.neg("invoice_no"))


@template("answer_markdown_table", completion=True, weight=2)
def _md_table(v: Values, d: Doc) -> None:
    d.add('Sure — the JSON as a table:\n\n| Name | E-mail | Phone | IP | Card |\n|---|---|---|---|---|\n')
    for _ in range(v.num(3, 5)):
        d.fill('| ⟨n⟩ | ⟨e⟩ | ⟨p⟩ | ⟨ip⟩ | ⟨c⟩ |\n', n=v.person(), e=v.email(), p=v.phone(), ip=v.ip(),
               c=v.card() if v.chance(0.6) else v.card_neg())
    d.add('\nTwo rows had no card; I left the masked value as it was.')


@template("answer_translation", completion=True)
def _translation(v: Values, d: Doc) -> None:
    d.fill('Translation:\n\n"Hello ⟨a⟩, my bank details are ⟨ib⟩ and my mobile is ⟨ph⟩. The password for the shared '
           'account is ⟨pw⟩ — please do not pass it on. Regards, ⟨b⟩"\n\nThe tone of the original is informal.',
           a=v.pfirst(), ib=v.iban(), ph=v.phone(), pw=v.pw("password_prose"), b=v.person())


@template("answer_incident_summary", completion=True)
def _incident(v: Values, d: Doc) -> None:
    d.fill('**Incident summary**\n\n- 03:14 UTC: repeated failed SSH logins for ⟨u⟩ from ⟨ip⟩.\n'
           '- 03:15 UTC: a login request logged the plain-text password `⟨pw⟩` for ⟨em⟩ — rotate it.\n'
           '- 03:15 UTC: upstream ⟨ip6⟩ timed out (request ⟨rid⟩).\n- The Slack webhook ⟨wh⟩ appeared in logs; regenerate it.\n'
           '- Health checks from ⟨lo⟩ and the documentation range ⟨doc⟩ were ignored.\n\nOwner: ⟨own⟩.',
           u=v.pfirst(), ip=v.ipv4(False), pw=v.pw("password_prose"), em=v.email(), ip6=v.ipv6(), rid=v.neg("guid"),
           wh=v.slack_webhook(), lo=v.ip_neg(), doc=v.ip_neg(), own=v.person())


@template("answer_rewritten_env", completion=True, weight=2)
def _env(v: Values, d: Doc) -> None:
    d.add('Here is the Postman environment as a `.env` file:\n\n```dotenv\n')
    for _ in range(v.num(4, 6)):
        k, c = cred(v)
        d.fill('⟨k⟩=⟨c⟩\n', k=k.upper().replace(".", "_"), c=c)
    d.fill('DB_PASSWORD="⟨pw⟩"\nTENANT_ID=⟨tid⟩\nPLACEHOLDER=⟨ph⟩\n```\nRemember to add `.env` to `.gitignore`.',
           pw=v.pw("password_kv"), tid=v.neg("guid"), ph=v.pw_neg())


@template("answer_refactored_code", completion=True)
def _refactor(v: Values, d: Doc) -> None:
    d.fill('I moved the secrets into one settings object; the values are unchanged so you can test, but load them from Key Vault '
           'before merging:\n\n```go\nvar cfg = Config{\n    DBPassword:   "⟨pw⟩",\n    DSN:          "⟨url⟩",\n'
           '    SMTPUser:     "⟨em⟩",\n    OpenAIKey:    "⟨ok⟩",\n    GitLabToken:  "⟨gl⟩",\n    ListenAddr:   "⟨ip⟩:8443",\n}\n```',
           pw=v.pw("password_kv"), url=v.url_with_password("mysql"), em=v.email(), ok=v.openai(), gl=v.gitlab(), ip=v.ipv4(True))


@template("answer_contact_card", completion=True)
def _contact(v: Values, d: Doc) -> None:
    d.fill('Merged contact:\n\n- **Name:** ⟨nm⟩\n- **Mobile:** ⟨ph⟩\n- **Work:** ⟨ph2⟩\n- **E-mail:** ⟨em⟩\n'
           '- **Meeting:** contract review with ⟨o⟩ on 8 Dec, dial-in ⟨dial⟩\n- **Notes:** door code removed (it looked like ⟨pc⟩).',
           nm=v.person(), ph=v.phone(fmt="intl"), ph2=v.phone(), em=v.email(), o=v.person(), dial=v.phone(), pc=v.neg("postcode"))


@template("answer_sql_rewrite", completion=True)
def _sql(v: Values, d: Doc) -> None:
    d.fill('The optimised procedure (set-based insert, the linked-server login kept as you asked):\n\n```sql\n'
           'EXEC sp_addlinkedsrvlogin \'LEGACY\', \'false\', NULL, \'sync\', \'⟨pw⟩\';\nINSERT INTO dbo.Payees (Name, Iban, TaxId)\n'
           'SELECT v.Name, v.Iban, v.TaxId FROM (VALUES (N\'⟨n1⟩\', \'⟨i1⟩\', \'⟨s1⟩\'), (N\'⟨n2⟩\', \'⟨i2⟩\', \'⟨s2⟩\')) v(Name, Iban, TaxId);\n```',
           pw=v.pw("password_ctor"), n1=v.person(), i1=v.iban(grouped=False), s1=v.ssn("-"), n2=v.person(), i2=v.iban(grouped=False),
           s2=v.ssn("-"))


@template("answer_ssn_table", completion=True)
def _ssn_table(v: Values, d: Doc) -> None:
    d.add('Employees whose withholding changed:\n\n| Employee | SSN | Phone | Note |\n|---|---|---|---|\n')
    for _ in range(v.num(3, 5)):
        d.fill('| ⟨n⟩ | ⟨s⟩ | ⟨p⟩ | ⟨neg⟩ |\n', n=v.person(), s=v.ssn(), p=v.phone("US", v.pick(("national", "intl"))),
               neg=v.ssn_neg())
