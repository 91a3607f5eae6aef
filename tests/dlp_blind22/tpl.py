"""The twenty-second corpus's templates: council, tax and benefits staff, a university's admissions, registry, student
finance and IT, schools' administration and a public library, talking to an internal assistant, and its answers. Seven
kinds in equal shares; in each kind five templates that carry values (weight 2) and one hard-negative template with no
label (weight 3), so about 23 % of the texts are hard negatives."""

from __future__ import annotations

import random
from collections import defaultdict

from tests.dlp_eval.templates import SLOT, Doc, Registry, Template

from .snippets import Creds
from .values import Person, Values

KINDS = ("citizen", "admissions", "finance", "exports", "logs", "it", "chat")


def kind_of(genre: str) -> str:
    return genre.removeprefix("answer_").split("_")[0]


class EqualKinds(Registry):
    """Draws the same number of texts for every kind, shared among its templates by weight (largest remainder)."""

    def draw(self, rng: random.Random, count: int) -> list[Template]:
        by_kind: dict[str, list[Template]] = defaultdict(list)
        for t in self.templates:
            by_kind[kind_of(t.genre)].append(t)
        order: list[Template] = []
        for i, kind in enumerate(KINDS):
            n = count // len(KINDS) + (1 if i < count % len(KINDS) else 0)
            tpls = by_kind[kind]
            total = sum(t.weight for t in tpls)
            quotas = [n * t.weight / total for t in tpls]
            counts = [int(q) for q in quotas]
            rest = sorted(range(len(tpls)), key=lambda j: (counts[j] - quotas[j], j))
            for j in rest[:n - sum(counts)]:
                counts[j] += 1
            order += [t for t, c in zip(tpls, counts) for _ in range(c)]
        return order


class Made(Values):
    """The corpus's values: PII and hard negatives (Values) and credential snippets (Creds)."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.creds = Creds(self)


REGISTRY = EqualKinds("b22")
T = REGISTRY.template
NEGATIVE = frozenset()  # filled below, once every template is registered


def fill(d: Doc, template: str, **slots: object) -> None:
    """`template` with ⟨name⟩ slots; a slot may be a piece or a list of pieces."""
    pos = 0
    for m in SLOT.finditer(template):
        d.add(template[pos:m.start()])
        value = slots[m.group(1)]
        if isinstance(value, list):
            d.add(*value)
        else:
            d.add(value)  # type: ignore[arg-type]
        pos = m.end()
    d.add(template[pos:])


def code_block(pieces: list, lang: str = "") -> list:
    return [f"```{lang}\n", *pieces, "\n```"]


STREETS = ("Station Road", "Elm Grove", "Mill Lane", "Church Street", "Bridge Street", "Orchard Close", "Kings Road",
           "Meadow View", "Victoria Terrace", "Canal Walk")
LANGS = ("en", "de", "fr", "es", "pt", "it", "nl", "sv", "pl", "tr")
GREET = {"en": "Dear", "de": "Sehr geehrte/r", "fr": "Bonjour", "es": "Estimado/a", "pt": "Prezado/a", "it": "Gentile",
         "nl": "Beste", "sv": "Hej", "pl": "Szanowna Pani / Szanowny Panie", "tr": "Sayın"}
CLOSE = {"en": "Kind regards,", "de": "Mit freundlichen Grüßen", "fr": "Cordialement,", "es": "Atentamente,",
         "pt": "Atenciosamente,", "it": "Cordiali saluti,", "nl": "Met vriendelijke groet,", "sv": "Med vänliga hälsningar,",
         "pl": "Z poważaniem,", "tr": "Saygılarımla,"}
LANG_CULTURES = {"en": ("english", "irish", "north_american", "maori", "australian", "nigerian", "ghanaian", "indian",
                        "kenyan", "pakistani", "bangladeshi", "chinese", "ethiopian", "thai", "indonesian", "japanese",
                        "korean", "vietnamese", "israeli", "egyptian", "gulf", "greek", "finnish", "czech", "norwegian"),
                 "de": ("german", "austrian_swiss"), "fr": ("french", "belgian", "moroccan", "quebecois"),
                 "es": ("spanish", "colombian", "chilean"), "pt": ("portuguese", "brazilian"), "it": ("italian",),
                 "nl": ("dutch", "belgian"), "sv": ("swedish",), "pl": ("polish",), "tr": ("turkish",)}


def person_for(v: Values, lang: str) -> Person:
    return v.person(v.pick(LANG_CULTURES[lang]))


def named(v: Values, p: Person) -> object:
    """A person's name as a text writes it in running prose: mostly the full name, sometimes initials or first name."""
    form = v.pick(("full", "full", "full", "western", "initials", "first"))
    return getattr(p, form)()


# ================================================================================================================
# citizen: residents writing to councils, tax and benefits offices; the library
# ================================================================================================================


@T("citizen_council_tax", weight=2)
def citizen_council_tax(v: Made, d: Doc) -> None:
    p, staff = person_for(v, "en"), v.person()
    street = v.neg("named_place") if v.chance(0.3) else v.pick(STREETS)
    fill(d, "Can you help me reply to this? Resident wants the single person discount backdated.\n\n---\n"
            "From: ⟨name⟩ <⟨email⟩>\nSubject: Council tax account ⟨ref⟩ - single person discount\n\n"
            "Dear Sir or Madam,\n\nMy partner moved out on ⟨date⟩ and I have lived alone at ⟨no⟩ ⟨street⟩, ⟨pc⟩ since then. "
            "Please apply the single person discount from that date. You can reach me on ⟨phone⟩ during the day; my National Insurance number is ⟨nino⟩.⟨pay⟩\n\n"
            "Yours faithfully,\n⟨name2⟩\n---\n\nI'm ⟨staff⟩ in the revenues team, keep it short please.",
         name=p.full(), email=v.email(p), ref=v.neg("council_tax_ref"), date=v.neg("date"), no=str(v.rng.randint(2, 140)),
         street=street, pc=v.neg("uk_postcode"), phone=v.phone("GB"), nino=v.neg("ni_number"), name2=p.full(), staff=staff.first(),
         pay=[" I'd like to clear the arrears now, please take it from my card ", v.card(), ", expiry ", v.expiry(), "."]
         if v.chance(0.4) else "")


@T("citizen_parking_appeal", weight=2)
def citizen_parking_appeal(v: Made, d: Doc) -> None:
    p = person_for(v, "en")
    officer = v.person()
    fill(d, "Appeal received via the online form, please assess whether the grounds are valid under the policy.\n\n"
            "PCN: ⟨pcn⟩\nVehicle: ⟨reg⟩\nAppellant: ⟨name⟩\nContact: ⟨phone⟩ / ⟨email⟩\n\n"
            "\"I was loading shopping for my elderly mother outside ⟨school⟩ and was back within four minutes. "
            "The CEO did not observe for the required time. I paid the reduced charge ⟨masked⟩ to avoid the "
            "increase but I want it refunded.\"\n\nCEO notes (⟨officer⟩): vehicle observed 08:41-08:47, no loading seen.⟨extra⟩",
         pcn=v.neg("pcn"), reg=v.pick(("LK19 XVR", "BD68 ZTP", "YH21 OKA", "SN70 GHE")), name=v.pick((p.full(), p.surname_first(True))),
         phone=v.phone(v.pick(("GB", "IE"))), email=v.email(p), school=v.neg("named_school"), masked=["by card (", v.neg("masked_card"), ")"] if v.chance(0.5) else "online",
         officer=v.pick((officer.initials(), officer.full())),
         extra=["\nPayment record: card ", v.card(), " charged £35.00 on ", v.neg("date")] if v.chance(0.6) else "")


