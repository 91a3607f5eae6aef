"""People and paperwork: Slack and Teams exports, Jira / ServiceNow tickets, Confluence markup, MIME
mail, vCards and invitations, WhatsApp / SMS exports, OCR'd scans, invoices, bank statements,
payslips, intake forms, contracts, shipping labels, and prompts in Spanish, German, French,
Portuguese, Japanese, Korean, Arabic and Hindi."""

from __future__ import annotations

from tests.dlp_blind6.build import Doc, template
from tests.dlp_blind6.values import Values, cred
from tests.dlp_eval.templates import Neg, Val


@template("slack_export_json", weight=2)
def _slack_export(v: Values, d: Doc) -> None:
    d.add('Here is the channel export (#ops-incident), what went wrong?\n[\n')
    a, b = v.first(), v.first()
    k, c = cred(v)
    d.fill('  {"type": "message", "user": "U0⟨u1⟩", "user_profile": {"real_name": "⟨rn⟩"}, "ts": "⟨ts⟩",\n'
           '   "text": "prod is down, can you check ⟨ip⟩?"},\n'
           '  {"type": "message", "user": "U0⟨u2⟩", "user_profile": {"real_name": "⟨rn2⟩"},\n'
           '   "text": "the ⟨k⟩ got rotated, new one is `⟨c⟩`"},\n'
           '  {"type": "message", "user": "U0⟨u1b⟩", "text": "thx ⟨b⟩. btw the db password is ⟨pw⟩ until Friday"},\n'
           '  {"type": "message", "subtype": "bot_message", "text": "Deploy ⟨bid⟩ finished by <@U0⟨u3⟩>"}\n]',
           u1=v.neg("serial"), rn=Val(f"{a} {v.last()}", "PERSON", "PERSON"), ts=v.neg("build_id"), ip=v.ip(),
           u2=v.neg("serial"), rn2=Val(f"{b} {v.last()}", "PERSON", "PERSON"), k=k, c=c, u1b=v.neg("serial"),
           b=Val(b, "PERSON", "PERSON"), pw=v.pw("password_prose"), bid=v.neg("build_id"), u3=v.neg("serial"))


@template("teams_chat_export")
def _teams(v: Values, d: Doc) -> None:
    d.fill('[10:02] ⟨n1⟩\nCan someone send me the IBAN for the Lisbon supplier?\n\n[10:04] ⟨n2⟩\n'
           'Sure: ⟨ib⟩ — account holder ⟨n3⟩. Call them on ⟨ph⟩ if the transfer bounces.\n\n[10:05] ⟨n1b⟩\n'
           'And the SFTP login? I think the password was ⟨pw⟩\n\n[10:06] ⟨n2b⟩\nyes, host ⟨ip⟩, order ref ⟨on⟩\n'
           '\nTurn this into a short handover note.',
           n1=v.person(), n2=v.person(), ib=v.iban("PT"), n3=v.person(), ph=v.phone("PT"), n1b=v.pfirst(), pw=v.pw("password_prose"),
           n2b=v.pfirst(), ip=v.ipv4(False), on=v.neg("order_no"))


@template("jira_ticket_export", weight=2)
def _jira(v: Values, d: Doc) -> None:
    d.fill('<item>\n  <title>[OPS-⟨n⟩] Payment webhook returns 401</title>\n  <reporter username="⟨ru⟩">⟨rn⟩</reporter>\n'
           '  <assignee>⟨an⟩</assignee>\n  <description>&lt;p&gt;Steps: curl -u admin:⟨pw⟩ https://⟨ip⟩/hooks&lt;/p&gt;\n'
           '  &lt;p&gt;Customer ⟨cn⟩ (⟨ce⟩, ⟨cp⟩) says card ⟨cc⟩ was charged twice.&lt;/p&gt;</description>\n'
           '  <customfield id="env"><value>STRIPE_SECRET_KEY=⟨sk⟩</value></customfield>\n'
           '  <attachment id="⟨att⟩" name="har.json"/>\n</item>\nDraft a root cause analysis.',
           n=str(v.num(1000, 9999)), ru=v.neg("serial"), rn=v.person(), an=v.person(), pw=v.pw("password_cli"), ip=v.ipv4(False),
           cn=v.person(), ce=v.email(), cp=v.phone(), cc=v.card(), sk=v.stripe(), att=v.neg("guid"))


