"""The twenty-first corpus's templates: what telecom operators' and energy and water utilities' staff paste to an
internal assistant, and what it answers, in seven kinds of text in equal shares (call centre, field service, billing
and CRM, network operations, letters, IT, staff chat). Templates whose genre holds `_neg_` write hard negatives only;
`answer_` genres are the assistant's answers (completions)."""

from __future__ import annotations

from tests.dlp_eval.templates import Doc, Neg, Val

from .registry import BalancedRegistry, is_negative, kind_of
from .snippets import cred, cred_val, noise_key
from .values import OPERATORS, P, Person, Values, ascii_fold

REGISTRY = BalancedRegistry("b21")
T = REGISTRY.template
KINDS = ("callcentre", "field", "billing", "netops", "letters", "it", "chat")
ENGLISH = ("GB", "IE", "ZA", "KE", "NG", "IN", "PH", "AU", "US")
EURO = ("GB", "IE", "DE", "FR", "ES", "PT", "IT", "NL", "PL", "RO")
ALL = ("GB", "IE", "DE", "FR", "ES", "PT", "IT", "NL", "PL", "RO", "ZA", "KE", "NG", "IN", "PH", "AU", "US", "MX", "BR")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _date(v: Values) -> str:
    return f"{v.rng.randrange(1, 29):02d}/{v.rng.randrange(1, 13):02d}/{v.pick(('2025', '2026'))}"


def _iso(v: Values) -> str:
    return f"2025-{v.rng.randrange(1, 13):02d}-{v.rng.randrange(1, 29):02d}"


def _ts(v: Values) -> str:
    return f"{_iso(v)}T{v.rng.randrange(24):02d}:{v.rng.randrange(60):02d}:{v.rng.randrange(60):02d}Z"


def _hm(v: Values) -> str:
    return f"{v.rng.randrange(7, 22):02d}:{v.rng.randrange(60):02d}"


def _clock(v: Values, n: int) -> list[str]:
    """`n` times of day in order (a chat's or a log's)."""
    start = v.rng.randrange(7 * 60, 20 * 60)
    out = []
    for _ in range(n):
        out.append(f"{start // 60 % 24:02d}:{start % 60:02d}")
        start += v.rng.randrange(0, 9)
    return out


LANG = {"DE": "de", "FR": "fr", "ES": "es", "MX": "es", "PT": "pt", "BR": "pt", "IT": "it", "NL": "nl", "PL": "pl",
        "RO": "ro"}


def _money(v: Values) -> str:
    return f"{v.rng.randrange(12, 900)}.{v.rng.randrange(100):02d}"


def _org(country: str) -> str:
    return OPERATORS[country][1].split(".")[0].replace("-", "")


def _op(country: str) -> str:
    return OPERATORS[country][0]


def _full(p: Person) -> Val:
    return P(p.full)


def _given(p: Person) -> Val:
    return P(p.given)


def _written(v: Values, p: Person) -> Val:
    """A name as prose writes it: mostly in full, sometimes with an initial or surname first."""
    style = v.pick(("full", "full", "full", "initial", "surname_first"))
    if style == "initial":
        return P(v.initial(p))
    if style == "surname_first":
        return P(v.surname_first(p, 0))
    return P(p.full)


def _meter_point(v: Values, c: str) -> Neg:
    """The supply point number of the country's metering (MPAN, MPRN, EAN, Zählpunkt, PDL, CUPS) or an account."""
    return {"GB": v.mpan, "IE": v.mprn, "NL": v.ean18, "DE": v.zaehlpunkt, "FR": v.pdl, "ES": v.cups}.get(
        c, v.account_number)()


def _spelled_email(p: Person, domain: str) -> Val:
    g = ascii_fold(p.given).lower().replace(" ", "")
    s = ascii_fold(p.surname).lower().replace(" ", "").replace("'", "")
    return Val(f"{g} dot {s} at {domain.replace('.', ' dot ')}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")


# ================================================================ call centre


@T("callcentre_transcript", weight=3)
def callcentre_transcript(v: Values, d: Doc) -> None:
    c = v.least("cc_country", ENGLISH)
    agent, cust = v.people(2, c)
    topic = v.pick(("moving house on the 14th and need the meter read and the account moved",
                    "the broadband's been down since Tuesday and nobody's called me back",
                    "my bill's gone up by forty quid and i never agreed to a new tariff",
                    "i lost my phone and need a new sim with the same number"))
    d.fill("[call recording - speech to text - auto]\n[00:00:02] agent: thanks for calling ⟨op⟩ you're speaking to "
           "⟨ag⟩ how can i help\n[00:00:08] caller: hiya it's ⟨cn⟩ i'm ⟨topic⟩\n[00:00:19] agent: sorry to hear that "
           "can i take the account number please\n[00:00:24] caller: yeah it's ⟨acct⟩\n",
           op=_op(c).lower(), ag=P(agent.given.lower()), cn=P(cust.full.lower()), topic=topic, acct=v.account_number())
    d.fill("[00:00:41] agent: thank you and the best number to reach you\n[00:00:45] caller: ⟨ph⟩\n",
           ph=v.phone(c, "national"))
    if v.chance(0.5):
        d.fill("[00:00:58] agent: and the email on the account\n[00:01:02] caller: ⟨em⟩\n",
               em=_spelled_email(cust, v.pick(("gmail.com", "outlook.com", "yahoo.com"))))
    if c == "US" and v.chance(0.6):
        d.fill("[00:01:10] agent: for the credit check i need the social\n[00:01:14] caller: ⟨ssn⟩\n",
               ssn=v.ssn(v.pick(("dashed", "spaced"))))
    if "bill" in topic and v.chance(0.6):
        d.fill("[00:01:12] agent: i can take the payment now what's the long number on the card\n[00:01:16] caller: "
               "⟨card⟩\n", card=v.card(style="spaced"))
    if "sim" in topic:
        d.fill("[00:01:20] agent: ok the new sim ends in ⟨iccid⟩ i'll swap it now\n", iccid=v.iccid(c))
    d.fill("[00:01:33] agent: lovely ⟨g⟩ that's all sorted, reference ⟨t⟩\n[00:01:39] caller: cheers ⟨ag⟩ bye\n",
           g=P(cust.given.lower()), t=v.ticket(), ag=P(agent.given.lower()))


@T("callcentre_webchat", weight=3)
def callcentre_webchat(v: Values, d: Doc) -> None:
    c = v.least("chat_country", ("GB", "ES", "PT", "FR", "MX", "BR", "IE", "AU"))
    agent, cust = v.people(2, c)
    lang = {"ES": "es", "MX": "es", "PT": "pt", "BR": "pt", "FR": "fr"}.get(c, "en")
    hello = {"es": "Hola, soy ⟨ag⟩ de ⟨op⟩. ¿En qué puedo ayudarle?", "pt": "Olá, sou ⟨ag⟩ da ⟨op⟩. Como posso ajudar?",
             "fr": "Bonjour, ici ⟨ag⟩ chez ⟨op⟩. Que puis-je faire pour vous ?",
             "en": "Hi, you're chatting with ⟨ag⟩ at ⟨op⟩. How can I help?"}[lang]
    t = _clock(v, 4)
    d.add("Paste of a web chat, please summarise for the CRM note:\n\n")
    d.fill(f"{t[0]} Agent: {hello}\n", ag=_given(agent), op=_op(c))
    ask = {"es": "Quiero cambiar la domiciliación. Soy ⟨cn⟩, titular del contrato ⟨ct⟩. Nueva cuenta: ⟨ib⟩",
           "pt": "Queria mudar o débito direto. Sou ⟨cn⟩, contrato ⟨ct⟩. O novo IBAN é ⟨ib⟩",
           "fr": "Je souhaite changer de prélèvement. ⟨cn⟩, contrat ⟨ct⟩. Nouvel IBAN : ⟨ib⟩",
           "en": "I want to change my direct debit. Name ⟨cn⟩, contract ⟨ct⟩, new account ⟨ib⟩"}[lang]
    iban_country = {"MX": "ES", "BR": "PT", "AU": "GB"}.get(c, c)
    d.fill(f"{t[1]} Customer: {ask}\n", cn=_written(v, cust), ct=v.contract_number(), ib=v.iban(iban_country))
    tail = {"es": "Gracias ⟨g⟩. Le enviaremos la confirmación a ⟨em⟩.",
            "pt": "Obrigado, ⟨g⟩. Enviamos a confirmação para ⟨em⟩.",
            "fr": "Merci ⟨g⟩, la confirmation partira à ⟨em⟩.",
            "en": "Thanks ⟨g⟩, the confirmation goes to ⟨em⟩."}[lang]
    d.fill(f"{t[2]} Agent: {tail}\n", g=_given(cust), em=v.email_of(cust))
    if v.chance(0.4):
        d.fill(f"{t[3]} Customer: o mejor al móvil ⟨ph⟩\n" if lang == "es" else f"{t[3]} Customer: or text me on ⟨ph⟩\n",
               ph=v.phone(c))