@T("citizen_foi_request", weight=2)
def citizen_foi_request(v: Made, d: Doc) -> None:
    lang = v.pick(("en", "en", "de", "en"))
    p = person_for(v, lang)
    case = v.person()
    if lang == "de":
        fill(d, "Bitte diesen IFG-Antrag erfassen und eine Eingangsbestätigung entwerfen.\n\n"
                "Von: ⟨name⟩ <⟨email⟩>\nBetreff: Antrag nach dem Informationsfreiheitsgesetz\n\n"
                "Sehr geehrte Damen und Herren,\n\nich beantrage Zugang zu den Verträgen der Stadt Kellbach mit dem Betreiber "
                "der Parkraumbewirtschaftung seit 2021. Bitte senden Sie die Unterlagen elektronisch. Rückfragen gern unter "
                "⟨phone⟩.\n\nMit freundlichen Grüßen\n⟨name2⟩\n\nAktenzeichen intern: ⟨ref⟩, Sachbearbeitung: ⟨case⟩",
             name=p.full(), email=v.email(p), phone=v.phone(v.pick(("DE", "AT", "CH"))), name2=p.full(), ref=v.neg("foi_ref"),
             case=case.full())
        return
    fill(d, "Log this FOI request and suggest which department it goes to.\n\nFrom: ⟨email⟩\nTo: ⟨foi⟩\n\n"
            "Under the Freedom of Information Act please provide the number of school admission appeals heard by the "
            "council in each of the last three academic years, broken down by school, including ⟨school⟩. "
            "Please reply by e-mail.\n\nThanks,\n⟨name⟩\n\nRef allocated: ⟨ref⟩ - due ⟨due⟩. Owner: ⟨case⟩",
         email=v.email(p), foi=v.mailbox("foi"), school=v.neg("named_school"), name=p.full(), ref=v.neg("foi_ref"),
         due=v.neg("date"), case=case.first())


@T("citizen_benefit_casenote", weight=2)
def citizen_benefit_casenote(v: Made, d: Doc) -> None:
    lang = v.least("case_lang", ("en", "de", "fr", "nl"))
    p = person_for(v, lang)
    cw = v.person()
    if lang == "en":
        fill(d, "Turn these case notes into a summary for the decision maker.\n\n"
                "Claimant: ⟨sname⟩   NINO: ⟨nino⟩   Case: ⟨case⟩\n"
                "⟨d1⟩ - call from claimant on ⟨phone⟩, reports change of address and new tenancy at ⟨pc⟩. "
                "Rent £⟨rent⟩ pcm. Landlord details to follow.\n"
                "⟨d2⟩ - payslips received for ⟨first⟩'s partner, earnings below threshold. Payment to continue to account "
                "⟨iban⟩.\nCaseworker: ⟨cw⟩",
             sname=p.surname_first(upper=True), nino=v.neg("ni_number"), case=v.neg("case_ref"), d1=v.neg("date"),
             phone=v.phone("GB"), pc=v.neg("postcode"), rent=v.money(500, 1600), d2=v.neg("date"), first=p.first(),
             iban=v.iban("GB"), cw=cw.initials())
    elif lang == "de":
        fill(d, "Bitte fasse den Vermerk für die Bescheidung zusammen.\n\nAntragsteller/in: ⟨sname⟩\n"
                "Steuer-ID: ⟨tax⟩, Aktenzeichen ⟨case⟩\nAm ⟨d1⟩ persönlich vorgesprochen, Wohngeldantrag vollständig. "
                "Auszahlung auf ⟨iban⟩ (⟨bic⟩). Telefonisch erreichbar unter ⟨phone⟩.\nBearbeitet: ⟨cw⟩",
             sname=p.surname_first(), tax=v.neg("steuer_id"), case=v.neg("case_ref"), d1=v.neg("date"),
             iban=v.iban(v.pick(("DE", "AT"))), bic=v.neg("bic"), phone=v.phone("DE"), cw=cw.full())
    elif lang == "fr":
        fill(d, "Peux-tu résumer cette note pour la commission ?\n\nBénéficiaire : ⟨sname⟩\nDossier ⟨case⟩ - "
                "entretien du ⟨d1⟩ avec ⟨title⟩ ⟨last⟩. Demande d'aide au logement, versement sur le compte ⟨iban⟩. "
                "Joignable au ⟨phone⟩.\nAgent : ⟨cw⟩",
             sname=p.surname_first(upper=True, comma=False), case=v.neg("case_ref"), d1=v.neg("date"),
             title=v.title("fr"), last=p.last(), iban=v.iban(v.pick(("FR", "BE"))), phone=v.phone(v.pick(("FR", "BE"))),
             cw=cw.full())
    else:
        fill(d, "Kun je dit dossier samenvatten voor de beslisser?\n\nAanvrager: ⟨sname⟩, BSN ⟨bsn⟩\n"
                "Zaak ⟨case⟩: bijzondere bijstand aangevraagd op ⟨d1⟩. Uitbetaling op ⟨iban⟩. Telefoon ⟨phone⟩.\n"
                "Klantmanager: ⟨cw⟩",
             sname=p.full(), bsn=v.neg("bsn"), case=v.neg("case_ref"), d1=v.neg("date"), iban=v.iban(v.pick(("NL", "BE"))),
             phone=v.phone("NL"), cw=cw.full())


@T("answer_citizen_reply", completion=True, weight=2)
def answer_citizen_reply(v: Made, d: Doc) -> None:
    p = person_for(v, "en")
    staff = v.person()
    fill(d, "Here's a draft you can send:\n\nDear ⟨title⟩ ⟨last⟩,\n\nThank you for your e-mail about reference ⟨ref⟩. "
            "I have reviewed your account and applied the change from ⟨date⟩; a revised bill will follow within ten working "
            "days. If anything is unclear, please call us on ⟨phone⟩ or write to ⟨box⟩.\n\nYours sincerely,\n\n⟨staff⟩\n"
            "Revenues and Benefits, Ashvale Borough Council\n\nYou may want to remove the direct line if it's your own.",
         title=v.title("en"), last=p.last(), ref=v.neg(v.pick(("council_tax_ref", "case_ref", "pcn"))), date=v.neg("date"),
         phone=v.phone("GB", "national"), box=v.mailbox(v.pick(("revenues", "benefits", "counciltax")), "ashvale.gov.uk"),
         staff=staff.full())