@template("servicenow_incident")
def _snow(v: Values, d: Doc) -> None:
    d.fill('Number: INC⟨n⟩\nCaller: ⟨caller⟩\nCaller e-mail: ⟨em⟩\nPhone: ⟨ph⟩\nCI: sqlprod-02 (⟨ip⟩)\n'
           'Short description: Cannot log in to payroll\nWork notes:\n  ⟨ag⟩: reset the account, temp password is ⟨pw⟩\n'
           '  ⟨ag2⟩: employee SSN on file ⟨ssn⟩ verified by phone (old record showed ⟨bad⟩)\n  Correlation ID ⟨cid⟩\n'
           'Please write the resolution summary for the caller.',
           n=str(v.num(1000000, 9999999)), caller=v.person(), em=v.email(), ph=v.phone("US", "national"), ip=v.ipv4(True),
           ag=v.person(), pw=v.pw("password_prose"), ag2=v.person(), ssn=v.ssn(), bad=v.ssn_neg(), cid=v.neg("guid"))


@template("confluence_wiki_markup")
def _confluence(v: Values, d: Doc) -> None:
    d.fill('h2. Onboarding — service accounts\n||Account||Owner||Secret||\n|svc-etl|[~⟨o1⟩]|{{⟨pw⟩}}|\n'
           '|svc-bot|⟨o2⟩|{{⟨st⟩}}|\n\n{code:yaml}\ndatabase:\n  host: ⟨ip⟩\n  user: etl\n  password: ⟨py⟩\n'
           'smtp:\n  password: "⟨py2⟩"\n{code}\n{info}Ask ⟨o3⟩ (⟨ph⟩) for access.{info}\n'
           'Rewrite this page so it contains no secrets.',
           o1=v.pfirst(), pw=v.pw("password_kv"), o2=v.person(), st=v.slack(), ip=v.ipv4(True), py=v.pw("password_yaml"),
           py2=v.pw("password_yaml"), o3=v.person(), ph=v.phone())


@template("mime_eml", weight=2)
def _eml(v: Values, d: Doc) -> None:
    name = v.person()
    d.fill('Return-Path: <⟨rp⟩>\nReceived: from mail-⟨w⟩.outbound ([⟨ip⟩]) by mx.internal with ESMTPS id ⟨mid⟩\n'
           'From: "⟨fn⟩" <⟨fe⟩>\nTo: ⟨te⟩\nSubject: =?UTF-8?B?UmVjaG51bmc=?=\nMessage-ID: <⟨msgid⟩@mail.gmail.com>\n'
           'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\n'
           'Hallo ⟨tf⟩,\nbitte überweisen Sie den Betrag auf ⟨ib⟩. Rückfragen: ⟨ph⟩.\n\n--b1\n'
           'Content-Type: application/pdf; name="rechnung.pdf"\nContent-Transfer-Encoding: base64\n\n⟨b64⟩\n--b1--\n'
           'Is this e-mail a phishing attempt?',
           rp=v.email(), w=v.word(), ip=v.ipv4(False), mid=v.neg("serial"), fn=name, fe=v.email(name.text), te=v.email(),
           msgid=v.neg("md5_etag"), tf=v.pfirst(), ib=v.iban("DE"), ph=v.phone("DE"),
           b64=v.neg("cursor"))