@T("callcentre_sim_swap", weight=3)
def callcentre_sim_swap(v: Values, d: Doc) -> None:
    c = v.least("swap_country", ("GB", "IE", "NG", "KE", "ZA", "PH", "IN", "RO", "PL", "NL"))
    cust, agent = v.people(2, c)
    d.fill("SIM swap / port request - fraud check before I approve?\n\nCustomer: ⟨cn⟩\nMSISDN: ⟨ms⟩\n"
           "Current ICCID: ⟨old⟩\nNew ICCID: ⟨new⟩\nIMSI: ⟨imsi⟩\nDevice IMEI: ⟨imei⟩\n",
           cn=P(v.surname_first(cust, v.pick((0, 1, 2)))), ms=v.phone(c, v.pick(("msisdn", "e164", "intl"))),
           old=v.iccid(c), new=v.iccid(c), imsi=v.imsi(c), imei=v.imei())
    if v.chance(0.5):
        pac = Neg("".join(v.pick("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(3)) + v.digits(6), "pac_code", "PHONE_NUMBER")
        d.fill("Port-in from donor network, PAC ⟨pac⟩, requested ⟨dt⟩\n", pac=pac, dt=_date(v))
    d.fill("Alt contact given: ⟨alt⟩ (says it's their sister's phone)\nAgent: ⟨ag⟩ - flagged because the last swap "
           "was 3 days ago.\n", alt=v.phone(c, "intl"), ag=P(v.initial(agent)))


@T("callcentre_hardship", weight=3)
def callcentre_hardship(v: Values, d: Doc) -> None:
    c = v.pick(("US", "US", "GB", "AU", "IE", "ZA"))
    cust, agent = v.people(2, c)
    d.fill("Case notes - hardship / payment plan\nAccount holder: ⟨cn⟩\nAccount: ⟨acct⟩  Tariff: ⟨tf⟩\n",
           cn=_full(cust), acct=v.account_number(), tf=v.tariff())
    d.fill("⟨dt⟩ ⟨ag⟩: Customer called, lost job in October, arrears ⟨amt⟩. Agreed ⟨n⟩ monthly instalments. ",
           dt=_date(v), ag=P(agent.given), amt=_money(v), n=str(v.rng.randrange(3, 13)))
    if c == "US":
        d.fill("Ran soft credit check with SSN ⟨ssn⟩ for the LIHEAP referral. ", ssn=v.ssn())
    d.fill("Callback on ⟨ph⟩ after 5pm. Medical equipment at home (oxygen concentrator) - added to the priority "
           "register.\n", ph=v.phone(c, v.pick(("national", "intl"))))
    if v.chance(0.65):
        d.fill("Payments by card ⟨card⟩ on the 1st.\n", card=v.card())
    else:
        d.fill("Card on file ⟨mask⟩, customer will pay by bank transfer instead.\n", mask=v.masked_card())
    d.add("Can you turn this into a short plan letter?")


@T("answer_callcentre_summary", completion=True, weight=3)
def answer_callcentre_summary(v: Values, d: Doc) -> None:
    c = v.least("sum_country", ALL)
    cust, agent = v.people(2, c)
    d.fill("**Call summary**\n- Caller: ⟨cn⟩ (verified by DOB and postcode)\n- Reason: ⟨why⟩\n",
           cn=_full(cust), why=v.pick(("outage at the property since the storm", "dispute over an estimated bill",
                                       "request to move the direct debit date", "wants to port the number to another "
                                       "network", "smart meter showing no reading")))
    d.fill("- Callback number: ⟨ph⟩\n- E-mail: ⟨em⟩\n", ph=v.phone(c), em=v.email_of(cust))
    d.fill("- Meter point / line: ⟨mp⟩\n- Handled by: ⟨ag⟩\n\n**Next steps**: ⟨g⟩ expects a call back within 48 "
           "hours; I have not repeated the card details from the transcript here.", mp=_meter_point(v, c), ag=_given(agent), g=_given(cust))


@T("answer_callcentre_neg_script", completion=True, weight=2)
def answer_callcentre_neg_script(v: Values, d: Doc) -> None:
    d.fill("Here is a revised opening script for the moving-home line:\n\n1. \"Thanks for calling, you're through to "
           "[AGENT FIRST NAME].\"\n2. Confirm the account number (e.g. ⟨acct⟩ - a dummy from the training system).\n"
           "3. Offer the ⟨prod⟩ bundle if the new address is on ⟨st⟩ or another fibre-ready street.\n"
           "4. For the callback, read back the number; the training line is ⟨fict⟩.\n5. Do not read out card numbers; "
           "say only \"the card ending ⟨mask⟩\".\n6. Send the confirmation to the address on file (never to "
           "⟨ex⟩, which is the test mailbox).\n", acct=v.account_number(), prod=v.product(), st=v.street(),
           fict=v.pick((v.drama_number(), v.fict_phone())), mask=Neg(v.digits(4), "masked", "CREDIT_CARD"),
           ex=v.example_email())


@T("callcentre_neg_queue", weight=2)
def callcentre_neg_queue(v: Values, d: Doc) -> None:
    d.add("Queue stats from the telephony platform, can you explain why abandon rate spiked?\n\n"
          "queue\toffered\tanswered\tabandoned\tasa_s\n")
    for q in v.rng.sample(("Moving Home", "Billing", "Faults", "Prepay Top-up", "Porting", "Hardship"), 4):
        d.add(f"{q}\t{v.rng.randrange(200, 3000)}\t{v.rng.randrange(150, 2500)}\t{v.rng.randrange(5, 400)}\t"
              f"{v.rng.randrange(10, 600)}\n")
    d.fill("\nIVR build ⟨ver⟩ went live at 08:00; the ⟨prod⟩ promo message was added to the Faults queue and the "
           "overflow number ⟨fict⟩ still points at the old site. Ticket ⟨t⟩.", ver=v.version(), prod=v.product(),
           fict=v.drama_number(), t=v.ticket())


# ================================================================ field service


@T("field_work_order", weight=3)
def field_work_order(v: Values, d: Doc) -> None:
    c = v.least("wo_country", ("GB", "IE", "ZA", "AU", "US", "KE", "IN", "NG"))
    eng, cust = v.people(2, c)
    d.fill("WORK ORDER ⟨wo⟩   Priority: P⟨p⟩\nJob: ⟨job⟩\nCustomer: ⟨cn⟩\nSite: ⟨no⟩ ⟨st⟩\nContact: ⟨ph⟩\n",
           wo=v.ticket(), p=str(v.rng.randrange(1, 4)), job=v.pick(("Smart meter exchange (SMETS2)", "Fibre ONT install",
                                                                   "Water meter leak investigation", "Prepay keypad fault",
                                                                   "Supply restoration after fuse")),
           cn=P(v.surname_first(cust, v.pick((0, 1)))), no=str(v.rng.randrange(1, 240)), st=v.street(),
           ph=v.phone(c, v.pick(("national", "intl"))))
    d.fill("Meter / point: ⟨mp⟩   Serial: ⟨ser⟩\nEngineer: ⟨en⟩\nNotes: ⟨g⟩ says the dog is friendly; key safe code "
           "given on the phone. Parking on the street only.\n", mp=v.mpan() if c == "GB" else v.mprn(),
           ser=Neg(f"{v.pick(('E6S', 'L2', 'K1', 'Z3'))}{v.digits(8)}", "meter_serial", "PHONE_NUMBER"),
           en=_written(v, eng), g=_given(cust))
    d.add("Can you draft the appointment confirmation text?")


@T("field_meter_reads", weight=3)
def field_meter_reads(v: Values, d: Doc) -> None:
    c = v.least("mr_country", ("GB", "IE", "NL", "AU", "ZA", "PT"))
    d.add("Manual reads from the round, a few look wrong - spot them?\n\n")
    d.add("route,meter_serial,reader,read_date,register,value,contact\n")
    for _ in range(v.rng.randrange(3, 6)):
        p = v.person(c)
        d.fill("R⟨r⟩,⟨ser⟩,⟨rd⟩,⟨dt⟩,⟨reg⟩,⟨val⟩,⟨ph⟩\n", r=str(v.rng.randrange(10, 99)),
               ser=Neg(f"{v.pick(('14', '19', '21'))}P{v.digits(7)}", "meter_serial", "PHONE_NUMBER"),
               rd=P(v.initial(p) if v.chance(0.5) else p.given), dt=_iso(v), reg=v.pick(("1.8.0", "1.8.1", "2.8.0")),
               val=str(v.rng.randrange(1000, 99999)), ph=v.phone(c, "e164") if v.chance(0.5) else "")


@T("field_install_notes", weight=3)
def field_install_notes(v: Values, d: Doc) -> None:
    c = v.least("inst_country", ("DE", "NL", "PL", "RO", "IT", "FR"))
    eng, cust = v.people(2, c)
    text = {
        "DE": "Montageprotokoll Smart-Meter-Gateway\nTechniker: ⟨en⟩\nKunde: ⟨cn⟩, Tel. ⟨ph⟩\nZählpunkt: ⟨zp⟩\n"
              "Gateway-FW: ⟨ver⟩, MAC ⟨mac⟩\nBemerkung: Herr/Frau ⟨sn⟩ war anwesend, Zählerschrank im Keller.\n",
        "NL": "Installatierapport slimme meter\nMonteur: ⟨en⟩\nKlant: ⟨cn⟩, tel. ⟨ph⟩\nEAN: ⟨zp⟩\nFirmware: ⟨ver⟩, "
              "MAC ⟨mac⟩\nOpmerking: mevrouw/meneer ⟨sn⟩ was thuis, meterkast in de gang.\n",
        "PL": "Protokół montażu licznika\nMonter: ⟨en⟩\nKlient: ⟨cn⟩, tel. ⟨ph⟩\nPPE: ⟨zp⟩\nOprogramowanie: ⟨ver⟩, "
              "MAC ⟨mac⟩\nUwagi: Pan/Pani ⟨sn⟩ obecny/a, skrzynka na klatce.\n",
        "RO": "Proces-verbal montaj contor\nTehnician: ⟨en⟩\nClient: ⟨cn⟩, tel. ⟨ph⟩\nCod loc consum: ⟨zp⟩\n"
              "Firmware: ⟨ver⟩, MAC ⟨mac⟩\nObservații: dl./dna ⟨sn⟩ prezent(ă), firida pe fațadă.\n",
        "IT": "Verbale di installazione contatore\nTecnico: ⟨en⟩\nCliente: ⟨cn⟩, tel. ⟨ph⟩\nPOD: ⟨zp⟩\n"
              "Firmware: ⟨ver⟩, MAC ⟨mac⟩\nNote: il sig./la sig.ra ⟨sn⟩ era presente, contatore in cantina.\n",
        "FR": "Rapport de pose compteur\nTechnicien : ⟨en⟩\nClient : ⟨cn⟩, tél. ⟨ph⟩\nPDL : ⟨zp⟩\n"
              "Firmware : ⟨ver⟩, MAC ⟨mac⟩\nRemarque : M./Mme ⟨sn⟩ présent(e), compteur dans la gaine palière.\n",
    }[c]
    zp = {"DE": v.zaehlpunkt, "NL": v.ean18, "FR": v.pdl}.get(c, v.account_number)()
    d.fill(text, en=_written(v, eng), cn=P(v.surname_first(cust, v.pick((0, 2))) if v.chance(0.4) else cust.full),
           ph=v.phone(c, v.pick(("national", "intl", "grouped"))), zp=zp, ver=v.version(), mac=v.mac(),
           sn=P(cust.surname))
    d.add("Please translate to English for the QA team.")


@T("answer_field_dispatch", completion=True, weight=3)
def answer_field_dispatch(v: Values, d: Doc) -> None:
    c = v.least("disp_country", ("GB", "IE", "AU", "ZA", "KE", "PH", "US", "IN"))
    engs = v.people(3, c)
    d.add("Here is tomorrow's dispatch plan, balanced by patch and skills:\n\n| Engineer | Patch | Jobs | Mobile |\n"
          "|---|---|---|---|\n")
    for e in engs:
        d.fill("| ⟨en⟩ | ⟨patch⟩ | ⟨n⟩ | ⟨ph⟩ |\n", en=_full(e), patch=v.pick(("North", "Central", "Coast", "East",
                                                                                "Airport", "Industrial")),
               n=str(v.rng.randrange(3, 9)), ph=v.phone(c, v.pick(("intl", "national"))))
    d.fill("\n⟨a⟩ takes the two gas escapes first; ⟨b⟩'s van is still in the workshop, so ⟨b2⟩ shares with ⟨c⟩. "
           "Job ⟨t⟩ (customer on the priority register) should be first on the list.",
           a=_given(engs[0]), b=_given(engs[1]), b2=_given(engs[1]), c=_given(engs[2]), t=v.ticket())


@T("field_handheld_log", weight=3)
def field_handheld_log(v: Values, d: Doc) -> None:
    c = v.least("hh_country", ALL)
    eng = v.person(c)
    org = _org(c)
    d.add("The field app keeps failing to sync, log from the engineer's handheld:\n\n")
    d.fill("⟨ts⟩ INFO  app=FieldMate ver=⟨ver⟩ user=⟨h⟩ device_imei=⟨imei⟩\n", ts=_ts(v), ver=v.version(),
           h=P(eng.handle(v.pick((".", "_")))), imei=v.imei())
    d.fill("⟨ts⟩ INFO  wifi bssid=⟨mac⟩ ip=⟨ip⟩\n", ts=_ts(v), mac=v.mac(), ip=v.ipv4(public=False))
    d.fill("⟨ts⟩ DEBUG POST https://api.fieldmate.⟨org⟩.io/v3/jobs/⟨t⟩/complete from ⟨pub⟩\n", ts=_ts(v), org=org,
           t=v.ticket(), pub=v.ip())
    cred(v, d, ("log",), org, kinds=("bearer_token", "jwt", "google_api_key", "aws_access_key_id"),
         lead=f"{_ts(v)} DEBUG ")
    d.fill("⟨ts⟩ ERROR 409 job already closed by dispatcher trace=⟨tr⟩\n", ts=_ts(v), tr=v.trace_id())


@T("field_neg_checklist", weight=2)
def field_neg_checklist(v: Values, d: Doc) -> None:
    d.fill("Pre-install safety checklist (v⟨ver⟩) - can you make it shorter?\n\n[ ] Isolate supply at cut-out, "
           "record MPAN ⟨mp⟩ on the job\n[ ] Check the asset tag against the new meter ⟨ser⟩\n[ ] Hub pairing: "
           "note the hub MAC ⟨mac⟩ and firmware ⟨fw⟩\n[ ] Leave the ⟨prod⟩ leaflet\n[ ] Sites on ⟨st⟩ need a "
           "permit from ⟨co⟩ before digging\n[ ] Photo of the seals, upload to job ⟨t⟩\n",
           ver=v.version(), mp=v.mpan(), ser=Neg(f"{v.pick(('19', '21'))}M{v.digits(7)}", "meter_serial", "PHONE_NUMBER"),
           mac=v.mac(), fw=v.version(), prod=v.product(), st=v.street(), co=v.company(), t=v.ticket())


# ================================================================ billing and CRM


@T("billing_crm_csv", weight=3)
def billing_crm_csv(v: Values, d: Doc) -> None:
    c = v.least("csv_country", EURO)
    sep = v.pick((",", ";", "|", "\t"))
    d.add("CRM export of the failed direct debits, why did these bounce?\n\n")
    d.add(sep.join(("account_no", "surname", "given_name", "email", "phone", "iban", "tariff", "arrears")) + "\n")
    for _ in range(v.rng.randrange(2, 5)):
        p = v.person(c)
        row = [v.account_number(), P(p.surname.upper() if v.chance(0.4) else p.surname), P(p.given), v.email_of(p),
               v.phone(c, v.pick(("e164", "intl"))), v.iban(c, grouped=False) if v.chance(0.8) else v.bad_iban(),
               v.tariff(), _money(v)]
        for i, cell in enumerate(row):
            d.add(cell, sep if i < len(row) - 1 else "\n")


@T("billing_dd_mandate", weight=3)
def billing_dd_mandate(v: Values, d: Doc) -> None:
    c = v.least("sepa_country", ("DE", "FR", "ES", "PT", "IT", "NL", "IE", "GB", "PL", "RO"))
    p = v.person(c)
    head = {"DE": "SEPA-Lastschriftmandat\nKontoinhaber: ⟨n⟩\nIBAN: ⟨ib⟩\nMandatsreferenz: ⟨ref⟩\n"
                  "Gläubiger-ID: ⟨cid⟩\nOrt, Datum: ⟨city⟩, ⟨dt⟩\n",
            "FR": "Mandat de prélèvement SEPA\nTitulaire du compte : ⟨n⟩\nIBAN : ⟨ib⟩\nRéférence unique du mandat : ⟨ref⟩\n"
                  "ICS : ⟨cid⟩\nFait à ⟨city⟩, le ⟨dt⟩\n",
            "ES": "Orden de domiciliación SEPA\nTitular: ⟨n⟩\nIBAN: ⟨ib⟩\nReferencia de la orden: ⟨ref⟩\n"
                  "Identificador del acreedor: ⟨cid⟩\n⟨city⟩, ⟨dt⟩\n",
            "PT": "Autorização de débito direto SEPA\nTitular: ⟨n⟩\nIBAN: ⟨ib⟩\nReferência da autorização: ⟨ref⟩\n"
                  "ID do credor: ⟨cid⟩\n⟨city⟩, ⟨dt⟩\n",
            "IT": "Mandato SDD\nIntestatario: ⟨n⟩\nIBAN: ⟨ib⟩\nRiferimento mandato: ⟨ref⟩\nCodice creditore: ⟨cid⟩\n"
                  "⟨city⟩, ⟨dt⟩\n",
            "NL": "Machtiging SEPA incasso\nRekeninghouder: ⟨n⟩\nIBAN: ⟨ib⟩\nKenmerk machtiging: ⟨ref⟩\n"
                  "Incassant ID: ⟨cid⟩\n⟨city⟩, ⟨dt⟩\n",
            "PL": "Polecenie zapłaty - zgoda\nPosiadacz rachunku: ⟨n⟩\nIBAN: ⟨ib⟩\nNr umowy: ⟨ref⟩\nID odbiorcy: ⟨cid⟩\n"
                  "⟨city⟩, ⟨dt⟩\n",
            "RO": "Mandat de debitare directă\nTitular cont: ⟨n⟩\nIBAN: ⟨ib⟩\nReferință mandat: ⟨ref⟩\nCod creditor: ⟨cid⟩\n"
                  "⟨city⟩, ⟨dt⟩\n",
            }.get(c, "Direct Debit Instruction\nAccount holder: ⟨n⟩\nIBAN: ⟨ib⟩\nReference: ⟨ref⟩\nOriginator ID: ⟨cid⟩\n"
                     "⟨city⟩, ⟨dt⟩\n")
    city = {"DE": "Emsfeld", "FR": "Nice", "ES": "Valencia", "PT": "Lisboa", "IT": "Piacenza", "NL": "Alkmaar",
            "PL": "Toruń", "RO": "Cluj-Napoca", "IE": "Dublin", "GB": "Leeds"}[c]
    d.add("Mandate scanned by the customer (OCR), check it is complete:\n\n")
    d.fill(head, n=_full(p) if v.chance(0.7) else P(v.surname_first(p, 3)), ib=v.iban(c, grouped=v.chance(0.6)),
           ref=Neg(f"MDT-{v.digits(10)}", "mandate_ref", "IBAN_CODE"),
           cid=Neg(f"{c}{v.digits(2)}ZZZ{v.digits(8)}" if c not in ("GB",) else v.digits(6), "creditor_id", "IBAN_CODE"),
           city=city, dt=_date(v))
    d.fill("Unterschrift / signature: ⟨sig⟩\n", sig=P(v.initial(p)))


@T("billing_json_export", weight=3)
def billing_json_export(v: Values, d: Doc) -> None:
    c = v.least("json_country", ("US", "AU", "ZA", "IN", "NG", "PH", "BR", "MX", "KE", "GB"))
    p, agent = v.people(2, c)
    d.add("Why does the payment service reject this account? Record from the billing API:\n\n```json\n{\n")
    d.fill("  \"account_id\": \"⟨acct⟩\",\n  \"account_holder\": \"⟨n⟩\",\n  \"contact\": {\"email\": \"⟨em⟩\", "
           "\"mobile\": \"⟨ph⟩\"},\n", acct=v.account_number(), n=_full(p), em=v.email_of(p), ph=v.phone(c, "e164"))
    if v.chance(0.7):
        d.fill("  \"payment_method\": {\"type\": \"card\", \"pan\": \"⟨card⟩\", \"expiry\": \"0⟨m⟩/2⟨y⟩\"},\n",
               card=v.card(style="plain"), m=str(v.rng.randrange(1, 10)), y=str(v.rng.randrange(6, 9)))
    else:
        d.fill("  \"payment_method\": {\"type\": \"card\", \"pan_masked\": \"⟨mask⟩\", \"token\": \"⟨tok⟩\"},\n",
               mask=v.masked_card(), tok=v.guid())
    if c == "US" and v.chance(0.7):
        d.fill("  \"credit_check\": {\"ssn\": \"⟨ssn⟩\", \"bureau\": \"TransUnion\", \"score_band\": \"C\"},\n",
               ssn=v.ssn("dashed"))
    d.fill("  \"last_agent\": \"⟨ag⟩\",\n  \"tariff\": \"⟨tf⟩\",\n  \"client_ip\": \"⟨ip⟩\"\n}\n```",
           ag=P(agent.handle()), tf=v.tariff(), ip=v.ipv4(public=True))


@T("billing_dispute_email", weight=3)
def billing_dispute_email(v: Values, d: Doc) -> None:
    c = v.least("disp_email_country", ENGLISH)
    p = v.person(c)
    d.fill("From: ⟨em⟩\nSubject: Charged twice - account ⟨acct⟩\n\nHello,\n\nYou have taken ⟨amt⟩ twice from my card "
           "⟨card⟩ this month. I have been with ⟨op⟩ for eleven years and this is the third time. ",
           em=v.email_of(p), acct=v.account_number(), amt=_money(v), card=v.card() if v.chance(0.75) else v.masked_card(),
           op=_op(c))
    d.fill("Please refund one payment and call me on ⟨ph⟩ - not the landline.\n\nRegards,\n⟨n⟩\n",
           ph=v.phone(c, v.pick(("national", "intl"))), n=_full(p))
    d.add("\n---\nForwarded by the complaints team: draft a reply and tell me if the refund is due.")


@T("billing_print_vendor", weight=3)
def billing_print_vendor(v: Values, d: Doc) -> None:
    c = v.least("print_country", EURO)
    org = _org(c)
    owner = v.person(c)
    d.add("The bill-print job that sends the monthly run to the print vendor failed, here is the script:\n\n```bash\n"
          "#!/usr/bin/env bash\nset -euo pipefail\nRUN=$(date +%Y%m)\n")
    cred(v, d, ("shell", "env"), org, kinds=("password_cli", "password_url", "private_key", "password_kv",
                                             "sas_token", "azure_storage_key"))
    d.add("gpg --encrypt -r printvendor bills_${RUN}.zip\n")
    cred(v, d, ("shell", "env"), org, kinds=("password_cli", "slack_webhook", "mailgun_key", "sendgrid_key",
                                             "twilio_key", "aws_secret_key"))
    d.fill("```\nOwner: ⟨o⟩ (⟨em⟩). It worked until the vendor moved to a new host.", o=_full(owner),
           em=v.email_of(owner, OPERATORS[c][1]))


@T("answer_billing_explain", completion=True, weight=3)
def answer_billing_explain(v: Values, d: Doc) -> None:
    c = v.least("expl_country", ALL)
    p = v.person(c)
    d.fill("Draft reply for ⟨n⟩:\n\nDear ⟨g⟩,\n\nThank you for getting in touch about your bill of ⟨dt⟩. The "
           "increase comes from the end of your fixed tariff (⟨tf⟩) and two estimated reads. ",
           n=_written(v, p), g=_given(p), dt=_date(v), tf=v.tariff())
    if c in EURO and v.chance(0.7):
        d.fill("We will refund the overcharge of ⟨amt⟩ to the account ending ⟨mask⟩ ", amt=_money(v),
               mask=v.masked_iban())
        if v.chance(0.5):
            d.fill("(IBAN ⟨ib⟩, as you confirmed) ", ib=v.iban(c))
    else:
        d.fill("We will credit ⟨amt⟩ to your account ", amt=_money(v))
    d.fill("within five working days.\n\nIf anything is unclear, reply to ⟨em⟩ or call ⟨ph⟩.\n\nKind regards,\n"
           "⟨ag⟩\nCustomer Care, ⟨op⟩", em=v.role_email(c, "care"), ph=v.phone(c, "intl"), ag=_full(v.person(c)),
           op=_op(c))


@T("billing_card_refunds", weight=3)
def billing_card_refunds(v: Values, d: Doc) -> None:
    c = v.least("refund_country", ("GB", "IE", "AU", "US", "ZA", "NG", "IN", "BR", "MX", "PH"))
    sep = v.pick((",", "|", "\t"))
    d.add("Refund batch that the payment gateway rejected (export from the back office):\n\n")
    d.add(sep.join(("refund_id", "customer", "card_number", "amount", "reason")) + "\n")
    for _ in range(v.rng.randrange(3, 6)):
        p = v.person(c)
        name = P(v.surname_first(p, v.pick((0, 2, 3)))) if v.chance(0.5) else _full(p)
        card = v.card(style=v.pick(("plain", "plain", "spaced", "dashed"))) if v.chance(0.75) else v.masked_card()
        for i, cell in enumerate((f"RF{v.digits(7)}", name, card, _money(v), v.pick(("double charge", "closed account",
                                                                                      "goodwill", "overpayment")))):
            d.add(cell, sep if i < 4 else "\n")
    d.add("Gateway says \"invalid PAN\" for all of them.")


@T("billing_credit_check", weight=3)
def billing_credit_check(v: Values, d: Doc) -> None:
    p, agent = v.people(2, "US")
    d.fill("New service application - credit check came back \"no hit\", what should I do?\n\nApplicant: ⟨n⟩\n"
           "SSN: ⟨ssn⟩\nDOB: ⟨dob⟩\nService address: ⟨no⟩ ⟨st⟩\nPhone: ⟨ph⟩\nE-mail: ⟨em⟩\n",
           n=_full(p) if v.chance(0.6) else P(v.surname_first(p, 3)), ssn=v.ssn(),
           dob=f"{v.rng.randrange(1, 13):02d}/{v.rng.randrange(1, 29):02d}/19{v.rng.randrange(50, 99)}",
           no=str(v.rng.randrange(100, 9999)), st=v.street(), ph=v.phone("US", v.pick(("national", "intl"))),
           em=v.email_of(p))
    d.fill("Deposit waived? ⟨ag⟩ says we can take a ⟨amt⟩ deposit by card instead. Previous address check ran on "
           "the co-applicant too (SSN ⟨ssn2⟩).", ag=_given(agent), amt=_money(v), ssn2=v.ssn() if v.chance(0.4)
           else v.bad_ssn())


@T("billing_neg_tariff_table", weight=2)
def billing_neg_tariff_table(v: Values, d: Doc) -> None:
    d.add("Compare these tariffs for the pricing review (TSV from the product catalogue):\n\nproduct\tcode\tstanding_"
          "charge\tunit_rate\tsample_account\n")
    for _ in range(v.rng.randrange(3, 5)):
        d.fill("⟨p⟩\t⟨code⟩\t⟨sc⟩\t⟨ur⟩\t⟨acct⟩\n", p=v.product(), code=v.tariff(), sc=f"{v.rng.randrange(20, 70)}.{v.digits(2)}p",
               ur=f"{v.rng.randrange(15, 40)}.{v.digits(2)}p", acct=v.account_number())
    d.fill("\nPayments in the sample were made with test cards (⟨tc⟩) and the dummy IBAN ⟨bi⟩; card ⟨lf⟩ in row 3 is "
           "a typo.", tc=v.test_card(), bi=v.bad_iban(), lf=v.luhn_fail())


# ================================================================ network operations


@T("netops_radius_log", weight=3)
def netops_radius_log(v: Values, d: Doc) -> None:
    c = v.least("rad_country", ALL)
    org = _org(c)
    d.add("RADIUS accounting for a subscriber who says the data session keeps dropping:\n\n")
    for status in v.rng.sample(("Start", "Interim-Update", "Stop"), v.rng.randrange(1, 3)):
        d.fill(f"{v.pick(('Mon', 'Tue', 'Wed', 'Thu', 'Fri'))} {v.pick(MONTHS)} {v.rng.randrange(1, 29)} {_hm(v)}:"
               f"{v.rng.randrange(60):02d} 2025\n\tAcct-Status-Type = {status}\n\tCalling-Station-Id = \"⟨ms⟩\"\n"
               "\tFramed-IP-Address = ⟨fip⟩\n\tNAS-IP-Address = ⟨nas⟩\n\t3GPP-IMSI = \"⟨imsi⟩\"\n"
               "\t3GPP-IMEISV = \"⟨imeisv⟩\"\n\tAcct-Session-Id = \"⟨sid⟩\"\n",
               ms=v.phone(c, "msisdn"), fip=v.ipv4(public=False), nas=v.ipv4(public=False), imsi=v.imsi(c),
               imeisv=Neg(v.imei().text[:14] + v.digits(2), "imeisv", "CREDIT_CARD"),
               sid=Neg(v.digits(8).upper() + "-" + v.digits(8), "session_id", "PHONE_NUMBER"))
    if v.chance(0.55):
        d.add("\nand the client entry on the RADIUS server (clients.conf):\n")
        cred(v, d, ("ini",), org, kinds=("password_kv",))
    if v.chance(0.3):
        d.fill("\nFramed-IPv6-Prefix = ⟨ip6⟩/64\n", ip6=v.ipv6(public=True))


@T("netops_snmp_syslog", weight=3)
def netops_snmp_syslog(v: Values, d: Doc) -> None:
    host = v.pick(("bng-lon-02", "olt-dub-07", "pe1-fra", "agg-mad-03", "cmts-jhb-01", "mme-lag-2", "sbc-mnl-1"))
    d.add("What does this trap storm mean? Syslog from the collector:\n\n")
    for _ in range(v.rng.randrange(2, 4)):
        d.fill(f"<{v.pick(('134', '131', '189'))}>{v.pick(MONTHS)} {v.rng.randrange(1, 29)} {_hm(v)}:00 {host} "
               "snmptrapd[2211]: ⟨src⟩ [UDP: [⟨src2⟩]:161] ⟨oid⟩ ifIndex=⟨n⟩ ifOperStatus=down\n",
               src=host, src2=v.ipv4(public=False), oid=v.oid(),
               n=str(v.rng.randrange(1, 600)))
    d.fill("⟨ts⟩ ⟨h⟩ lldp: neighbor ⟨mac⟩ on xe-0/0/⟨n⟩ sw ⟨ver⟩\n", ts=_ts(v), h=host, mac=v.mac(),
           n=str(v.rng.randrange(0, 48)), ver=v.version())
    d.fill("⟨ts⟩ ⟨h⟩ bgp: peer ⟨peer⟩ state Idle (hold timer expired)\n", ts=_ts(v), h=host, peer=v.ip())
    if v.chance(0.4):
        d.fill("⟨ts⟩ ⟨h⟩ sshd[77]: Failed password for noc from ⟨ip⟩ port 51122\n", ts=_ts(v), h=host,
               ip=v.ipv4(public=True))


@T("netops_cdr", weight=3)
def netops_cdr(v: Values, d: Doc) -> None:
    c = v.least("cdr_country", ALL)
    d.add("These CDRs were rated twice, can you find the duplicates?\n\ncdr_id|start|a_number|b_number|imsi|imei|"
          "cell|dur_s|rated\n")
    first = None
    for i in range(v.rng.randrange(3, 6)):
        a = v.phone(c, "msisdn") if first is None or v.chance(0.5) else Val(first, "PHONE_NUMBER", "PHONE_NUMBER")
        first = a.text
        d.fill("⟨id⟩|⟨ts⟩|⟨a⟩|⟨b⟩|⟨imsi⟩|⟨imei⟩|⟨cell⟩|⟨dur⟩|⟨r⟩\n", id=v.cdr_id(), ts=_ts(v), a=a,
               b=v.phone(v.pick((c, c, v.pick(ALL))), "msisdn"), imsi=v.imsi(c), imei=v.imei(), cell=v.cell_id(),
               dur=str(v.rng.randrange(3, 3600)), r=v.pick(("Y", "Y", "N")))


@T("netops_provisioning_api", weight=3)
def netops_provisioning_api(v: Values, d: Doc) -> None:
    c = v.least("prov_country", ALL)
    org = _org(c)
    p, agent = v.people(2, c)
    d.add("Provisioning call from the CRM fails with 502, request and response:\n\n")
    d.fill("POST /v2/subscribers/⟨ms⟩/sim-swap HTTP/1.1\nHost: prov-api.⟨org⟩.internal\nAuthorization: Bearer ⟨tok⟩\n"
           "X-Forwarded-For: ⟨ip⟩\nContent-Type: application/json\n\n", ms=v.phone(c, "msisdn"), org=org,
           tok=cred_val(v, ("jwt", "bearer_token")), ip=v.ip())
    d.fill("{\"iccid\": \"⟨iccid⟩\", \"imsi\": \"⟨imsi⟩\", \"requested_by\": \"⟨ag⟩\", \"customer\": {\"name\": \"⟨n⟩\", "
           "\"email\": \"⟨em⟩\"}}\n\n", iccid=v.iccid(c), imsi=v.imsi(c), ag=P(agent.handle()), n=_full(p),
           em=v.email_of(p))
    d.fill("HTTP/1.1 502 Bad Gateway\nx-request-id: ⟨g⟩\n{\"error\": \"HLR timeout\", \"hlr\": \"⟨hlr⟩\"}",
           g=v.guid(), hlr=v.ipv4(public=False))


@T("netops_smart_meter_log", weight=3)
def netops_smart_meter_log(v: Values, d: Doc) -> None:
    c = v.least("hes_country", ("GB", "NL", "DE", "FR", "ES", "IT", "AU", "IE"))
    org = _org(c)
    mp = {"GB": v.mpan, "NL": v.ean18, "DE": v.zaehlpunkt, "FR": v.pdl, "ES": v.cups}.get(c, v.mprn)
    if c == "IT":
        mp = lambda: Neg(f"IT001E{v.digits(8)}", "pod", "IBAN_CODE")  # noqa: E731
    d.add("Head-end system log, meters in one street stopped reporting:\n\n")
    for _ in range(v.rng.randrange(2, 4)):
        d.fill("⟨ts⟩ HES WARN meter=⟨m⟩ fw=⟨fw⟩ addr=⟨ip⟩ last_read_age=⟨h⟩h\n", ts=_ts(v), m=mp(), fw=v.version(),
               ip=v.ipv6(public=v.chance(0.4)), h=str(v.rng.randrange(6, 96)))
    d.fill("⟨ts⟩ HES INFO comms hub ⟨mac⟩ rejoined via ⟨gw⟩\n", ts=_ts(v), mac=v.mac(), gw=v.ipv4(public=False))
    if v.chance(0.8):
        cred(v, d, ("log", "shell"), org, kinds=("bearer_token", "jwt", "password_url", "aws_access_key_id"),
             lead=f"{_ts(v)} HES DEBUG ")


@T("answer_netops_incident", completion=True, weight=3)
def answer_netops_incident(v: Values, d: Doc) -> None:
    c = v.least("inc_country", ALL)
    a, b = v.people(2, c)
    d.fill("**Incident ⟨t⟩ - post-incident summary (draft)**\n\n- ⟨hm⟩: BNG ⟨ip⟩ lost its BGP session to the core "
           "route reflector ⟨rr⟩; about ⟨n⟩ broadband sessions dropped.\n- On-call: ⟨a⟩ (⟨ph⟩), escalated to ⟨b⟩ "
           "at ⟨hm2⟩.\n", t=v.ticket(), hm=_hm(v), ip=v.ipv4(public=False), rr=v.ip(),
           n=str(v.rng.randrange(800, 40000)), a=_full(a), ph=v.phone(c, "intl"), b=_written(v, b), hm2=_hm(v))
    d.fill("- Trigger: line card reload after upgrade to ⟨ver⟩ (trap ⟨oid⟩).\n- Customer impact peaked in the "
           "⟨prod⟩ base.\n\n**Actions**: ⟨ag⟩ to pin the firmware; ⟨bg⟩ to add the trap to the paging rules.",
           ver=v.version(), oid=v.oid(), prod=v.product(), ag=_given(a), bg=_given(b))


@T("netops_neg_config", weight=2)
def netops_neg_config(v: Values, d: Doc) -> None:
    d.fill("Review this BNG template before we roll it out (values are placeholders):\n\n```\nhostname bng-⟨n⟩\n"
           "snmp-server community ⟨ph1⟩ RO\ntacacs-server host ⟨ip1⟩ key ⟨ph2⟩\nradius-server host ⟨ip2⟩ auth-port 1812 "
           "key ⟨ph3⟩\ninterface Loopback0\n ip address ⟨ip3⟩ ⟨mask⟩\n ipv6 address ⟨ip6⟩/128\n"
           "! trap ⟨oid⟩ on link down\n! image ⟨ver⟩\n```\n", n=str(v.rng.randrange(1, 40)),
           ph1=v.placeholder("password_kv"), ip1=v.doc_ip(), ph2=v.placeholder("password_kv"), ip2=v.doc_ip(),
           ph3=v.placeholder("password_kv"), ip3=v.doc_ip(), mask=Neg("255.255.255.255", "netmask", "IP_ADDRESS"), ip6=Neg(f"2001:db8:{v.rng.randrange(1, 999)}::1",
                                                                     "doc_ip", "IP_ADDRESS"),
           oid=v.oid(), ver=v.version())


# ================================================================ letters


@T("letters_complaint", weight=3)
def letters_complaint(v: Values, d: Doc) -> None:
    c = v.least("comp_country", ("GB", "ES", "IT", "PT", "DE", "IE", "ZA", "IN", "BR", "MX", "KE"))
    p = v.person(c)
    lang = {"ES": "es", "MX": "es", "IT": "it", "PT": "pt", "BR": "pt", "DE": "de"}.get(c, "en")
    open_ = {"es": "Estimados señores:\n\nMe dirijo a ustedes como titular del contrato ⟨ref⟩. Llevamos once días sin "
                   "suministro de agua en ⟨st⟩ y nadie nos informa.",
             "it": "Spett.le ⟨op⟩,\n\nsono titolare del contratto ⟨ref⟩. Da undici giorni in ⟨st⟩ manca l'acqua e "
                   "nessuno ci informa.",
             "pt": "Exmos. Senhores,\n\nsou titular do contrato ⟨ref⟩. Há onze dias que a ⟨st⟩ está sem luz e ninguém "
                   "nos informa.",
             "de": "Sehr geehrte Damen und Herren,\n\nals Inhaber des Vertrags ⟨ref⟩ beschwere ich mich über den "
                   "Stromausfall in der ⟨st⟩, der nun elf Tage dauert.",
             "en": "Dear ⟨op⟩,\n\nI am writing about contract ⟨ref⟩. There has been no supply at my home on ⟨st⟩ for "
                   "eleven days and nobody tells us anything."}[lang]
    d.fill(open_ + "\n\n", op=_op(c), ref=v.contract_number(), st=v.street())
    if c in ("ES", "DE", "GB", "IE"):
        d.fill({"ES": "CUPS: ⟨mp⟩\n\n", "DE": "Zählpunkt: ⟨mp⟩\n\n"}.get(c, "Meter point: ⟨mp⟩\n\n"),
               mp=_meter_point(v, c))
    close = {"es": "Pueden contactarme en el ⟨ph⟩ o en ⟨em⟩. Solicito el abono en mi cuenta ⟨ib⟩.\n\nAtentamente,\n⟨n⟩",
             "it": "Potete contattarmi al ⟨ph⟩ o a ⟨em⟩. Chiedo il rimborso sul conto ⟨ib⟩.\n\nDistinti saluti,\n⟨n⟩",
             "pt": "Podem contactar-me pelo ⟨ph⟩ ou ⟨em⟩. Peço o reembolso para o IBAN ⟨ib⟩.\n\nCom os melhores "
                   "cumprimentos,\n⟨n⟩",
             "de": "Sie erreichen mich unter ⟨ph⟩ oder ⟨em⟩. Bitte erstatten Sie auf ⟨ib⟩.\n\nMit freundlichen "
                   "Grüßen\n⟨n⟩",
             "en": "You can reach me on ⟨ph⟩ or at ⟨em⟩. I expect compensation under the guaranteed standards, paid "
                   "to ⟨ib⟩.\n\nYours faithfully,\n⟨n⟩"}[lang]
    iban_c = c if c in ("GB", "ES", "IT", "PT", "DE", "IE") else None
    ib = v.iban(iban_c) if iban_c else Neg(v.account_number().text, "account_number", "IBAN_CODE")
    d.fill(close, ph=v.phone(c, v.pick(("national", "intl"))), em=v.email_of(p), ib=ib,
           n=_full(p) if v.chance(0.7) else P(f"{p.given[0]}. {p.surname}"))
    d.add("\n\n[pasted by complaints team - classify and suggest a reply]")


@T("letters_regulator", weight=3)
def letters_regulator(v: Values, d: Doc) -> None:
    c = v.least("reg_country", ("GB", "IE", "DE", "FR", "IT", "ES", "NL", "PL", "RO", "AU", "ZA", "IN"))
    reg = {"GB": "Energy Ombudsman", "IE": "ComReg", "DE": "Bundesnetzagentur", "FR": "Médiateur national de "
           "l'énergie", "IT": "ARERA", "ES": "CNMC", "NL": "Geschillencommissie Energie", "PL": "URE", "RO": "ANRE",
           "AU": "Energy and Water Ombudsman", "ZA": "NERSA", "IN": "MERC"}[c]
    cust, staff = v.people(2, c)
    d.fill("From: ⟨reg⟩ - case ⟨case⟩\nTo: Complaints, ⟨op⟩\n\nComplainant: ⟨cn⟩\nAccount: ⟨acct⟩\nSupply point: ⟨mp⟩\n\n"
           "The complainant states that repeated estimated bills were issued and that ⟨g⟩'s requests for a meter "
           "inspection were ignored. Please send your file, including call recordings, within 14 days.\n\n",
           reg=reg, case=Neg(f"{v.pick(('EO', 'CR', 'MED', 'REC'))}/{v.digits(6)}/{v.rng.randrange(24, 26)}",
                             "case_ref", "PHONE_NUMBER"), op=_op(c), cn=P(v.surname_first(cust, v.pick((0, 1)))),
           acct=v.account_number(), mp=_meter_point(v, c), g=_given(cust))
    d.fill("Case officer: ⟨so⟩\nDirect line: ⟨ph⟩\n\nCan you draft our response? Our contact for this is ⟨us⟩ "
           "(⟨em⟩).", so=_full(staff), ph=v.phone(c, "intl"), us=_full(v.person(c)),
           em=v.role_email(c, "regulatory"))


@T("letters_collections", weight=3)
def letters_collections(v: Values, d: Doc) -> None:
    c = v.pick(("US", "US", "US", "GB", "AU", "ZA"))
    p = v.person(c)
    d.add("Referral file for the collection agency - check the fields before we send it:\n\n")
    d.fill("Debtor: ⟨n⟩\nService address: ⟨no⟩ ⟨st⟩\nAccount: ⟨acct⟩   Balance: ⟨amt⟩\nPhone: ⟨ph⟩\nE-mail: ⟨em⟩\n",
           n=P(v.surname_first(p, 3)) if v.chance(0.5) else _full(p), no=str(v.rng.randrange(1, 999)), st=v.street(),
           acct=v.account_number(), amt=_money(v), ph=v.phone(c, v.pick(("national", "intl"))), em=v.email_of(p))
    if c == "US":
        d.fill("SSN: ⟨ssn⟩\nDOB: 19⟨y⟩-0⟨m⟩-1⟨dd⟩\n", ssn=v.ssn(), y=str(v.rng.randrange(50, 99)),
               m=str(v.rng.randrange(1, 10)), dd=str(v.rng.randrange(0, 9)))
    else:
        d.fill("Last payment: card ⟨mask⟩ on ⟨dt⟩\n", mask=v.masked_card(), dt=_date(v))
    d.add("Disconnection notice sent twice; no hardship flag.")


@T("answer_letters_reply", completion=True, weight=3)
def answer_letters_reply(v: Values, d: Doc) -> None:
    c = v.least("reply_country", ("ES", "IT", "PT", "DE", "FR", "NL", "PL", "RO", "GB", "BR"))
    p, agent = v.people(2, c)
    greet = {"ES": "Estimado/a ⟨g⟩:", "IT": "Gentile ⟨full⟩,", "PT": "Caro/a ⟨g⟩,", "DE": "Sehr geehrte/r ⟨full⟩,",
             "FR": "Madame, Monsieur ⟨sur⟩,", "NL": "Beste ⟨g⟩,", "PL": "Szanowna Pani / Szanowny Panie ⟨sur⟩,",
             "RO": "Stimată doamnă / Stimate domn ⟨sur⟩,", "GB": "Dear ⟨g⟩,", "BR": "Prezado(a) ⟨g⟩,"}[c]
    body = {"ES": "Lamentamos la interrupción. Le abonaremos la compensación en la cuenta ⟨ib⟩ en un plazo de diez días.",
            "IT": "Ci scusiamo per il disservizio. L'indennizzo sarà accreditato sul conto ⟨ib⟩ entro dieci giorni.",
            "PT": "Lamentamos a interrupção. A compensação será creditada no IBAN ⟨ib⟩ no prazo de dez dias.",
            "DE": "Wir bedauern die Unterbrechung. Die Entschädigung überweisen wir binnen zehn Tagen auf ⟨ib⟩.",
            "FR": "Nous regrettons cette coupure. L'indemnité sera virée sur le compte ⟨ib⟩ sous dix jours.",
            "NL": "Excuses voor de storing. De vergoeding storten we binnen tien dagen op ⟨ib⟩.",
            "PL": "Przepraszamy za przerwę. Rekompensata wpłynie na rachunek ⟨ib⟩ w ciągu dziesięciu dni.",
            "RO": "Ne cerem scuze pentru întrerupere. Compensația va fi virată în contul ⟨ib⟩ în zece zile.",
            "GB": "We're sorry for the interruption. The compensation will be paid to ⟨ib⟩ within ten days.",
            "BR": "Lamentamos a interrupção. A compensação será creditada na sua conta em até dez dias."}[c]
    d.add("Here's a reply you can send:\n\n")
    d.fill(greet + "\n\n" + body + "\n\n", g=_given(p), full=_full(p), sur=P(p.surname),
           ib=v.iban(c) if c != "BR" else "")
    d.fill("⟨ag⟩\n⟨op⟩ - ⟨ph⟩ - ⟨em⟩", ag=_full(agent), op=_op(c), ph=v.phone(c, "intl"),
           em=v.email_of(agent, OPERATORS[c][1]))


@T("answer_letters_regulator_response", completion=True, weight=3)
def answer_letters_regulator_response(v: Values, d: Doc) -> None:
    c = v.least("regresp_country", ENGLISH)
    p, staff = v.people(2, c)
    d.fill("Draft response to the ombudsman:\n\nRe: ⟨cn⟩, account ⟨acct⟩\n\nWe accept that four consecutive bills "
           "were estimated. Our engineer attended on ⟨dt⟩ and found the meter display faulty (serial ⟨ser⟩). "
           "We have re-billed on actual reads and offer a goodwill credit of ⟨amt⟩.\n\nWe have written to ⟨mr⟩ "
           "to confirm, and can be contacted at ⟨em⟩.\n\n⟨st⟩\nHead of Complaints",
           cn=_full(p), acct=v.account_number(), dt=_date(v),
           ser=Neg(f"{v.pick(('K', 'E', 'L'))}{v.digits(2)}{v.pick(('A', 'B'))}{v.digits(6)}", "meter_serial", "PHONE_NUMBER"),
           amt=_money(v), mr=P(p.surname if v.chance(0.6) else p.full), em=v.role_email(c, "complaints"),
           st=_full(staff))


@T("letters_neg_template", weight=2)
def letters_neg_template(v: Values, d: Doc) -> None:
    d.fill("Fix the merge fields in this disconnection-warning template:\n\nDear «Title» «Surname»,\n\nYour account "
           "«AccountNumber» (for example ⟨acct⟩) is ⟨days⟩ days overdue. Pay by card ending «Last4» or call "
           "⟨fict⟩.\nIf you are on the ⟨prod⟩ tariff, see ⟨ex⟩ for help.\n\nCustomer Care\n⟨co⟩ (collections "
           "partner)\n", acct=v.account_number(), days=str(v.rng.randrange(28, 90)),
           fict=v.pick((v.fict_phone(), v.drama_number())), prod=v.product(), ex=v.example_email(), co=v.company())


# ================================================================ IT


@T("it_env_file", weight=3)
def it_env_file(v: Values, d: Doc) -> None:
    c = v.least("env_country", ALL)
    org = _org(c)
    d.add(f"My .env for the {v.pick(('billing assistant', 'outage bot', 'meter-read importer', 'complaints triage'))}, "
          "why does it fail to start?\n\n```\n")
    d.add(noise_key(v) + "\n")
    for i in range(v.rng.randrange(5, 8)):
        if len(d.text) > 850:
            break
        cred(v, d, ("env", "ini"), org)
        if v.chance(0.3):
            d.add(noise_key(v) + "\n")
    if v.chance(0.4):
        d.fill("DB_HOST=⟨ip⟩\n", ip=v.ipv4(public=False))
    if v.chance(0.5):
        d.fill("AZURE_TENANT_ID=⟨g⟩\nBUILD_SHA=⟨sha⟩\n", g=v.guid(), sha=v.commit_sha())
    d.add("```")


@T("it_k8s_manifest", weight=3)
def it_k8s_manifest(v: Values, d: Doc) -> None:
    c = v.least("k8s_country", ALL)
    org = _org(c)
    app = v.pick(("cdr-rater", "meter-ingest", "prov-gateway", "bill-render", "outage-notifier"))
    d.fill(f"The pod for {app} crashloops, manifest:\n\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: "
           f"{app}-secrets\ntype: Opaque\n", )
    if v.chance(0.5):
        cred(v, d, ("yaml",), org, kinds=("password_yaml",))
    else:
        d.add("stringData:\n")
        cred(v, d, ("yaml",), org)
    d.add(f"---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {app}\nspec:\n  template:\n    spec:\n"
          f"      containers:\n        - name: {app}\n          image: acr{org}.azurecr.io/{app}:")
    d.add(f"{v.rng.randrange(1, 9)}.{v.rng.randrange(0, 30)}.{v.rng.randrange(0, 9)}")
    d.fill("@sha256:⟨dg⟩\n          env:\n", dg=Neg(v.trace_id().text * 2, "image_digest", "azure_storage_key"))
    for _ in range(v.rng.randrange(1, 3)):
        kind = cred_val(v, ("azure_openai_key", "cosmos_key", "twilio_key", "mailgun_key", "huggingface_token",
                            "entra_client_secret", "anthropic_key", "sendgrid_key", "stripe_key", "openai_key"))
        d.fill("            - name: ⟨nm⟩\n              value: \"⟨v⟩\"\n",
               nm=kind.kind.upper().replace("_KEY", "_API_KEY") if "key" in kind.kind else kind.kind.upper(), v=kind)
    d.add("```")


@T("it_ci_pipeline", weight=3)
def it_ci_pipeline(v: Values, d: Doc) -> None:
    c = v.least("ci_country", ALL)
    org = _org(c)
    d.add(f"{v.pick(('GitLab CI', 'GitHub Actions', 'Azure Pipelines'))} job for the tariff engine fails at deploy, "
          "here's the file:\n\n```yaml\nstages: [build, deploy]\n\ndeploy:\n  stage: deploy\n")
    for _ in range(v.rng.randrange(3, 5)):
        if len(d.text) > 480:
            break
        cred(v, d, ("yaml",), org)
    d.fill("  variables:\n    GIT_COMMIT: ⟨sha⟩\n  script:\n", sha=v.commit_sha())
    if v.chance(0.5) and len(d.text) < 700:
        cred(v, d, ("shell",), org, lead="    - ")
    cred(v, d, ("shell",), org, lead="    - ")
    d.add("```")


@T("it_script", weight=3)
def it_script(v: Values, d: Doc) -> None:
    c = v.least("script_country", ALL)
    org = _org(c)
    owner = v.person(c)
    d.fill("Can you refactor these so the secrets come from Key Vault? Lines from our integration jobs (Python, C#, "
           "Java), ⟨o⟩ wrote most of them years ago.\n\n```\n", o=P(owner.full if v.chance(0.5) else owner.given))
    for _ in range(v.rng.randrange(3, 5)):
        if len(d.text) > 750:
            break
        cred(v, d, ("code",), org)
    d.fill("\n# reads_⟨dt⟩.csv -> MDM, one POST per MPAN, correlation id ⟨g⟩\n```", dt=_iso(v), g=v.guid())


@T("it_appsettings", weight=3)
def it_appsettings(v: Values, d: Doc) -> None:
    c = v.least("apps_country", ALL)
    org = _org(c)
    d.add("appsettings.Production.json of the CRM connector - is anything in here that shouldn't be?\n\n```json\n{\n")
    for _ in range(v.rng.randrange(3, 5)):
        if len(d.text) > 750:
            break
        cred(v, d, ("json",), org, lead="  ", tail=",\n")
    d.fill("  \"AllowedHosts\": \"*\",\n  \"Support\": \"⟨em⟩\"\n}\n```", em=v.role_email(c, "it-support"))


@T("answer_it_config_review", completion=True, weight=3)
def answer_it_config_review(v: Values, d: Doc) -> None:
    c = v.least("review_country", ALL)
    org = _org(c)
    d.add("I found these secrets in clear in the config you pasted - rotate them first, then move them to Key Vault:\n\n")
    for _ in range(v.rng.randrange(2, 4)):
        cred(v, d, ("env", "code", "shell"), org, lead="- `", tail="`\n")
    d.fill("\nThe host ⟨ip⟩ in the same file is internal, that one is fine to keep. Use a managed identity for the "
           "storage account and reference secrets with `@Microsoft.KeyVault(...)`.", ip=v.ipv4(public=False))


@T("answer_it_neg_rotation", completion=True, weight=2)
def answer_it_neg_rotation(v: Values, d: Doc) -> None:
    d.fill("To rotate without downtime:\n\n1. Create the new secret and store it as `⟨ref⟩`.\n2. In the .env keep "
           "only `DB_PASSWORD=⟨ph⟩` and `AWS_ACCESS_KEY_ID=⟨aws⟩` (the AWS documentation example) for local tests.\n"
           "3. The mock mailer uses ⟨ex⟩ and the top-up sandbox the published test key ⟨stk⟩.\n4. The runbook's test host is ⟨ip⟩; commit ⟨sha⟩ has the change.\n5. "
           "Tag the release ⟨ver⟩.", ref=v.secret_ref(), ph=v.placeholder(), aws=v.documented("aws"),
           ex=v.example_email(), stk=v.documented("stripe"), ip=v.doc_ip(), sha=v.commit_sha(), ver=v.version())


# ================================================================ staff chat


@T("chat_teams", weight=3)
def chat_teams(v: Values, d: Doc) -> None:
    c = v.least("teams_country", ALL)
    org = _org(c)
    a, b, cust = v.people(3, c)
    t = _clock(v, 4)
    d.add("Teams thread from the billing ops channel, what's the action?\n\n")
    d.fill("[⟨t1⟩] ⟨a⟩\nanyone know why ⟨cn⟩'s bill is ⟨amt⟩? they're on the phone with ⟨b⟩ now\n",
           t1=t[0], a=_full(a), cn=_full(cust), amt=_money(v), b=_given(b))
    d.fill("[⟨t2⟩] ⟨b⟩\nestimated reads since March. the number on the account is ⟨ph⟩ if you want to call\n",
           t2=t[1], b=_full(b), ph=v.phone(c))
    if v.chance(0.25):
        d.fill("[⟨t3⟩] ⟨b⟩\nthey want to clear it now, card ⟨card⟩ exp 0⟨m⟩/2⟨y⟩ - who can key it in?\n", t3=t[2],
               b=_full(b), card=v.card(), m=str(v.rng.randrange(1, 10)), y=str(v.rng.randrange(6, 9)))
    if v.chance(0.6):
        d.fill("[⟨t3⟩] ⟨a⟩\n", t3=t[3], a=_full(a))
        cred(v, d, ("prose",), org, lang=LANG.get(c, "en"))


@T("chat_slack", weight=3)
def chat_slack(v: Values, d: Doc) -> None:
    c = v.least("slack_country", ALL)
    org = _org(c)
    a, b, e = v.people(3, c)
    d.fill("#noc-oncall\n⟨ha⟩: @⟨hb⟩ ⟨sn⟩'s pager went off for ⟨ip⟩, can you look?\n", ha=P(a.handle()),
           hb=P(b.handle(v.pick((".", "_")))), sn=P(e.given.lower()), ip=v.ip())
    d.fill("⟨hb⟩: on it. fw ⟨ver⟩ again i think\n", hb=P(b.handle()), ver=v.version())
    if v.chance(0.75):
        d.fill("⟨ha⟩: ", ha=P(a.handle()))
        cred(v, d, ("prose", "shell"), org, lang=LANG.get(c, "en"))
    d.fill("⟨hb⟩: thx ⟨g⟩\n", hb=P(b.handle()), g=P(a.given.lower()))


@T("chat_whatsapp", weight=3)
def chat_whatsapp(v: Values, d: Doc) -> None:
    c = v.least("wa_country", ("ZA", "KE", "NG", "IN", "PH", "BR", "MX", "ES", "PT", "IT", "RO"))
    a, b, cust = v.people(3, c)
    t = _clock(v, 4)
    day = f"{v.rng.randrange(1, 29):02d}/{v.rng.randrange(1, 13):02d}/25"
    d.add("Export of the field crew WhatsApp group, summarise the open jobs:\n\n")
    d.fill("[⟨dt⟩, ⟨t1⟩] ⟨a⟩: customer ⟨cn⟩ at ⟨no⟩ ⟨st⟩ says the prepaid meter won't take the token\n",
           dt=day, t1=t[0], a=P(a.given), cn=_written(v, cust), no=str(v.rng.randrange(1, 300)), st=v.street())
    d.fill("[⟨dt⟩, ⟨t2⟩] ⟨bph⟩: I'm near, will pass. Her cell ⟨ph⟩?\n", dt=day, t2=t[1],
           bph=v.phone(c, "intl"), ph=v.phone(c, v.pick(("national", "intl"))))
    d.fill("[⟨dt⟩, ⟨t3⟩] ⟨a⟩: yes. ⟨g⟩ also asked about the ⟨prod⟩ upgrade 🙄\n", dt=day, t3=t[2],
           a=P(a.given), g=_given(cust), prod=v.product())
    if v.chance(0.4):
        d.fill("[⟨dt⟩, ⟨t4⟩] ⟨b⟩: done, token ⟨tok⟩ accepted\n", dt=day, t4=t[3], b=P(b.full),
               tok=Neg(" ".join(v.digits(4) for _ in range(5)), "sts_token", "CREDIT_CARD"))


@T("chat_direct_message", weight=3)
def chat_direct_message(v: Values, d: Doc) -> None:
    c = v.least("dm_country", ALL)
    org = _org(c)
    a, b = v.people(2, c)
    t = _clock(v, 3)
    d.add("Is it OK that we share access like this? DM export:\n\n")
    d.fill("⟨a⟩ ⟨t1⟩\nhey ⟨bg⟩, the vendor changed the creds for the billing drop, here you go\n", a=_full(a), t1=t[0],
           bg=_given(b))
    d.fill("⟨a⟩ ⟨t2⟩\n", a=P(a.given), t2=t[1])
    cred(v, d, ("prose", "shell", "env"), org, lang=LANG.get(c, "en"))
    if v.chance(0.6):
        cred(v, d, ("prose", "shell", "env"), org, lang=LANG.get(c, "en"))
    d.fill("⟨b⟩ ⟨t3⟩\nthanks! will delete after. call me on ⟨ph⟩ if it breaks again\n", b=_full(b), t3=t[2],
           ph=v.phone(c, v.pick(("intl", "national"))))


@T("answer_chat_standup", completion=True, weight=3)
def answer_chat_standup(v: Values, d: Doc) -> None:
    c = v.least("standup_country", ALL)
    team = v.people(3, c)
    d.add("Stand-up summary:\n\n")
    for p, item in zip(team, v.rng.sample(("finished the porting backlog", "is chasing the meter vendor about the "
                                                                              "firmware bug", "on leave Friday",
                                            "will re-run the failed bill batch", "blocked on the HLR change window"), 3)):
        d.fill("- **⟨n⟩** ⟨it⟩\n", n=P(p.given) if v.chance(0.6) else _full(p), it=item)
    cust = v.person(c)
    d.fill("\nEscalations: the customer ⟨cn⟩ (⟨em⟩) is still without service; ticket ⟨t⟩.",
           cn=_written(v, cust), em=v.email_of(cust), t=v.ticket())


@T("chat_handover", weight=3)
def chat_handover(v: Values, d: Doc) -> None:
    c = v.least("ho_country", ALL)
    org = _org(c)
    a, b = v.people(2, c)
    d.fill("NOC shift handover ⟨dt⟩ - ⟨a⟩ -> ⟨b⟩\n\n* ⟨t⟩ open: packet loss on ⟨ip⟩, vendor engaged\n"
           "* cell ⟨cell⟩ down since 03:10, field team informed\n", dt=_date(v), a=P(v.initial(a)), b=P(v.initial(b)),
           t=v.ticket(), ip=v.ip(), cell=v.cell_id())
    if v.chance(0.6):
        d.add("* vendor portal login for tonight: ")
        cred(v, d, ("prose",), org, kinds=("password_prose",), lang=LANG.get(c, "en"))
    d.fill("* call ⟨g⟩ on ⟨ph⟩ if the core alarms again\n", g=_given(a), ph=v.phone(c, v.pick(("intl", "national"))))


@T("chat_neg_banter", weight=2)
def chat_neg_banter(v: Values, d: Doc) -> None:
    d.fill("#product-launch\nq: are we calling it ⟨p1⟩ or ⟨p2⟩ in the app?\nr: marketing wants ⟨p1b⟩, the store on "
           "⟨st⟩ already has the posters\nq: ok. the demo SIM is ⟨iccid⟩ and the demo line ⟨fict⟩\nr: build ⟨ver⟩ "
           "is on the test phones (IMEI ⟨imei⟩)\n", p1=v.product(), p2=v.product(), p1b=v.product(), st=v.street(),
           iccid=v.iccid(), fict=v.drama_number(), ver=v.version(), imei=v.imei())


NEGATIVE = frozenset(t.genre for t in REGISTRY.templates if is_negative(t.genre))
__all__ = ["KINDS", "NEGATIVE", "REGISTRY", "kind_of"]