@T("citizen_neg_library", weight=3)
def citizen_neg_library(v: Made, d: Doc) -> None:
    rows = []
    for _ in range(v.rng.randint(3, 5)):
        rows += [v.pick(("Public Administration: An Introduction", "Data Protection in Practice", "The Planning System",
                         "Local Government Finance", "Social Policy Today", "A Short History of Council Housing",
                         "Statistics for Social Science", "Beginner's Welsh", "Grammaire progressive du français")),
                 " | ISBN ", v.neg("isbn"), " | item ", v.neg("library_barcode"), " | due ", v.neg("date"), "\n"]
    fill(d, "Tidy this into a notice for the ⟨place⟩ branch (⟨pc⟩): reservations waiting more than 7 days.\n\n⟨rows⟩\n"
            "Collection point moved to ⟨room⟩ while the ⟨place2⟩ is refurbished. Any queries: FOI and complaints "
            "reference format is ⟨foi⟩.",
         place=v.neg("named_place"), pc=v.neg(v.pick(("postcode", "uk_postcode"))), rows=rows, room=v.neg("room"), place2=v.neg("named_place"), foi=v.neg("foi_ref"))


# ================================================================================================================
# admissions: applicants, enrolment, registry
# ================================================================================================================


@T("admissions_applicant_email", weight=2)
def admissions_applicant_email(v: Made, d: Doc) -> None:
    p, referee = v.person(), v.person()
    fill(d, "Summarise this and tell me which documents are still missing.\n\n"
            "From: ⟨name⟩ <⟨email⟩>\nSubject: Application ⟨app⟩ - MSc Public Policy (⟨course⟩)\n\n"
            "Dear Admissions Team,\n\nI have uploaded my degree certificate and transcript. My English test was taken on "
            "⟨date⟩ (⟨grade⟩) and I am also applying for the ⟨sch⟩. My referee is ⟨ref⟩ (⟨refmail⟩, ORCID ⟨orcid⟩). "
            "WhatsApp: ⟨phone⟩\n\nBest wishes,\n⟨first⟩",
         name=p.full(), email=v.email(p), app=v.neg(v.pick(("ucas_id", "student_id"))), course=v.neg("course_code"),
         date=v.neg("date"), grade=v.neg("grade"), sch=v.neg("scholarship"),
         ref=v.pick((referee.full(), referee.initials())), refmail=v.email(referee, "university"), orcid=v.neg("orcid"),
         phone=v.phone(),
         first=p.first())


@T("admissions_transcript_request", weight=2)
def admissions_transcript_request(v: Made, d: Doc) -> None:
    p = v.person()
    other = v.person()
    fill(d, "Portal request, can you check it's complete before I send it to the registry?\n\n"
            "Request type: Official transcript (sealed) + enrolment letter\nStudent: ⟨sname⟩\nStudent ID: ⟨sid⟩\n"
            "Login: ⟨login⟩\nNational ID / tax no. (as on passport form): ⟨natid⟩\nDate of birth: ⟨dob⟩\nName on certificate: ⟨full⟩\nProgramme: ⟨course⟩, graduated ⟨grad⟩\n"
            "Send to: ⟨other⟩, Graduate Admissions, ⟨othermail⟩\nContact phone: ⟨phone⟩\nNotes: previously known as "
            "⟨prev⟩ (name change by deed poll)⟨fee⟩",
         sname=p.surname_first(upper=v.chance(0.5)), sid=v.neg("student_id"), login=v.neg("login"),
         natid=v.neg(v.least("natid", ("steuer_id", "bsn", "pps", "sin", "tfn", "ni_number"))), dob=v.dob(),
         full=p.full(), course=v.neg("course_code"), grad=v.neg("date"), other=other.full(),
         othermail=v.email(other, "university"), phone=v.phone(), prev=v.person(p.culture).full(),
         fee=["\nFee: £15, paid by card ", v.card(), " exp ", v.expiry()] if v.chance(0.6) else "")


@T("admissions_portal_thread", weight=2)
def admissions_portal_thread(v: Made, d: Doc) -> None:
    p, officer = v.person(), v.person()
    fill(d, "Can you suggest a reply to the last message in this portal thread?\n\n"
            "[⟨d1⟩] Admissions (⟨o1⟩): Hi ⟨p1⟩, your CAS can't be issued until we have the bank statement covering 28 "
            "days. Kind regards, ⟨o2⟩\n"
            "[⟨d2⟩] ⟨p2⟩: Hi ⟨o3⟩, my sponsor's letter is attached, the bank statement is in my father's name "
            "(⟨father⟩). Can that work? You can call me on ⟨phone⟩.\n"
            "[⟨d3⟩] ⟨p3⟩: sorry, also my student number is ⟨sid⟩",
         d1=v.neg("date"), o1=officer.full(), p1=p.first(), o2=officer.first(), d2=v.neg("date"), p2=p.full(),
         o3=officer.first(), father=v.person(p.culture).full(), phone=v.phone(), d3=v.neg("date"), p3=p.full(),
         sid=v.neg("student_id"))


@T("answer_admissions_summary", completion=True, weight=2)
def answer_admissions_summary(v: Made, d: Doc) -> None:
    d.add("Here is the summary of today's applicant e-mails:\n\n")
    for i in range(v.rng.randint(3, 4)):
        p = v.person()
        fill(d, "⟨i⟩. ⟨name⟩ (⟨email⟩) - ⟨course⟩, ⟨status⟩.\n", i=str(i + 1), name=v.pick((p.full(), p.surname_first())),
             email=v.email(p), course=v.neg("course_code"),
             status=v.pick(("conditional offer, awaiting final transcript", "asks to defer to next September",
                            "IELTS below requirement, suggest pre-sessional", "missing reference, reminder sent",
                            "scholarship query, forward to funding team")))
    officer = v.person()
    fill(d, "\nSuggested owner for the two scholarship queries: ⟨o⟩. None of these need a call, but ⟨first⟩ left a "
            "number (⟨phone⟩) if you prefer.", o=officer.full(), first=officer.first(), phone=v.phone())


@T("answer_admissions_reply", completion=True, weight=2)
def answer_admissions_reply(v: Made, d: Doc) -> None:
    lang = v.least("reply_lang", ("es", "pt", "de", "fr", "tr", "pl", "it", "nl", "sv"))
    p, officer = person_for(v, lang), v.person()
    bodies = {
        "es": "le confirmamos que hemos recibido su solicitud ⟨app⟩. Falta el certificado de notas traducido. Puede "
              "enviarlo a ⟨box⟩ o llamarnos al ⟨phone⟩.",
        "pt": "confirmamos a receção da sua candidatura ⟨app⟩. Falta o histórico escolar traduzido; pode enviá-lo para "
              "⟨box⟩ ou ligar para ⟨phone⟩.",
        "de": "wir bestätigen den Eingang Ihrer Bewerbung ⟨app⟩. Es fehlt noch das übersetzte Zeugnis. Senden Sie es an "
              "⟨box⟩ oder rufen Sie uns an: ⟨phone⟩.",
        "fr": "nous accusons réception de votre candidature ⟨app⟩. Il manque le relevé de notes traduit ; envoyez-le à "
              "⟨box⟩ ou appelez le ⟨phone⟩.",
        "tr": "⟨app⟩ numaralı başvurunuzu aldık. Tercüme edilmiş transkript eksik; ⟨box⟩ adresine gönderebilir veya "
              "⟨phone⟩ numarasını arayabilirsiniz.",
        "pl": "potwierdzamy otrzymanie wniosku ⟨app⟩. Brakuje przetłumaczonego suplementu; prosimy przesłać go na "
              "⟨box⟩ lub zadzwonić pod ⟨phone⟩.",
        "it": "confermiamo la ricezione della sua candidatura ⟨app⟩. Manca il transcript tradotto: può inviarlo a ⟨box⟩ "
              "o chiamare il ⟨phone⟩.",
        "nl": "we hebben je aanmelding ⟨app⟩ ontvangen. Het vertaalde cijferoverzicht ontbreekt nog; stuur het naar "
              "⟨box⟩ of bel ⟨phone⟩.",
        "sv": "vi har tagit emot din ansökan ⟨app⟩. Den översatta betygsutskriften saknas; skicka den till ⟨box⟩ eller "
              "ring ⟨phone⟩.",
    }
    d.add("Here is the reply in the applicant's language:\n\n")
    title = v.title(lang) if lang not in ("sv", "tr", "nl") else ""
    name = p.last() if title else (p.full() if lang != "tr" else p.first())
    fill(d, f"{GREET[lang]} {title + ' ' if title else ''}⟨name⟩,\n\n" + bodies[lang]
         + f"\n\n{CLOSE[lang]}\n⟨officer⟩\nInternational Admissions, University of Northmere",
         name=name, app=v.neg(v.pick(("ucas_id", "student_id"))), box=v.mailbox("admissions", "northmere.ac.uk"),
         phone=v.phone("GB", "intl"), officer=officer.full())