@template("vcard_ical")
def _vcard(v: Values, d: Doc) -> None:
    fn, ln = v.first(), v.last()
    d.fill('Merge these into one contact:\nBEGIN:VCARD\nVERSION:3.0\nN:⟨ln⟩;⟨fn⟩;;;\nFN:⟨full⟩\nTEL;TYPE=CELL:⟨ph⟩\n'
           'TEL;TYPE=WORK:⟨ph2⟩\nEMAIL;TYPE=INTERNET:⟨em⟩\nNOTE:door code ⟨pc⟩\nEND:VCARD\n\nBEGIN:VCALENDAR\nBEGIN:VEVENT\n'
           'UID:⟨uid⟩\nSUMMARY:Contract review with ⟨other⟩\nORGANIZER;CN=⟨org⟩:mailto:⟨oe⟩\n'
           'LOCATION:Teams dial-in ⟨dial⟩\nDTSTART:20261208T090000Z\nEND:VEVENT\nEND:VCALENDAR',
           ln=Val(ln, "PERSON", "PERSON"), fn=Val(fn, "PERSON", "PERSON"), full=Val(f"{fn} {ln}", "PERSON", "PERSON"),
           ph=v.phone(fmt="e164"), ph2=v.phone(), em=v.email(f"{fn} {ln}"), pc=v.neg("postcode"), uid=v.neg("guid"), other=v.person(),
           org=v.person(), oe=v.email(), dial=v.phone())


@template("whatsapp_export", weight=2)
def _whatsapp(v: Values, d: Doc) -> None:
    a, b = v.person(), v.person()
    d.fill('[06/12/2026, 21:14:03] ⟨a⟩: hey can u send me ur card details for the booking\n'
           '[06/12/2026, 21:15:40] ⟨b⟩: ok ⟨cc⟩ exp 09/28\n[06/12/2026, 21:15:52] ⟨b2⟩: and my number is ⟨ph⟩\n'
           '[06/12/2026, 21:16:10] ⟨a2⟩: the wifi pw is ⟨pw⟩ btw\n[06/12/2026, 21:17:00] ⟨b3⟩: ‎<attached: 00000012-PHOTO-2026-12-06.jpg>\n'
           'Translate this chat to English and summarise.',
           a=a, b=b, cc=v.card(), b2=Val(b.text, "PERSON", "PERSON"), ph=v.phone(), a2=Val(a.text, "PERSON", "PERSON"),
           pw=v.pw("password_prose"), b3=Val(b.text, "PERSON", "PERSON"))


@template("sms_export")
def _sms(v: Values, d: Doc) -> None:
    d.add('address,date,type,body\n')
    for _ in range(v.num(3, 5)):
        kind = v.pick(("otp", "bank", "pw", "ship"))
        if kind == "otp":
            d.fill('"⟨ph⟩",⟨ts⟩,1,"Your verification code is ⟨otp⟩. Do not share it."\n', ph=v.phone(fmt="e164"),
                   ts=v.neg("timestamp"), otp=str(v.num(100000, 999999)))
        elif kind == "bank":
            d.fill('"⟨ph⟩",⟨ts⟩,1,"Card ⟨mc⟩ used for ⟨amt⟩. Not you? Call ⟨ph2⟩"\n', ph=v.phone(fmt="e164"), ts=v.neg("timestamp"),
                   mc=v.card_neg(), amt=v.neg("amount"), ph2=v.phone())
        elif kind == "pw":
            d.fill('"⟨ph⟩",⟨ts⟩,2,"new vpn password is ⟨pw⟩ – ⟨nm⟩"\n', ph=v.phone(fmt="e164"), ts=v.neg("timestamp"),
                   pw=v.pw("password_prose"), nm=v.pfirst())
        else:
            d.fill('"⟨ph⟩",⟨ts⟩,1,"Parcel ⟨tr⟩ for ⟨nm⟩ is out for delivery"\n', ph=v.phone(fmt="e164"), ts=v.neg("timestamp"),
                   tr=v.neg("order_no"), nm=v.person())
    d.add('Which of these messages look like fraud?')