@T("admissions_neg_programme", weight=3)
def admissions_neg_programme(v: Made, d: Doc) -> None:
    fill(d, "Proofread this programme page text:\n\nMSc Education Policy (⟨c1⟩) - taught in the ⟨b1⟩, seminars in "
            "⟨room⟩. Entry: ⟨g1⟩ or equivalent; English ⟨g2⟩. Core modules ⟨c2⟩ and ⟨c3⟩. Applications close ⟨d1⟩ "
            "for the ⟨s1⟩ and ⟨d2⟩ for the ⟨s2⟩. Partner schools for placements include ⟨sc⟩. Published under "
            "⟨foi⟩ on ⟨d3⟩; page version ⟨ver⟩.",
         c1=v.neg("course_code"), b1=v.neg("named_place"), room=v.neg("room"), g1=v.neg("grade"), g2=v.neg("grade"),
         c2=v.neg("course_code"), c3=v.neg("course_code"), d1=v.neg("date"), s1=v.neg("scholarship"), d2=v.neg("date"),
         s2=v.neg("scholarship"), sc=v.neg("named_school"), foi=v.neg("foi_ref"), d3=v.neg("date"), ver=v.neg("version"))


# ================================================================================================================
# finance: fees, financial aid, grants and refunds
# ================================================================================================================


@T("finance_card_payment", weight=2)
def finance_card_payment(v: Made, d: Doc) -> None:
    clerk = v.person()
    fill(d, "Is it OK that these ended up in the shared payments log? If not, what should I do?\n\n"
            "Phone payments ⟨dt⟩ (taken by ⟨clerk⟩)\n", dt=v.neg("date"), clerk=clerk.first())
    for _ in range(v.rng.randint(2, 3)):
        p = v.person()
        fill(d, "- ⟨payer⟩ for student ⟨sname⟩ (⟨sid⟩): card ⟨card⟩ exp ⟨exp⟩, £⟨amt⟩, invoice ⟨inv⟩\n",
             payer=v.person(p.culture).full(), sname=p.surname_first(), sid=v.neg("student_id"), card=v.card(),
             exp=v.expiry(), amt=v.money(50, 4800), inv=v.neg("invoice"))
    fill(d, "Previous card on file for the last one: ⟨masked⟩ (declined). CVVs were given verbally, not written down.",
         masked=v.neg("masked_card"))


@T("finance_aid_verification", weight=2)
def finance_aid_verification(v: Made, d: Doc) -> None:
    p = v.person(v.pick(("north_american", "north_american", "colombian", "chinese", "indian", "nigerian", "korean")))
    parent = v.person(p.culture)
    officer = v.person()
    fill(d, "Check this verification worksheet against the ISIR and list discrepancies.\n\n"
            "Student: ⟨sname⟩   SSN: ⟨ssn⟩   ⟨isir⟩\nDependency: dependent, household size ⟨hs⟩\n"
            "Parent 1: ⟨parent⟩, SSN ⟨pssn⟩, phone ⟨pphone⟩\nParent 2: ⟨p2⟩\n"
            "Student e-mail: ⟨email⟩\nIncome (tax transcript): $⟨inc⟩; ⟨efc⟩\n"
            "Note: parent's bank routing no. ⟨rt⟩ entered in the wrong field; the co-signer's ⟨itin⟩ is an ITIN, and "
            "⟨bad⟩ from the paper form is not a valid SSN. Reviewer: ⟨officer⟩",
         sname=p.surname_first(upper=True), ssn=v.ssn(), isir=v.neg("fafsa_id"), hs=str(v.rng.randint(2, 7)),
         parent=parent.full(), pssn=v.ssn(),
         p2=[v.person(p.culture).full(), ", SSN ", v.ssn()] if v.chance(0.6) else "none listed", pphone=v.phone(v.pick(("US", "US", "CA"))), email=v.email(p, "personal"),
         inc=v.money(12000, 140000), efc=v.neg("fafsa_id"), rt=v.neg("routing_number"), itin=v.neg("itin"), bad=v.neg("bad_ssn"),
         officer=officer.initials())