@template("ocr_scanned_form", weight=2)
def _ocr(v: Values, d: Doc) -> None:
    d.fill('OCR output of the scanned application (page 1 of 2), please extract the fields as JSON:\n\n'
           'APPL I CATION  FOR  DIRECT  DEBIT\nName of account holder :   ⟨nm⟩\nIBAN :  ⟨ib⟩\n'
           'Social Security No. ⟨ssn⟩        Date of birth  ⟨dob⟩\nTel .  ⟨ph⟩     E-mail   ⟨em⟩\n'
           'Card no .   ⟨cc⟩   (for deposit only)\nSigned :   ⟨sig⟩        Ref  ⟨ref⟩\n',
           nm=v.person(), ib=v.iban(grouped=True), ssn=v.ssn(), dob=v.neg("build_id"), ph=v.phone(), em=v.email(), cc=v.card(sep=" "),
           sig=v.person(), ref=v.neg("invoice_no"))


@template("invoice_receipt", weight=2)
def _invoice(v: Values, d: Doc) -> None:
    d.fill('RECHNUNG / INVOICE ⟨inv⟩\nSupplier: Tailspin Parts GmbH, Ust-IdNr ⟨vat⟩\nContact: ⟨nm⟩, ⟨ph⟩, ⟨em⟩\n'
           'Bill to: ⟨bill⟩\nItems: 3 x Sensor kit @ ⟨amt⟩\nTotal due: ⟨amt2⟩\nPay to IBAN ⟨ib⟩ (BIC COBADEFFXXX)\n'
           'Reference: ⟨ref⟩ · Delivery postcode ⟨pc⟩\nPaid by card ⟨mc⟩\nOld account (closed): ⟨oldib⟩ · Hotline ⟨hl⟩\n\nCheck the VAT calculation.',
           inv=v.neg("invoice_no"), vat=Neg(f"DE{v.num(100000000, 999999999)}", "vat_id", "IBAN_CODE"), nm=v.person(), ph=v.phone("DE"), em=v.email(), bill=v.person(),
           amt=v.neg("amount"), amt2=v.neg("amount"), ib=v.iban(), ref=v.neg("order_no"), pc=v.neg("postcode"), mc=v.card_neg(), oldib=v.iban_neg(),
           hl=v.phone_neg())


@template("bank_statement")
def _statement(v: Values, d: Doc) -> None:
    d.fill('Statement for ⟨holder⟩  ·  Account ⟨ib⟩\nDate        Description                              Amount\n',
           holder=v.person(), ib=v.iban())
    for _ in range(v.num(3, 5)):
        kind = v.pick(("sepa", "card", "fee"))
        if kind == "sepa":
            d.fill('⟨dt⟩  SEPA credit from ⟨nm⟩ ⟨ib⟩      ⟨amt⟩\n', dt=v.neg("build_id"), nm=v.person(), ib=v.iban(grouped=False),
                   amt=v.neg("amount"))
        elif kind == "card":
            d.fill('⟨dt⟩  Card payment ⟨mc⟩ NORTHWIND MARKET          ⟨amt⟩\n', dt=v.neg("build_id"), mc=v.card_neg(),
                   amt=v.neg("amount"))
        else:
            d.fill('⟨dt⟩  Account fee ref ⟨ref⟩                    ⟨amt⟩\n', dt=v.neg("build_id"), ref=v.neg("invoice_no"),
                   amt=v.neg("amount"))
    d.fill('Sample IBAN from the bank\'s help page: ⟨x⟩. Categorise these transactions.', x=v.iban_neg())