@T("finance_grant_iban", weight=2)
def finance_grant_iban(v: Made, d: Doc) -> None:
    lang = v.least("grant_lang", ("en", "de", "es", "it", "pl", "sv", "pt", "fr"))
    p = person_for(v, lang)
    country = {"de": ("DE", "AT", "CH"), "es": ("ES",), "it": ("IT",), "pl": ("PL",), "sv": ("SE",), "pt": ("PT", "BR"),
               "fr": ("FR", "BE"), "en": ("IE", "GB", "FI", "NO", "CZ", "GR", "TR", "IL", "PK", "EG")}[lang]
    lines = {
        "en": "Please set up the grant payment below.\n\nPayee: ⟨name⟩\nGrant: ⟨sch⟩, instalment 2 of 3, €⟨amt⟩\n"
              "IBAN: ⟨iban⟩  BIC: ⟨bic⟩\nStudent ID ⟨sid⟩, PPS / NI no. ⟨natid⟩, contact ⟨email⟩",
        "de": "Bitte Auszahlung anlegen.\n\nEmpfänger/in: ⟨name⟩\nFörderung: ⟨sch⟩, Rate 2, ⟨amt⟩ EUR\n"
              "IBAN ⟨iban⟩, BIC ⟨bic⟩\nMatrikelnummer ⟨sid⟩, Steuer-ID ⟨natid⟩, E-Mail ⟨email⟩",
        "es": "Por favor tramita el pago de la beca.\n\nBeneficiario/a: ⟨name⟩\nBeca: ⟨sch⟩, segundo pago, ⟨amt⟩ €\n"
              "IBAN: ⟨iban⟩ (BIC ⟨bic⟩)\nExpediente ⟨sid⟩, correo ⟨email⟩",
        "it": "Per favore registra il pagamento della borsa.\n\nBeneficiario: ⟨name⟩\nBorsa: ⟨sch⟩, seconda rata, € ⟨amt⟩\n"
              "IBAN ⟨iban⟩ - BIC ⟨bic⟩\nMatricola ⟨sid⟩, email ⟨email⟩",
        "pl": "Proszę zlecić wypłatę stypendium.\n\nOdbiorca: ⟨name⟩\nStypendium: ⟨sch⟩, rata 2, ⟨amt⟩ EUR\n"
              "IBAN: ⟨iban⟩, BIC: ⟨bic⟩\nNr albumu ⟨sid⟩, e-mail ⟨email⟩",
        "sv": "Kan du lägga upp utbetalningen?\n\nMottagare: ⟨name⟩\nStipendium: ⟨sch⟩, del 2, ⟨amt⟩ EUR\n"
              "IBAN ⟨iban⟩ BIC ⟨bic⟩\nStudent-ID ⟨sid⟩, e-post ⟨email⟩",
        "pt": "Por favor regista o pagamento da bolsa.\n\nBeneficiário: ⟨name⟩\nBolsa: ⟨sch⟩, 2.ª prestação, ⟨amt⟩ €\n"
              "IBAN: ⟨iban⟩ / BIC ⟨bic⟩\nN.º de estudante ⟨sid⟩, email ⟨email⟩",
        "fr": "Merci de saisir le versement de la bourse.\n\nBénéficiaire : ⟨name⟩\nBourse : ⟨sch⟩, 2e versement, ⟨amt⟩ €\n"
              "IBAN : ⟨iban⟩ - BIC ⟨bic⟩\nN° étudiant ⟨sid⟩, courriel ⟨email⟩",
    }
    fill(d, lines[lang], name=v.pick((p.full(), p.surname_first(upper=True))), sch=v.neg("scholarship"),
         amt=v.money(400, 3000), iban=v.iban(v.pick(country)), bic=v.neg("bic"), sid=v.neg("student_id"), email=v.email(p),
         natid=v.neg({"de": "steuer_id"}.get(lang, v.pick(("pps", "ni_number")))))


@T("finance_refund_batch", weight=2)
def finance_refund_batch(v: Made, d: Doc) -> None:
    d.add("Validate this refund batch before I upload it to the bank portal (semicolon CSV):\n\n"
          "ref;payee;iban;amount_eur;reason\n")
    for _ in range(v.rng.randint(3, 5)):
        p = v.person()
        fill(d, "⟨ref⟩;⟨name⟩;⟨iban⟩;⟨amt⟩;⟨why⟩\n", ref=v.neg("invoice"), name=v.pick((p.surname_first(upper=True), p.full())),
             iban=v.iban(), amt=v.money(50, 4000),
             why=v.pick(("tuition overpayment", "withdrawn before census", "accommodation deposit", "Erasmus top-up",
                         "library deposit")))
    fill(d, "\nLast row failed last time with '⟨bad⟩' - check digits wrong?", bad=v.neg("bad_iban"))


@T("answer_finance_explain", completion=True, weight=2)
def answer_finance_explain(v: Made, d: Doc) -> None:
    p = v.person()
    officer = v.person()
    fill(d, "Draft reply:\n\nHi ⟨first⟩,\n\nThe refund of £⟨amt⟩ for invoice ⟨inv⟩ was sent on ⟨date⟩ to the account "
            "you gave us, ⟨iban⟩. The original payment was taken from the card ⟨masked⟩, which we could not refund "
            "because it has expired. Please allow 3-5 working days for international transfers.\n\nBest wishes,\n"
            "⟨officer⟩\nStudent Finance Office",
         first=p.first(), amt=v.money(100, 6000), inv=v.neg("invoice"), date=v.neg("date"), iban=v.iban(),
         masked=v.neg("masked_card"), officer=officer.full())


@T("finance_neg_fee_schedule", weight=3)
def finance_neg_fee_schedule(v: Made, d: Doc) -> None:
    fill(d, "Why does the payment sandbox reject our test? Fee schedule and error below.\n\n"
            "Tuition (home) £9,250 | invoice prefix ⟨inv⟩\nTuition (international) £21,400 | ⟨inv2⟩\n"
            "Library fine cap £15 | ⟨inv3⟩\nSandbox card: ⟨test⟩ exp 12/34\nLive card last used: ⟨masked⟩\n"
            "Refund account: sort code ⟨sc⟩ acc ⟨acc⟩\nGateway error: 'IBAN ⟨bad⟩ invalid' / 'card ⟨lf⟩ failed check'\n"
            "Scholarship credit: ⟨sch⟩",
         inv=v.neg("invoice"), inv2=v.neg("invoice"), inv3=v.neg("invoice"), test=v.neg("test_card"),
         masked=v.neg("masked_card"), sc=v.neg("sort_code"), acc=v.neg("account_number"), bad=v.neg("bad_iban"),
         lf=v.neg("luhn_fail"), sch=v.neg("scholarship"))


# ================================================================================================================
# exports: exam boards, registry, SIS, timetables
# ================================================================================================================


@T("exports_exam_entries", weight=2)
def exports_exam_entries(v: Made, d: Doc) -> None:
    centre = v.neg("centre_no")
    fill(d, "Find the duplicates in this exam-board entries file (centre ⟨c⟩):\n\n"
            "candidate_no,uci,surname,forenames,dob,spec,component\n", c=centre)
    for _ in range(v.rng.randint(4, 6)):
        p = v.person()
        fill(d, "⟨cn⟩,⟨uci⟩,⟨sur⟩,⟨given⟩,⟨dob⟩,⟨spec⟩,0⟨comp⟩\n", cn=v.neg("candidate_no"), uci=v.neg("uci"),
             sur=p.last(), given=p.first(), dob=v.dob(young=True),
             spec=v.pick(("8300H", "8461F", "J560", "H240", "8702")), comp=str(v.rng.randint(1, 3)))
    d.add("(exported from the MIS this morning)")


@T("exports_registry_tsv", weight=2)
def exports_registry_tsv(v: Made, d: Doc) -> None:
    if v.chance(0.6):
        d.add("Which of these 1098-T records will bounce? Bursar export (tab-separated):\n\n"
              "student_id\tname\tssn\temail\tphone\tbox1_payments\n")
        for _ in range(v.rng.randint(3, 5)):
            p = v.person(v.pick(("north_american", "north_american", "korean", "indian", "colombian", "chinese",
                                 "nigerian", "vietnamese", "israeli")))
            ssn = v.ssn() if v.chance(0.85) else v.neg(v.pick(("itin", "bad_ssn")))
            fill(d, "⟨sid⟩\t⟨name⟩\t⟨ssn⟩\t⟨email⟩\t⟨phone⟩\t⟨amt⟩\n", sid=v.neg("student_id"),
                 name=p.surname_first(upper=True), ssn=ssn, email=v.email(p, "personal"),
                 phone=v.phone(v.pick(("US", "US", "CA")), v.pick(("national", "dashed"))), amt=v.money(800, 30000))
        return
    d.add("Convert this registry export to a table with nationality counts:\n\nstudent_id\tname\temail\tmobile\tnationality\n")
    for _ in range(v.rng.randint(3, 5)):
        p = v.person()
        fill(d, "⟨sid⟩\t⟨name⟩\t⟨email⟩\t⟨phone⟩\t⟨nat⟩\n", sid=v.neg("student_id"),
             name=v.pick((p.surname_first(upper=True), p.surname_first())), email=v.email(p, "student"),
             phone=v.phone(style=v.pick(("e164", "intl"))), nat=p.culture.replace("_", " "))


@T("exports_sis_json", weight=2)
def exports_sis_json(v: Made, d: Doc) -> None:
    d.add("Which of these school records are missing a guardian contact?\n\n```json\n[\n")
    n = v.rng.randint(2, 3)
    for i in range(n):
        p, g = v.person(), v.person()
        tutor = v.person()
        fill(d, '  {"upn": "⟨upn⟩", "student_name": "⟨name⟩", "year": ⟨yr⟩, "tutor": "⟨title⟩ ⟨tutor⟩", '
                '"guardian": "⟨g⟩", "guardian_phone": "⟨gp⟩", "guardian_email": ⟨ge⟩}',
             upn=v.neg("uln"), name=p.full(), yr=str(v.rng.randint(7, 13)), title=v.pick(("Mr", "Ms", "Mrs", "Dr")),
             tutor=tutor.last(), g=g.full(), gp=v.phone(v.pick(("GB", "NZ", "AU", "IE"))),
             ge=['"', v.email(g), '"'] if v.chance(0.6) else "null")
        d.add(",\n" if i < n - 1 else "\n")
    d.add("]\n```")


@T("exports_pipe_timetable", weight=2)
def exports_pipe_timetable(v: Made, d: Doc) -> None:
    d.add("Spot the clashes in this timetable extract:\n\nmodule|room|day|start|end|lecturer\n")
    for _ in range(v.rng.randint(4, 6)):
        t = v.person()
        fill(d, "⟨m⟩|⟨r⟩|⟨day⟩|⟨s⟩:00|⟨e⟩:00|⟨t⟩\n", m=v.neg("course_code"), r=v.neg("room"),
             day=v.pick(("Mon", "Tue", "Wed", "Thu", "Fri")), s=str(v.rng.randint(9, 15)), e=str(v.rng.randint(16, 18)),
             t=v.pick((t.initials(), t.surname_first(), t.full())))
    fill(d, "Room bookings for the ⟨b⟩ are not in this extract.", b=v.neg("named_place"))


@T("answer_exports_cleaned", completion=True, weight=2)
def answer_exports_cleaned(v: Made, d: Doc) -> None:
    d.add("Here's the deduplicated list (duplicates merged on student ID, newest e-mail kept):\n\n```csv\n"
          "student_id,name,email,phone\n")
    for _ in range(v.rng.randint(3, 5)):
        p = v.person()
        fill(d, "⟨sid⟩,\"⟨name⟩\",⟨email⟩,⟨phone⟩\n", sid=v.neg("student_id"), name=p.surname_first(), email=v.email(p),
             phone=v.phone(style="e164"))
    p = v.person()
    fill(d, "```\n\n⟨name⟩'s record had two different dates of birth; I kept the one from the enrolment form.",
         name=p.full())


@T("exports_neg_rooms", weight=3)
def exports_neg_rooms(v: Made, d: Doc) -> None:
    d.add("Summarise room utilisation from this export:\n\nbuilding\troom\tcapacity\tmodule\tdate\tbooked_hours\n")
    for _ in range(v.rng.randint(4, 6)):
        fill(d, "⟨b⟩\t⟨r⟩\t⟨cap⟩\t⟨m⟩\t⟨dt⟩\t⟨h⟩\n", b=v.neg("named_place"), r=v.neg("room"), cap=str(v.rng.randint(12, 300)),
             m=v.neg("course_code"), dt=v.neg("date"), h=str(v.rng.randint(1, 9)))
    fill(d, "Source: timetabling system ⟨ver⟩", ver=v.neg("version"))


# ================================================================================================================
# logs: LMS / SIS, SSO, VPN
# ================================================================================================================


@T("logs_moodle", weight=2)
def logs_moodle(v: Made, d: Doc) -> None:
    d.add("Who deleted the quiz attempts? Moodle log export:\n\nTime,User full name,Affected user,Event name,Origin,IP address\n")
    teacher = v.person()
    for _ in range(v.rng.randint(3, 5)):
        s = v.person()
        fill(d, "\"⟨dt⟩, ⟨tm⟩\",⟨u⟩,⟨a⟩,⟨ev⟩,web,⟨ip⟩\n", dt=v.date("uk"), tm=v.time()[:5],
             u=v.pick((teacher.full(), s.full())), a=s.full(),
             ev=v.pick(("Quiz attempt deleted", "Course viewed", "Submission updated", "User graded", "Quiz attempt reviewed")),
             ip=v.ipv4())
    d.add("The course is ")
    d.add(v.neg("course_code"))


@T("logs_sso", weight=2)
def logs_sso(v: Made, d: Doc) -> None:
    d.add("Are these sign-ins suspicious? (Entra ID export, trimmed)\n\n")
    p = v.person()
    upn = v.email(p, "staff")
    for _ in range(v.rng.randint(2, 4)):
        fill(d, '{"createdDateTime": "⟨dt⟩T⟨tm⟩Z", "userPrincipalName": "⟨upn⟩", "appDisplayName": "⟨app⟩", '
                '"ipAddress": "⟨ip⟩", "location": "⟨loc⟩", "status": "⟨st⟩", "correlationId": "⟨g⟩"}\n',
             dt=v.date(), tm=v.time(), upn=upn, app=v.pick(("Moodle", "Office 365 Exchange Online", "SITS:Vision",
                                                                    "Canvas LMS", "Council Tax Portal")),
             ip=v.ip(), loc=v.pick(("GB", "NG", "IN", "BR", "DE", "VN", "US", "TR")),
             st=v.pick(("success", "failure: 50126 invalid password", "interrupted: MFA required")), g=v.neg("guid"))
    fill(d, "\nThe user is ⟨name⟩ from the registry; ⟨first⟩ says she was at home all week.", name=p.full(), first=p.first())


@T("logs_vpn", weight=2)
def logs_vpn(v: Made, d: Doc) -> None:
    p = v.person()
    fill(d, "Explain what happened in this VPN log:\n\n"
            "⟨dt⟩ 07:5⟨t1⟩ gp-gw01 GlobalProtect gateway user authentication succeeded. User name: ⟨login⟩, "
            "Login from: ⟨pub⟩, Source region: ⟨rg⟩, Client OS version: ⟨ver⟩\n"
            "⟨dt⟩ 08:0⟨t2⟩ gp-gw01 Assigned private IP ⟨priv⟩ / ⟨v6⟩ to ⟨login2⟩ (NORTHMERE\\⟨handle⟩)\n"
            "⟨dt⟩ 09:⟨t3⟩ gp-gw01 Tunnel dropped, peer ⟨pub2⟩ timeout\nUser's home postcode on file: ⟨pc⟩",
         dt=v.date(), t1=f"{v.rng.randint(0, 9)}:{v.rng.randint(10, 59)}", login=v.neg("login"), pub=v.ipv4(False), rg=v.pick(("GB", "IN", "CN", "NG", "PK")),
         ver=v.neg("version"), t2=f"{v.rng.randint(0, 9)}:{v.rng.randint(10, 59)}", priv=v.ipv4(True), v6=v.ipv6(v.chance(0.5)), login2=v.neg("login"),
         handle=p.handle(), t3=f"{v.rng.randint(10, 59)}:{v.rng.randint(10, 59)}", pub2=v.ipv4(False),
         pc=v.neg(v.pick(("postcode", "uk_postcode"))))