@template("payslip")
def _payslip(v: Values, d: Doc) -> None:
    d.fill('EARNINGS STATEMENT  Pay period ending 11/30/2026\nEmployee: ⟨nm⟩   Employee ID: ⟨eid⟩   SSN: ⟨ssn⟩\n'
           'Address: ⟨pc⟩\nGross pay ⟨g⟩   Federal tax ⟨f⟩   Net pay ⟨n⟩\nDirect deposit: routing ⟨rt⟩ account ⟨acct⟩\n'
           'HR contact: ⟨hr⟩ ⟨hrph⟩ (⟨ext⟩)\nPrior-year form shows SSN ⟨oldssn⟩\nWhy is my federal withholding higher this month?',
           nm=v.person(), eid=v.neg("serial"), ssn=v.ssn(v.pick(("-", " "))), pc=v.neg("postcode"), g=v.neg("amount"),
           f=v.neg("amount"), n=v.neg("amount"), rt=Neg(str(v.num(100000000, 399999999)), "routing_number", "US_SSN"),
           acct=Neg(str(v.num(10000000, 99999999)), "bank_account_number", "PHONE_NUMBER"),
           hr=v.person(), hrph=v.phone("US"), ext=v.phone_neg(), oldssn=v.ssn_neg())


@template("medical_intake_form")
def _intake(v: Values, d: Doc) -> None:
    d.fill('PATIENT INTAKE\nPatient name: ⟨nm⟩\nDOB: 04/17/1981    MRN: ⟨mrn⟩\nSSN: ⟨ssn⟩\nPhone (cell): ⟨ph⟩\n'
           'Email: ⟨em⟩\nEmergency contact: ⟨ec⟩ ⟨ecph⟩\nInsurance member ID: ⟨mid⟩\nPrimary physician: Dr. ⟨dr⟩\n'
           'Payment card on file: ⟨cc⟩\nSpouse SSN: ⟨sn⟩\nSummarise this intake for the nurse in two lines.',
           nm=v.person(), mrn=v.neg("serial"), ssn=v.ssn(), ph=v.phone("US", v.pick(("national", "intl"))), em=v.email(),
           ec=v.person(), ecph=v.phone(), mid=v.neg("invoice_no"), dr=v.plast(), cc=v.card(), sn=v.ssn_neg())


@template("legal_contract")
def _contract(v: Values, d: Doc) -> None:
    d.fill('SERVICE AGREEMENT\nThis Agreement is made between ⟨a⟩ ("Client"), residing at ⟨pc⟩, and Proseware S.L.\n'
           '("Provider"), represented by ⟨b⟩.\n4.2 Fees shall be paid to the Provider\'s account ⟨ib⟩ within 30 days (not to ⟨xib⟩).\n'
           '9.1 Notices: to the Client at ⟨ea⟩ or ⟨pa⟩; to the Provider at ⟨eb⟩.\n'
           '12. Signed: ⟨a2⟩ / ⟨b2⟩, contract no. ⟨cn⟩\nSummarise the payment and notice clauses.',
           a=v.person(), pc=v.neg("postcode"), b=v.person(), ib=v.iban(v.pick(("ES", "FR", "IT", "NL", "BE", "IE", "LU"))), xib=v.iban_neg(),
           ea=v.email(), pa=v.phone(), eb=v.email(), a2=v.person(), b2=v.person(), cn=v.neg("order_no"))


@template("shipping_label")
def _shipping(v: Values, d: Doc) -> None:
    d.fill('SHIP TO:\n⟨nm⟩\n⟨pc⟩\nTEL ⟨ph⟩\nALT TEL ⟨fph⟩\nSHIP FROM: Fabrikam Logistics, ⟨pc2⟩\nTRACKING #: ⟨tr⟩\n'
           'WEIGHT: 2.4 KG   SERVICE: EXPRESS   ISBN ⟨isbn⟩\nREF: ⟨ref⟩  COORD ⟨co⟩\nThe courier says the address is incomplete — '
           'what is missing?',
           nm=v.person(), pc=v.neg("postcode"), ph=v.phone(), fph=v.phone_neg(), pc2=v.neg("postcode"), tr=v.neg("order_no"), isbn=v.neg("isbn"),
           ref=v.neg("invoice_no"), co=v.neg("coords"))


@template("multilingual_es")
def _es(v: Values, d: Doc) -> None:
    d.fill('Hola, necesito ayuda con un correo para ⟨nm⟩. Sus datos: móvil ⟨ph⟩, correo ⟨em⟩, cuenta ⟨ib⟩.\n'
           'La contraseña del portal de proveedores es ⟨pw⟩ y el pedido es ⟨on⟩ (el IBAN de ejemplo ⟨x⟩ no vale). Redacta un correo formal.',
           nm=v.person(), ph=v.phone("ES"), em=v.email(), ib=v.iban("ES"), pw=v.pw("password_prose"), on=v.neg("order_no"), x=v.iban_neg())


@template("multilingual_de")
def _de(v: Values, d: Doc) -> None:
    d.fill('Bitte formuliere eine Mahnung an ⟨nm⟩ (Tel. ⟨ph⟩, E-Mail ⟨em⟩). Bankverbindung: ⟨ib⟩.\n'
           'Das Passwort für das Kundenportal lautet ⟨pw⟩. Rechnungsnummer ⟨inv⟩, Betrag ⟨amt⟩.',
           nm=v.person(), ph=v.phone(v.pick(("DE", "AT", "CH"))), em=v.email(), ib=v.iban(v.pick(("DE", "AT", "CH", "LI"))),
           pw=v.pw("password_prose"), inv=v.neg("invoice_no"), amt=v.neg("amount"))


@template("multilingual_fr")
def _fr(v: Values, d: Doc) -> None:
    d.fill('Bonjour, peux-tu traduire en anglais ce message de ⟨nm⟩ : « Mon RIB est ⟨ib⟩, mon portable ⟨ph⟩. '
           'Le mot de passe du compte partagé est ⟨pw⟩. Merci de ne pas le diffuser. » Réf. dossier ⟨ref⟩.',
           nm=v.person(), ib=v.iban(v.pick(("FR", "BE", "LU", "MC"))), ph=v.phone(v.pick(("FR", "BE"))), pw=v.pw("password_prose"),
           ref=v.neg("invoice_no"))


@template("multilingual_pt")
def _pt(v: Values, d: Doc) -> None:
    d.fill('Olá! Preciso de um resumo deste cadastro: nome ⟨nm⟩, celular ⟨ph⟩, e-mail ⟨em⟩, cartão ⟨cc⟩, '
           'IBAN ⟨ib⟩. A senha provisória é ⟨pw⟩. Protocolo ⟨proto⟩.',
           nm=v.person(), ph=v.phone(v.pick(("BR", "PT"))), em=v.email(), cc=v.card(), ib=v.iban(v.pick(("PT", "BR"))),
           pw=v.pw("password_prose"), proto=v.neg("order_no"))


@template("multilingual_ja_ko")
def _ja_ko(v: Values, d: Doc) -> None:
    if v.chance(0.5):
        d.fill('以下の顧客情報を英語の表にまとめてください。\n氏名：⟨nm⟩\n電話番号：⟨ph⟩\nメール：⟨em⟩\n'
               'カード番号：⟨cc⟩\nサーバー：⟨ip⟩\nパスワードは ⟨pw⟩ です。注文番号 ⟨on⟩',
               nm=v.person(), ph=v.phone("JP", v.pick(("national", "intl"))), em=v.email(), cc=v.card(), ip=v.ipv4(), pw=v.pw("password_prose"),
               on=v.neg("order_no"))
    else:
        d.fill('다음 내용을 영어로 번역해 주세요.\n담당자: ⟨nm⟩\n연락처: ⟨ph⟩\n이메일: ⟨em⟩\n서버 주소: ⟨ip⟩\n'
               '비밀번호는 ⟨pw⟩ 입니다. API 키: ⟨k⟩\n주문 번호 ⟨on⟩',
               nm=v.person(), ph=v.phone("KR", v.pick(("national", "intl"))), em=v.email(), ip=v.ip(), pw=v.pw("password_prose"),
               k=v.openai(), on=v.neg("order_no"))