@T("logs_canvas_api", weight=2)
def logs_canvas_api(v: Made, d: Doc) -> None:
    kind, _, snippet = v.creds.snippet(kind=v.pick(("jwt", "bearer_token")))
    p = v.person()
    fill(d, "Our SIS import to Canvas returns 401 since this morning. Request log:\n\n"
            "⟨tm⟩ POST /api/v1/accounts/1/sis_imports?import_type=instructure_csv from ⟨ip⟩\n⟨snip⟩\n"
            "⟨tm2⟩ 401 {\"errors\":[{\"message\":\"Invalid access token.\"}]} user ⟨email⟩ request_id ⟨g⟩\n"
            "It worked yesterday when ⟨name⟩ ran it from ⟨ip2⟩.",
         tm=v.time(), ip=v.ipv4(True), snip=snippet, tm2=v.time(), email=v.email(p, "staff"), g=v.neg("guid"),
         name=p.full(), ip2=v.ip())
    if v.chance(0.7):
        _, _, snip = v.creds.snippet("env")
        d.add("\nThe job's environment has ", *snip, " - is that still valid?")


@T("answer_logs_analysis", completion=True, weight=2)
def answer_logs_analysis(v: Made, d: Doc) -> None:
    a, b = v.person(), v.person()
    fill(d, "Looking at the log, two accounts stand out:\n\n"
            "- ⟨ea⟩ (⟨na⟩): 14 failed sign-ins from ⟨ip1⟩ within ten minutes, then a success from ⟨ip2⟩. That pattern "
            "fits password spraying followed by a real login; reset the password and revoke sessions.\n"
            "- ⟨eb⟩ (⟨nb⟩): successful sign-ins from ⟨ip3⟩ and ⟨ip4⟩ an hour apart - likely the campus VPN, since "
            "the second address is in your internal range.\n\nThe other entries (the ⟨ver⟩ client update checks) "
            "are normal.",
         ea=v.email(a, "staff"), na=a.full(), ip1=v.ipv4(False), ip2=v.ip(), eb=v.email(b, "student"), nb=b.full(),
         ip3=v.ipv4(False), ip4=v.ipv4(True), ver=v.neg("version"))


@T("logs_neg_upgrade", weight=3)
def logs_neg_upgrade(v: Made, d: Doc) -> None:
    fill(d, "Is this Moodle upgrade log OK?\n\n"
            "[⟨d1⟩] upgrading from ⟨v1⟩ to ⟨v2⟩ (build ⟨sha⟩)\n[⟨d1⟩] mod_quiz: ⟨v3⟩ ... success\n"
            "[⟨d1⟩] test mail to ⟨ex⟩ via relay ⟨dip⟩ ... queued\n[⟨d1⟩] cache store id ⟨g⟩\n"
            "[⟨d1⟩] LDAP schema OID ⟨oid⟩ registered, NIC ⟨mac⟩\n[⟨d1⟩] webservice token: ⟨ph⟩ (set after upgrade)\n"
            "[⟨d1⟩] done in 412.3 s, docs host ⟨dip2⟩",
         d1=v.neg("date"), v1=v.neg("version"), v2=v.neg("version"), sha=v.neg("commit_sha"), v3=v.neg("version"),
         ex=v.neg("example_email"), dip=v.neg("doc_ip"), g=v.neg("guid"), oid=v.neg("oid"), mac=v.neg("mac"),
         ph=v.neg("placeholder"), dip2=v.neg("doc_ip"))


# ================================================================================================================
# it: helpdesk tickets, scripts, configs
# ================================================================================================================

APPS = ("the admissions CRM connector", "the council tax e-billing job", "the library self-issue kiosks",
        "the SITS to Canvas sync", "the parking permits portal", "the FOI case tracker", "the school MIS export",
        "the timetable publisher", "the benefits document scanner")


@T("it_ticket", weight=2)
def it_ticket(v: Made, d: Doc) -> None:
    p = v.person()
    fill(d, "Triage this helpdesk ticket and tell me what to do first.\n\nTicket ⟨tn⟩\nRequester: ⟨name⟩ <⟨email⟩>, "
            "ext / mobile ⟨phone⟩\nService: ⟨app⟩\n\nDescription: since the weekend ⟨app⟩ fails. I tried this:\n",
         tn=v.neg("ticket_no"), name=p.full(), email=v.email(p, "staff"), phone=v.phone(), app=v.pick(APPS))
    for i in range(v.rng.randint(3, 4)):
        if i >= 2 and len(d.text) > 850:
            break
        _, style, snip = v.creds.snippet()
        d.add(*(snip if style == "prose" else code_block(snip)))
        d.add("\n" if i else "\nand then\n")
    fill(d, "Thanks, ⟨first⟩", first=p.first())


@T("it_env_file", weight=2)
def it_env_file(v: Made, d: Doc) -> None:
    fill(d, "Why does ⟨app⟩ not pick up these settings? .env:\n\n```\nAPP_ENV=production\nTENANT_ID=⟨g⟩\n",
         app=v.pick(APPS), g=v.neg("guid"))
    for _ in range(v.rng.randint(5, 7)):
        if len(d.text) > 950:
            break
        _, _, snip = v.creds.snippet("env")
        d.add(*snip, "\n")
    fill(d, "SMTP_FROM_NAME=\"Registry\"\nSENTRY_DSN=⟨ph⟩\n```", ph=v.neg("placeholder"))


@T("it_script", weight=2)
def it_script(v: Made, d: Doc) -> None:
    p = v.person()
    fill(d, "Refactor this so the secrets come from Key Vault:\n\n```\n# sync job - author ⟨name⟩ <⟨email⟩>\n",
         name=p.full(), email=v.email(p, "staff"))
    for _ in range(v.rng.randint(4, 5)):
        if len(d.text) > 950:
            break
        _, _, snip = v.creds.snippet("code")
        d.add(*snip, "\n")
    fill(d, "# owner: ⟨handle⟩, last run ⟨date⟩\n```", handle=p.handle("_"), date=v.neg("date"))


@T("it_config_yaml", weight=2)
def it_config_yaml(v: Made, d: Doc) -> None:
    fill(d, "Review this config before it goes to the ⟨svc⟩ server:\n\n```yaml\nservice: ⟨svc⟩\nsettings:\n",
         svc=v.pick(("idm-sync", "koha-sip2", "moodle-cron", "revs-ebilling", "foi-tracker")))
    for _ in range(v.rng.randint(4, 6)):
        if len(d.text) > 950:
            break
        _, _, snip = v.creds.snippet("yaml")
        d.add(*snip, "\n")
    fill(d, "  vault_ref: ⟨ref⟩\n```", ref=v.neg("secret_ref"))


@T("answer_it_fix", completion=True, weight=2)
def answer_it_fix(v: Made, d: Doc) -> None:
    p = v.person()
    fill(d, "The bind fails because the service account's password was rotated but the job still sends the old one. "
            "Here is your snippet with the corrected values, ⟨first⟩ - but please move these out of the file:\n\n",
         first=p.first())
    for i in range(v.rng.randint(2, 4)):
        if i >= 2 and len(d.text) > 850:
            break
        _, style, snip = v.creds.snippet()
        d.add(*(snip if style == "prose" else code_block(snip)), "\n")
    d.add("Then rotate the ones above, since they have been shared in this chat.")


@T("answer_it_neg_howto", completion=True, weight=3)
def answer_it_neg_howto(v: Made, d: Doc) -> None:
    fill(d, "To connect the SIS sync to Key Vault instead of a plain file:\n\n1. Create an app registration and note the "
            "tenant ID (⟨g⟩) and client ID (⟨g2⟩).\n2. In the config, replace the password with ⟨ref⟩ and the API "
            "token with ⟨ref2⟩.\n3. For local testing keep `API_KEY=⟨ph⟩` and use ⟨ex⟩ as the notification address.\n"
            "4. The exam board's drop is `sftp ⟨ssh⟩` with the key from the vault. The test relay in the docs is ⟨dip⟩; your build ⟨sha⟩ already has the fix from ⟨ver⟩.",
         g=v.neg("guid"), g2=v.neg("guid"), ref=v.neg("secret_ref"), ref2=v.neg("secret_ref"), ph=v.neg("placeholder"),
         ex=v.neg("example_email"), ssh=v.neg("ssh_target"), dip=v.neg("doc_ip"), sha=v.neg("commit_sha"),
         ver=v.neg("version"))


# ================================================================================================================
# chat: staff Teams / Slack
# ================================================================================================================


@T("chat_slack_thread", weight=2)
def chat_slack_thread(v: Made, d: Doc) -> None:
    a, b, c = v.person(), v.person(), v.person()
    fill(d, "what's the takeaway from this thread?\n\n@⟨ha⟩: anyone know why the enrolment kiosk in ⟨room⟩ is down?\n"
            "@⟨hb⟩: ⟨la⟩ it's the service account again, ⟨lc⟩ changed it friday\n@⟨hc⟩: yep sorry. ",
         ha=a.handle(), room=v.neg("room"), hb=b.handle(), la=a.lower(), lc=c.lower(), hc=c.handle())
    _, style, snip = v.creds.snippet(v.pick(("prose", "env", None)))
    d.add(*(snip if style == "prose" else code_block(snip)))
    if v.chance(0.4):
        _, style, snip = v.creds.snippet()
        fill(d, "\n@⟨hc⟩: and for the other box ", hc=c.handle())
        d.add(*(snip if style == "prose" else code_block(snip)))
    fill(d, "\n@⟨ha⟩: thanks ⟨lc⟩ 👍", ha=a.handle(), lc=c.lower())


@T("chat_teams_export", weight=2)
def chat_teams_export(v: Made, d: Doc) -> None:
    a, b = v.person(), v.person()
    s = v.person()
    fill(d, "Summarise this Teams chat for the case file:\n\n[09:12] ⟨a⟩\n⟨s⟩ came to the desk again about the "
            "hardship fund, she's very upset\n[09:14] ⟨b⟩\nok. did she give a number?\n[09:15] ⟨a2⟩\n⟨ph⟩, and her "
            "e-mail is ⟨em⟩\n[09:17] ⟨b2⟩\nthanks ⟨af⟩, I'll call her after the panel in ⟨room⟩",
         a=a.surname_first(), s=s.full(), b=b.surname_first(), a2=a.surname_first(), ph=v.phone(), em=v.email(s),
         b2=b.surname_first(), af=a.first(), room=v.neg("room"))


@T("chat_password_share", weight=2)
def chat_password_share(v: Made, d: Doc) -> None:
    a, b = v.person(), v.person()
    fill(d, "is it a problem that this was posted in the team channel?\n\n⟨a⟩: ⟨lb⟩ can you check the exam upload "
            "tonight? I'm off tomorrow\n⟨a2⟩: ", a=a.first(), lb=b.lower(), a2=a.first())
    _, style, snip = v.creds.snippet("prose")
    d.add(*snip)
    if v.chance(0.8):
        _, style, snip = v.creds.snippet()
        d.add("\n", *(snip if style == "prose" else code_block(snip)))
    fill(d, "\n⟨b⟩: got it, thx", b=b.first())


@T("chat_handover", weight=2)
def chat_handover(v: Made, d: Doc) -> None:
    a, b, s = v.person(), v.person(), v.person()
    fill(d, "turn this handover into a to-do list pls\n\n⟨la⟩: handover for tomorrow - ⟨s⟩ (⟨sid⟩) still waiting on "
            "the council tax exemption letter, call ⟨ph⟩ after 2pm. ⟨sf⟩'s guardian ⟨g⟩ also rang, wants a call "
            "back.\n⟨lb⟩: 👍 will do. ⟨em⟩ is bouncing btw\n⟨la2⟩: use the personal one on file then",
         la=a.lower(), s=v.pick((s.full(), s.lower_full())), sid=v.neg("student_id"), ph=v.phone(), sf=s.first(),
         g=v.person(s.culture).full(), lb=b.lower(), em=v.email(s, "student"), la2=a.lower())


@T("answer_chat_summary", completion=True, weight=2)
def answer_chat_summary(v: Made, d: Doc) -> None:
    a, b, s = v.person(), v.person(), v.person()
    fill(d, "Summary of the thread:\n\n- ⟨a⟩ reported that ⟨s⟩ is still waiting for the enrolment letter needed for "
            "her visa appointment on ⟨date⟩.\n- ⟨b⟩ will call her on ⟨ph⟩ today and send the letter to ⟨em⟩.\n"
            "- Open question: whether the ⟨sch⟩ covers the late fee.\n\nAction owner: ⟨b2⟩.",
         a=a.first(), s=s.full(), date=v.neg("date"), b=b.first(), ph=v.phone(), em=v.email(s), sch=v.neg("scholarship"),
         b2=b.full())


@T("chat_neg_bots", weight=3)
def chat_neg_bots(v: Made, d: Doc) -> None:
    fill(d, "why is the bot channel so noisy? last posts:\n\n[timetable-bot] ⟨m⟩ moved to ⟨r⟩ (⟨b⟩) from ⟨dt⟩\n"
            "[helpdesk-bot] ⟨tn⟩ resolved, ⟨tn2⟩ opened (priority 3)\n[deploy-bot] moodle ⟨ver⟩ deployed, commit ⟨sha⟩\n"
            "[library-bot] ⟨isbn⟩ returned at ⟨b2⟩\n[foi-bot] ⟨foi⟩ due ⟨dt2⟩",
         m=v.neg("course_code"), r=v.neg("room"), b=v.neg("named_place"), dt=v.neg("date"), tn=v.neg("ticket_no"),
         tn2=v.neg("ticket_no"), ver=v.neg("version"), sha=v.neg("commit_sha"), isbn=v.neg("isbn"), b2=v.neg("named_place"),
         foi=v.neg("foi_ref"), dt2=v.neg("date"))


NEGATIVE = frozenset(t.genre for t in REGISTRY.templates if "_neg_" in t.genre)