@template("multilingual_ar_hi")
def _ar_hi(v: Values, d: Doc) -> None:
    if v.chance(0.5):
        d.fill('يرجى تلخيص هذا الطلب: الاسم ⟨nm⟩، الجوال ⟨ph⟩، البريد ⟨em⟩، رقم الآيبان ⟨ib⟩. '
               'كلمة المرور المؤقتة هي ⟨pw⟩ . رقم الطلب ⟨on⟩',
               nm=v.person(), ph=v.phone(v.pick(("AE", "SA", "EG"))), em=v.email(), ib=v.iban(v.pick(("AE", "SA", "QA", "JO", "KW"))),
               pw=v.pw("password_prose"), on=v.neg("order_no"))
    else:
        d.fill('कृपया इस ग्राहक की जानकारी का सारांश दें: नाम ⟨nm⟩, मोबाइल ⟨ph⟩, ईमेल ⟨em⟩, सर्वर ⟨ip⟩। '
               'पासवर्ड ⟨pw⟩ है। टिकट ⟨tk⟩',
               nm=v.person(), ph=v.phone("IN", v.pick(("intl", "national", "e164"))), em=v.email(), ip=v.ipv4(True),
               pw=v.pw("password_prose"), tk=v.neg("invoice_no"))


@template("pasted_multi_turn_conversation", weight=2)
def _multi_turn(v: Values, d: Doc) -> None:
    u = v.person()
    d.fill('Continuing our earlier chat, I pasted the whole thing:\n\nUser: my script still gets 401 from the API\n'
           'Assistant: Can you show the request (with the key)?\nUser: sure\n```\ncurl https://⟨w⟩.openai.azure.com/openai/models -H "api-key: ⟨k⟩"\n```\n'
           'Assistant: That key looks valid. Is the endpoint region right?\nUser: it is. my colleague ⟨u⟩ uses ⟨k2⟩ from his laptop and it works\n'
           'Assistant: Then check the network rule: is ⟨ip⟩ allowed?\nUser: only ⟨ip2⟩ is in the list. also here is the service principal: '
           'client id ⟨cid⟩ secret ⟨sec⟩\n\nWhat should I do next?',
           w=v.word(), k=v.aoai_key(), u=u, k2=v.aoai_key("azure_ai_key_no_keyword"), ip=v.ipv4(False), ip2=v.ipv4(False),
           cid=v.neg("guid"), sec=v.entra())


@template("sftp_partner_onboarding")
def _partner(v: Values, d: Doc) -> None:
    d.fill('Partner onboarding checklist (copy from the e-mail from ⟨nm⟩):\n- SFTP: ⟨url⟩\n- allow-list our egress ⟨ip⟩ and ⟨ip6⟩\n'
           '- PGP key fingerprint ⟨fp⟩\n- escalation: ⟨ph⟩ / ⟨em⟩\n- drop zone SAS: https://⟨w⟩.blob.core.windows.net/inbound?⟨sas⟩\n'
           'Turn it into a Jira epic with subtasks.',
           nm=v.person(), url=v.url_with_password("sftp"), ip=v.ipv4(False), ip6=v.ipv6(False), fp=v.neg("git_sha"), ph=v.phone(),
           em=v.email(), w=v.word(), sas=v.sas())


@template("helm_configmap_yaml")
def _helm(v: Values, d: Doc) -> None:
    d.fill('The Helm chart renders this ConfigMap; what should move to a Secret?\napiVersion: v1\nkind: ConfigMap\ndata:\n'
           '  endpoint: "https://⟨ip⟩:9443"\n  token: ⟨tok⟩\n  cursor: ⟨cur⟩\n  k8s_uid: ⟨uid⟩\n  password: ⟨py⟩\n'
           '  aws_secret_access_key: ⟨asec⟩\n  admin_password: \'⟨py2⟩\'\n  owner: ⟨nm⟩\n',
           ip=v.ipv4(True), tok=v.bearer(), cur=v.neg("cursor"), uid=v.neg("guid"), py=v.pw("password_yaml"),
           asec=v.aws_secret(), py2=v.pw("password_yaml"), nm=v.person())
