"""The nineteenth corpus's templates: health-insurance and healthcare-administration staff and their internal
assistant, in seven kinds (claims, member services, clinical data exchange, provider network, pharmacy benefit, the
payer's IT, operations chat). Genres are `<kind>_<form>`; `answer_<kind>_<form>` are the assistant's answers
(completions); `<kind>_neg_<form>` texts carry hard negatives only. Templates write through tests/dlp_blind9/build.py's
span-keeping Doc."""

from __future__ import annotations

from tests.dlp_blind9.build import Doc, Registry
from tests.dlp_eval.corpus import N, V

from .snippets import credential
from .values import Values

REGISTRY = Registry("b19")
template = REGISTRY.template
KINDS = ("claims", "member", "clinical", "provider", "pharmacy", "it", "chat")
NEG_WEIGHT = 1.3


def kind_of(genre: str) -> str:
    return genre.removeprefix("answer_").split("_")[0]


def _addr(d: Doc, v: Values) -> None:
    city, st, z = v.city()
    d.w(f"{v.street()}, {city}, {st} {z}")


# ================================================================================================ claims


@template("claims_edi837")
def claims_edi837(d: Doc, v: Values) -> None:
    sub, pat = v.person(), v.person()
    city, st, z = v.city()
    d.w("Can you tell me why this 837P keeps getting a 277CA reject (A7:562)? Segment dump from the clearinghouse:\n\n")
    d.w("ISA*00*          *00*          *ZZ*", v.icn(), "      *ZZ*MEDLINK        *", v.ymd()[2:], "*1022*^*00501*",
        v.icn(), "*0*P*:~\n")
    d.w("GS*HC*BPHSUB*MEDLINK*", v.ymd(), "*1022*", str(v.rng.randrange(100, 9999)), "*X*005010X222A1~\n")
    d.w("NM1*85*2*", v.facility().upper(), "*****XX*", v.npi(), "~\nREF*EI*", v.tin(), "~\n")
    d.w("NM1*IL*1*", v.edi_name(sub), "***MI*", v.member_id(), "~\n")
    d.w(f"N3*{v.street().upper()}~\nN4*{city.upper()}*{st}*{z}~\n")
    d.w(f"DMG*D8*{v.rng.randrange(1940, 2020)}{v.rng.randrange(1, 13):02d}{v.rng.randrange(1, 29):02d}*{v.pick('FM')}~\n")
    if v.chance(0.7):
        d.w("REF*SY*", v.ssn("plain"), "~\n")
    if v.chance(0.6):
        d.w("PER*IC*", v.edi_name(pat) if v.chance(0.3) else "BILLING OFFICE", "*TE*", V(v.phone("US", "digits").text.replace(" ", ""), "PHONE_NUMBER", "PHONE_NUMBER"), "~\n")
    d.w("CLM*", v.claim_no(), "*", v.amount(), "***11:B:1*Y*A*Y*Y~\nHI*ABK:", v.icd().text.replace(".", "") and v.icd(), "~\n")
    d.w("SV1*HC:", v.cpt(), "*", v.amount(), "*UN*1***1~\nDTP*472*D8*", v.ymd(), "~\nSE*38*0001~\n")


@template("claims_appeal")
def claims_appeal(d: Doc, v: Values) -> None:
    who = v.person()
    lang = v.pick(("en", "en", "es"))
    if lang == "es":
        d.w("Ayúdame a resumir esta apelación para el comité, por favor:\n\n")
    else:
        d.w("Please summarise this appeal for the grievance committee and list what's missing:\n\n")
    d.w("From: ", v.name("full", who), " <", v.email_of(who), ">\nSubject: Appeal - claim ", v.claim_no(), "\n\n")
    d.w("To whom it may concern,\n\nI am appealing the denial of my claim for date of service ", v.date(), " at ",
        v.company(), ". The EOB says CARC 50 (not medically necessary) for CPT ", v.cpt(), " with diagnosis ", v.icd(),
        ". My doctor, ", v.name("title"), ", submitted the records twice.\n\nMember ID: ", v.member_id(), "\nGroup: ",
        v.group_no(), "\n")
    if v.chance(0.6):
        d.w("Date of birth: ", v.dob(), "\nSSN (your form asked for it): ", v.ssn(), "\n")
    d.w("You can reach me at ", v.phone("US"), " any weekday after 3pm", ".\n\n" if v.chance(0.5) else " or on my cell ")
    if d.text.endswith("cell "):
        d.w(v.phone(), ".\n\n")
    d.w("Thank you,\n", v.name("full", who), "\n", )
    _addr(d, v)
    d.w("\n")


@template("claims_eob")
def claims_eob(d: Doc, v: Values) -> None:
    who = v.person()
    d.w("Member called about this EOB, explain the patient responsibility in plain words?\n\n")
    d.w(f"{v.payer().upper()} - EXPLANATION OF BENEFITS\nTHIS IS NOT A BILL\n\n")
    d.w("Member: ", v.name("upper", who), "    ID: ", v.member_id(), "    Group: ", v.group_no(), "\n")
    _addr(d, v)
    d.w("\nClaim #: ", v.claim_no(), "   Provider: ", v.company(), " (NPI ", v.npi(), ")\n\n")
    d.w("DOS        CODE    BILLED    ALLOWED   PLAN PAID  YOU OWE\n")
    for _ in range(v.rng.randrange(2, 5)):
        d.w(f"{v.date()} ", v.cpt(), f"   {v.amount():>8}  {v.amount():>8}  {v.amount():>8}  {v.amount():>8}\n")
    d.w("\nQuestions? Call Member Services at ", v.fict_phone() if v.chance(0.5) else "1-800-MEMBERS", " (TTY 711).\n")
    if v.chance(0.5):
        d.w("Paid to provider by EFT trace ", v.eft_trace(), " to account ", v.iban() if v.chance(0.3) else v.account_no(), "\n")


@template("claims_835")
def claims_835(d: Doc, v: Values) -> None:
    d.w("Our posting job choked on this 835, which CLP is unbalanced?\n\n")
    d.w("ST*835*", v.control_id(), "~\nBPR*I*", v.amount(), "*C*ACH*CCP*01*", v.routing(), "*DA*", v.account_no(), "*",
        v.tin(), "**01*", v.routing(), "*DA*", v.account_no(), "*", v.ymd(), "~\nTRN*1*", v.eft_trace(), "*", v.tin(), "~\n")
    d.w("N1*PR*", v.payer().upper(), "~\nPER*BL*EDI SUPPORT*TE*", v.fict_phone(), "*EM*", v.system_email(), "~\n")
    for _ in range(v.rng.randrange(1, 3)):
        who = v.person()
        d.w("CLP*", v.claim_no(), "*1*", v.amount(), "*", v.amount(), "*", v.amount(), "*12*", v.control_id(), "*11*1~\n")
        d.w("NM1*QC*1*", v.edi_name(who), "****MI*", v.member_id(), "~\n")
        d.w("SVC*HC:", v.cpt(), "*", v.amount(), "*", v.amount(), "**1~\nCAS*CO*45*", v.amount(), "~\n")
    d.w("SE*22*0001~\n\nThe provider contact on the remit was ", v.name(), " (", v.email(org=True), ").\n")


@template("answer_claims_summary")
def answer_claims_summary(d: Doc, v: Values) -> None:
    who = v.person()
    d.w("**Appeal summary - claim ", v.claim_no(), "**\n\n- Member: ", v.name("full", who), " (ID ", v.member_id(), ")\n")
    d.w("- Denial: CARC 197 (precertification absent) for CPT ", v.cpt(), ", DOS ", v.date(), "\n")
    d.w("- Diagnosis on claim: ", v.icd(), "; rendering NPI ", v.npi(), "\n- Member contact: ", v.phone("US"), ", ",
        v.email_of(who), "\n")
    if v.chance(0.5):
        d.w("- The member included their SSN (", v.ssn(), ") in the letter; it should be removed from the case file.\n")
    else:
        d.w("- SSN on file is masked (", v.masked_ssn(), "), nothing to redact.\n")
    d.w("\n**Missing:** the authorization number (the letter quotes ", v.auth_no(), ", which belongs to a different member).\n")
    d.w("\n**Recommendation:** overturn if the retro-auth request is approved; otherwise uphold and send the ",
        "second-level appeal rights notice.\n")


@template("claims_neg_batch", NEG_WEIGHT)
def claims_neg_batch(d: Doc, v: Values) -> None:
    d.w("Why are these claims pending on edit 4417? Export from the adjudication queue:\n\n")
    d.w("claim_id,member_id,npi,tin,dos,cpt,icd10,billed,status\n")
    for _ in range(v.rng.randrange(4, 9)):
        d.w(v.claim_no(), ",", v.member_id(), ",", v.npi(), ",", v.tin(), f",{v.date()},", v.cpt(), ",", v.icd(),
            f",{v.amount()},PEND\n")
    d.w("\nSample test card in the billing sandbox is ", v.test_card(), "; the one flagged on claim ", v.claim_no(), " is ",
        v.luhn_fail(), " which fails validation anyway.\n")


@template("answer_claims_neg_explain", NEG_WEIGHT * 0.6)
def answer_claims_neg_explain(d: Doc, v: Values) -> None:
    d.w("Edit 4417 fires when the rendering NPI (", v.npi(), ") is not linked to the billing TIN (", v.tin(),
        ") in the provider file. For claim ", v.claim_no(), " the DOS ", v.date(), " falls outside the affiliation window, ",
        "so the claim pends rather than denies. CPT ", v.cpt(), " with ", v.icd(), " is otherwise payable. ",
        "Have Provider Data add the affiliation, then re-run claim ", v.claim_no(), " - no member contact needed. ",
        "The member's SSN in the source file is already masked as ", v.masked_ssn(), ".\n")


# ================================================================================================ member


@template("member_call")
def member_call(d: Doc, v: Values) -> None:
    who = v.person()
    d.w("call transcript below (speech to text), pls write the call notes for the CRM\n\n")
    d.w("agent: thank you for calling ", v.payer().lower(), " member services this is ", V(v.person()[0].lower(), "PERSON", "PERSON"),
        " how can i help\ncaller: hi yes um my name is ", v.name("lower", who), " i'm calling about a bill from ",
        v.company(), "\nagent: i can help with that can i have your member id\ncaller: it's ", v.member_id(), "\n")
    d.w("agent: and to verify the last four or full social\ncaller: the whole thing is ", v.spoken_ssn(), "\n")
    d.w("agent: thank you and the best callback number\ncaller: ", v.spoken_phone(), "\n")
    if v.chance(0.6):
        d.w("agent: do you want the letter by email\ncaller: yes it's ", v.spoken_email(who), "\n")
    if v.chance(0.4):
        d.w("caller: and can i pay the copay now on my card\nagent: go ahead\ncaller: ", v.spoken_card(), " expires ",
            f"{v.rng.randrange(1, 13):02d} {v.rng.randrange(26, 31)}\n")
    d.w("agent: ok i see the claim ", v.claim_no(), " it processed to deductible\ncaller: ok thank you\n")


@template("member_chat")
def member_chat(d: Doc, v: Values) -> None:
    who = v.person()
    lang = v.pick(("en", "es", "pt"))
    d.w({"en": "Translate/summarise this web chat for the case:\n\n", "es": "Resume este chat del portal de miembros:\n\n",
         "pt": "Resuma este chat do portal do beneficiário:\n\n"}[lang])
    d.w("[", v.date(), " 14:02] Member: ")
    if lang == "es":
        d.w("Hola, soy ", v.name("full", who), ", necesito cambiar mi dirección y mi teléfono. El nuevo es ", v.phone(),
            ". Mi correo es ", v.email_of(who), "\n")
    elif lang == "pt":
        d.w("Olá, meu nome é ", v.name("full", who), ". Meu plano ", v.group_no(), " recusou o reembolso. Telefone: ", v.phone("BR"),
            ", e-mail ", v.email_of(who), "\n")
    else:
        d.w("Hi, this is ", v.name("full", who), ". My new ID card never arrived. Call me at ", v.phone(), " or email ",
            v.email_of(who), "\n")
    d.w("[14:03] Agent ", V(v.person()[0], "PERSON", "PERSON"), ": Thanks! Can you confirm your date of birth?\n[14:04] Member: ",
        v.dob(), " and my member number ", v.member_id(), "\n")
    if v.chance(0.6):
        d.w("[14:05] Member: for the reimbursement send it to my account ", v.iban(), "\n")
    d.w("[14:06] Agent: Done, case ", v.claim_no(), " opened.\n")


@template("member_letter_request")
def member_letter_request(d: Doc, v: Values) -> None:
    who, dep = v.person(), v.person()
    d.w("Draft a COBRA election reminder for this member; details from the eligibility screen:\n\n")
    d.w("Subscriber: ", v.name("last_first", who), "\nSSN: ", v.ssn(), "\nDOB: ", v.dob(), "\nAddress: ")
    _addr(d, v)
    d.w("\nHome phone: ", v.phone("US"), "\nEmail: ", v.email_of(who), "\nDependent: ", v.name("full", dep), " (child), DOB ",
        v.dob(), "\nGroup: ", v.group_no(), "  Medicare ID: ", v.mbi(), "\n")
    d.w("Premium card on file: ", v.masked_card(), "\n")


@template("answer_member_letter")
def answer_member_letter(d: Doc, v: Values) -> None:
    who = v.person()
    lang = v.pick(("en", "en", "es", "fr"))
    d.w(v.payer(), "\n", v.name("full", who), "\n")
    _addr(d, v)
    if lang == "es":
        d.w("\n\nEstimado/a ", v.name("title", who), ":\n\nHemos recibido su solicitud (caso ", v.claim_no(), "). Su número de miembro ",
            v.member_id(), " sigue activo. Para cualquier pregunta llame al ", v.phone("US"), " o escriba a ", v.email_of(who), ".\n\n")
    elif lang == "fr":
        d.w("\n\nMadame, Monsieur ", v.name("full", who), ",\n\nNous avons bien reçu votre demande de remboursement (dossier ",
            v.claim_no(), "). Le virement sera effectué sur le compte ", v.iban("FR"), ". Contact : ", v.phone("FR"), ".\n\n")
    else:
        d.w("\n\nDear ", v.name("first", who), ",\n\nWe received your appeal for claim ", v.claim_no(), " (DOS ", v.date(),
            "). We will decide within 30 days. We have your phone as ", v.phone(), "; the SSN on your letter ending ",
            v.masked_ssn(), " has been removed from our records.\n\n")
    d.w("Sincerely,\n", v.name(), "\nMember Advocacy\n")


@template("member_neg_script", NEG_WEIGHT)
def member_neg_script(d: Doc, v: Values) -> None:
    d.w("Can you tighten this IVR script?\n\n\"Thank you for calling ", v.company(), ". Please enter your member ID, for example ",
        v.member_id(), ", followed by the pound key. For pharmacy, say 'pharmacy'. Our TTY line is ", v.fict_phone(),
        ". You can also email ", v.example_email(), ". If you are calling about claim ", v.claim_no(), ", say 'claims'. ",
        "For security we will only read back your SSN as ", v.masked_ssn(), ".\"\n")


# ================================================================================================ clinical


@template("clinical_hl7")
def clinical_hl7(d: Doc, v: Values) -> None:
    who, kin = v.person(), v.person()
    city, st, z = v.city()
    d.w("Mirth throws 'PID-3 repetition invalid' on this ADT^A04, what's wrong?\n\n")
    d.w("MSH|^~\\&|EPIC|", v.facility().upper().replace(" ", "_")[:12], "|BPH_ELIG|BPH|", v.ymd(), "1022||ADT^A04|",
        v.control_id(), "|P|2.5.1\r\n")
    d.w("PID|1||", v.member_id(), "^^^BPH^MR~", v.member_id(), "^^^MCD||", v.hl7_name(who), "||", f"{v.rng.randrange(1940, 2020)}0412|F|||",
        f"{v.street().upper()}^^{city.upper()}^{st}^{z}||", V(v.phone("US").text, "PHONE_NUMBER", "PHONE_NUMBER"), "|||M|||",
        v.ssn(v.pick(("dash", "plain"))), "\r\n")
    d.w("NK1|1|", v.hl7_name(kin), "|SPO||", v.phone(), "\r\n")
    d.w("PV1|1|O|CLINIC^^^", v.facility().split()[0].upper(), "||||", v.npi(), "^", v.hl7_name(), "^^^^^^NPI|||||||||||",
        v.control_id(), "\r\n")
    d.w("DG1|1||", v.icd(), "^^I10\r\n")


@template("clinical_fhir")
def clinical_fhir(d: Doc, v: Values) -> None:
    who = v.person()
    city, st, z = v.city()
    d.w("Map this FHIR Patient to our member table (cols: first, last, ssn, phone, email):\n\n```json\n{\n  \"resourceType\": \"Patient\",\n")
    d.w("  \"id\": \"", v.guid(), "\",\n  \"identifier\": [\n    {\"system\": \"http://hl7.org/fhir/sid/us-ssn\", \"value\": \"",
        v.ssn("dash"), "\"},\n    {\"system\": \"urn:oid:2.16.840.1.113883.3.", str(v.rng.randrange(100, 9999)), "\", \"value\": \"",
        v.member_id(), "\"}\n  ],\n")
    d.w("  \"name\": [{\"family\": \"", V(who[1], "PERSON", "PERSON"), "\", \"given\": [\"", V(who[0], "PERSON", "PERSON"), "\"]}],\n")
    d.w("  \"telecom\": [\n    {\"system\": \"phone\", \"value\": \"", v.phone(), "\", \"use\": \"mobile\"},\n")
    d.w("    {\"system\": \"email\", \"value\": \"", v.email_of(who), "\"}\n  ],\n")
    d.w(f"  \"birthDate\": \"{v.rng.randrange(1940, 2015)}-0{v.rng.randrange(1, 10)}-1{v.rng.randrange(0, 9)}\",\n")
    d.w(f"  \"address\": [{{\"line\": [\"{v.street()}\"], \"city\": \"{city}\", \"state\": \"{st}\", \"postalCode\": \"{z}\"}}]\n}}\n```\n")


@template("clinical_pa")
def clinical_pa(d: Doc, v: Values) -> None:
    who = v.person()
    lang = v.pick(("en", "en", "de"))
    if lang == "de":
        d.w("Bitte fasse diese Vorab-Genehmigung auf Englisch zusammen:\n\n")
    else:
        d.w("Prior auth request came in by fax (OCR), pull out the criteria for the reviewer:\n\n")
    d.w("PRIOR AUTHORIZATION REQUEST  Ref ", v.auth_no(), "\nPatient: ", v.name("full", who), "   DOB: ", v.dob(), "\nMember ID: ",
        v.member_id(), "\nRequesting provider: ", v.name("title"), ", NPI ", v.npi(), ", phone ", v.phone("US"), ", fax ", v.fict_phone(), "\n")
    d.w("Diagnosis: ", v.icd(), ", ", v.icd(), "\nService: CPT ", v.cpt(), " x1, ", v.company(), "\nMedication: ", v.drug(), " NDC ", v.ndc(), "\n")
    d.w("Clinical notes: failed metformin and GLP-1 step therapy, A1c 9.4%. Contact office manager ", v.name(), " at ",
        v.email(org=True), ".\n")


@template("clinical_referral")
def clinical_referral(d: Doc, v: Values) -> None:
    who = v.person()
    lang = v.pick(("en", "fr", "pt"))
    if lang == "fr":
        d.w("Traduis cette lettre d'orientation en anglais :\n\nCher confrère,\n\nJe vous adresse ", v.name("full", who),
            ", née le ", v.dob(), ", pour une évaluation cardiologique (", v.icd(), "). Téléphone de la patiente : ", v.phone("FR"),
            ". Mutuelle : ", v.company(), ".\n\nConfraternellement,\n", v.name("title"), "\n")
    elif lang == "pt":
        d.w("Traduza este encaminhamento:\n\nPrezado(a) colega,\n\nEncaminho o paciente ", v.name("full", who), ", nascido em ",
            v.dob(), ", CID ", v.icd(), ", para avaliação ortopédica. Contato: ", v.phone("PT" if v.chance(0.5) else "BR"), ", ",
            v.email_of(who), ".\n\nAtenciosamente,\n", v.name("title"), "\n")
    else:
        d.w("Clean up this referral letter:\n\nRe: ", v.name("full", who), " DOB ", v.dob(), " Member ", v.member_id(),
            "\nDear ", v.name("title"), ",\nthanks for seeing my pt for ", v.icd(), ". Pt's cell ", v.phone("US"), ", wife ",
            v.name("first"), " at ", v.phone("US"), ".\n")


@template("answer_clinical_mapping")
def answer_clinical_mapping(d: Doc, v: Values) -> None:
    who = v.person()
    d.w("Here is the mapping from the ADT message to the member table:\n\n| column | HL7 field | value |\n|---|---|---|\n")
    d.w("| last_name | PID-5.1 | ", V(who[1].upper(), "PERSON", "PERSON"), " |\n| first_name | PID-5.2 | ",
        V(who[0].upper(), "PERSON", "PERSON"), " |\n")
    if v.chance(0.5):
        d.w("| ssn | PID-19 | ", v.ssn(), " |\n")
    else:
        d.w("| ssn | PID-19 | ", v.masked_ssn(), " (masked) |\n")
    d.w("| phone | PID-13 | ", v.phone("US"), " |\n| member_id | PID-3 | ", v.member_id(), " |\n| message_id | MSH-10 | ",
        v.control_id(), " |\n\nNote PID-3 repeats with `~`; keep the repetition whose assigning authority is BPH.\n")


@template("clinical_neg_hl7", NEG_WEIGHT)
def clinical_neg_hl7(d: Doc, v: Values) -> None:
    d.w("Is this ORU^R01 test message valid 2.5.1? (synthetic, from the spec examples)\n\n")
    d.w("MSH|^~\\&|LAB|", v.company(), "|BPH|BPH|", v.ymd(), "||ORU^R01|", v.control_id(), "|T|2.5.1\r\n")
    d.w("PID|1||", v.member_id(), "^^^BPH^MR||TEST^PATIENT||19700101|U|||^^^^||", v.fict_phone(), "|||||", v.bad_ssn(), "\r\n")
    d.w("OBR|1|", v.control_id(), "||", v.cpt(), "^CMP|||", v.ymd(), "\r\nOBX|1|NM|2345-7^GLUCOSE^LN||104|mg/dL\r\n")
    d.w("Interface engine version ", v.version4(), ", sending from ", v.doc_ip(), ".\n")


# ================================================================================================ provider


@template("provider_credentialing")
def provider_credentialing(d: Doc, v: Values) -> None:
    who = v.person()
    d.w("Summarise this credentialing packet and flag anything expired:\n\nPractitioner: ", v.name("initial", who),
        ", MD\nNPI: ", v.npi(), "   CAQH ID: ", v.caqh(), "   DEA: ", v.dea(), "\nTIN: ", v.tin(), "\nPractice: ", v.company(), "\n")
    d.w("Office phone: ", v.phone("US"), "   Credentialing contact: ", v.name(), " <", v.email(org=True), ">\n")
    if v.chance(0.4):
        d.w("Home phone (for verification only): ", v.phone("US"), "\nSSN: ", v.ssn(), "\n")
    d.w("Taxonomy: 207Q00000X   License exp: ", v.date(), "\n")


@template("provider_eft")
def provider_eft(d: Doc, v: Values) -> None:
    who = v.person()
    intl = v.chance(0.5)
    d.w("EFT enrollment form came in, check it against the W-9 and tell me what to key in:\n\n")
    d.w("Provider name: ", v.company(), "\nNPI: ", v.npi(), "   TIN: ", v.tin(), "\nAuthorized signer: ", v.name("full", who), "\n")
    if intl or v.chance(0.4):
        d.w("Bank (international affiliate): IBAN ", v.iban(), "\n")
    else:
        d.w("Routing: ", v.routing(), "   Account: ", v.account_no(), " (checking)\n")
    d.w("Contact: ", v.email_of(who, v.pick(("meridian-ortho.com", "valleyfamilymed.com", "gmail.com"))), "  ", v.phone("US"), "\n")
    d.w("ERA delivery: SFTP to our clearinghouse, login below\n")
    d.w(*credential(v, ("password_url", "password_yaml", "password_kv", "password_prose", "password_cli")))


@template("provider_roster")
def provider_roster(d: Doc, v: Values) -> None:
    d.w("Dedupe this roster from the IPA before the directory load (tab-separated):\n\nNPI\tName\tSpecialty\tPhone\tEmail\n")
    for _ in range(v.rng.randrange(3, 6)):
        d.w(v.npi(), "\t", v.name("last_first"), "\t", v.pick(("Family Medicine", "Cardiology", "Pediatrics", "OB/GYN")), "\t",
            v.phone("US"), "\t", v.email(org=True), "\n")


@template("provider_mail")
def provider_mail(d: Doc, v: Values) -> None:
    who = v.person()
    lang = v.pick(("en", "de", "es"))
    d.w("Reply to this provider, politely:\n\n")
    if lang == "de":
        d.w("Sehr geehrte Damen und Herren,\n\nunsere Praxis wartet seit drei Monaten auf die Zahlung für Rechnung ", v.claim_no(),
            ". Bitte überweisen Sie auf ", v.iban("DE"), ".\n\nMit freundlichen Grüßen\n", v.name("full", who), "\nTel. ", v.phone("DE"), "\n")
    elif lang == "es":
        d.w("Buenos días,\n\nsoy ", v.name("full", who), " de ", v.company(), ". Nuestro NPI ", v.npi(), " no aparece en el directorio. ",
            "Mi teléfono directo es ", v.phone(v.pick(("MX", "PR", "ES"))), " y mi correo ", v.email_of(who), ".\n\nSaludos\n")
    else:
        d.w("Hi,\n\nthis is ", v.name("full", who), ", billing manager at ", v.company(), " (TIN ", v.tin(), "). We keep getting ",
            "CO-16 on claims ", v.claim_no(), " and ", v.claim_no(), ". Who do I talk to? ", v.phone("US"), "\n\n", v.name("first", who), "\n")


@template("answer_provider_reply")
def answer_provider_reply(d: Doc, v: Values) -> None:
    who = v.person()
    d.w("Dear ", v.name("title", who), ",\n\nThank you for your patience regarding claims ", v.claim_no(), " and ", v.claim_no(),
        ". The CO-16 denials were caused by a missing referring provider (NPI ", v.npi(), "). ",
        "Your provider representative, ", v.name(), ", will call you at ", v.phone("US"), " this week. You can also write to ",
        v.email(org=True), ".\n\nEFT payments will go to the account you enrolled (", v.masked_iban() if v.chance(0.5) else v.masked_card(),
        ").\n\nKind regards,\nProvider Relations\n")


@template("provider_neg_directory", NEG_WEIGHT)
def provider_neg_directory(d: Doc, v: Values) -> None:
    d.w("Why does this directory extract fail the CMS accuracy check?\n\nnpi|tin|caqh|practice|phone|taxonomy\n")
    for _ in range(v.rng.randrange(3, 7)):
        d.w(v.npi(), "|", v.tin(), "|", v.caqh(), "|", v.company(), "|", v.fict_phone(), "|207R00000X\n")
    d.w("\nBank on the sample EFT form is ", v.bad_iban(), " (template value). Help desk: ", v.system_email(), "\n")


# ================================================================================================ pharmacy


@template("pharmacy_ticket")
def pharmacy_ticket(d: Doc, v: Values) -> None:
    who = v.person()
    d.w("Pharmacy help desk ticket, why did this reject with 75 (PA required)?\n\nPharmacy: ", v.company(), " NCPDP ",
        N(v.digits(7), "ncpdp_id", "PHONE_NUMBER"), "\nBIN ", v.rxbin(), "  PCN ", N(v.pick(("ADV", "MEDDADV", "9999", "BPHRX")), "pcn", "PERSON"),
        "  Group ", v.group_no(), "\nCardholder: ", v.name("upper", who), "  DOB ", v.dob(), "  ID ", v.member_id(), "\n")
    d.w("Drug: ", v.drug(), " NDC ", v.ndc(), " qty 4 DS 28\nPrescriber: ", v.name("title"), " NPI ", v.npi(), "\n")
    d.w("Pharmacist ", v.name("first"), " says the member is at the counter, callback ", v.phone("US"), "\n")


@template("pharmacy_copay")
def pharmacy_copay(d: Doc, v: Values) -> None:
    who = v.person()
    d.w("Member wants to pay the mail-order copay by card over chat, can you format the payment note?\n\n")
    d.w("Member: ", v.name("full", who), " (", v.member_id(), ")\nOrder: ", v.drug(), " x90, NDC ", v.ndc(), "\nCard: ", v.card(),
        "  exp ", f"{v.rng.randrange(1, 13):02d}/{v.rng.randrange(26, 31)}", "  CVV given verbally\nBilling zip: ", v.city()[2], "\n")
    if v.chance(0.5):
        d.w("Previous card ", v.card(), " was declined.\n")
    d.w("Email receipt to ", v.email_of(who), "\n")


@template("pharmacy_integration")
def pharmacy_integration(d: Doc, v: Values) -> None:
    d.w("The PBM eligibility feed stopped, here's the job config and last log lines:\n\n```\n")
    for _ in range(v.rng.randrange(1, 3)):
        d.w(*credential(v))
    d.w("```\n\n", v.ymd(), " 02:14:07 INFO connecting to ", v.ip4(), " (", v.ip6(), ") port 22 as pbm_elig\n", v.ymd(),
        " 02:14:09 ERROR record ", v.member_id(), " rejected: cardholder ", v.edi_name(), " DOB mismatch\n")


@template("answer_pharmacy_note")
def answer_pharmacy_note(d: Doc, v: Values) -> None:
    who = v.person()
    d.w("Payment note:\n\n> ", v.date(), " - Copay of $", v.amount(), " for ", v.drug(), " (NDC ", v.ndc(), ") collected from ",
        v.name("full", who), ", member ", v.member_id(), ", on card ", v.masked_card() if v.chance(0.5) else v.card(),
        ". Receipt sent to ", v.email_of(who), ".\n\nDo not store the CVV in the note; if the member calls back use ",
        v.phone("US"), ".\n")


@template("pharmacy_neg_formulary", NEG_WEIGHT)
def pharmacy_neg_formulary(d: Doc, v: Values) -> None:
    d.w("Convert this formulary extract to JSON:\n\nndc,drug,tier,pa,bin,pcn\n")
    for _ in range(v.rng.randrange(4, 8)):
        d.w(v.ndc(), ",", v.drug(), f",{v.rng.randrange(1, 6)},", v.pick(("Y", "N")), ",", v.rxbin(), ",BPHRX\n")
    d.w("\nTest claims use cardholder ID ", v.member_id(), " and card ", v.test_card(), " in the sandbox.\n")


# ================================================================================================ it


@template("it_sftp_config")
def it_sftp_config(d: Doc, v: Values) -> None:
    d.w("Our 837 outbound to the clearinghouse fails with 'auth failed'. Config and script:\n\n```\n")
    for _ in range(3):
        d.w(*credential(v))
    d.w("```\n\nHost resolves to ", v.ip4(False), ", our egress is ", v.ip6() if v.chance(0.5) else v.ip4(), ". Contact on their side: ", v.name(), " ",
        v.email(org=True), "\n")


@template("it_app_settings")
def it_app_settings(d: Doc, v: Values) -> None:
    d.w("Review this .env for the claims-summarizer service before we push it:\n\n```\n")
    for _ in range(v.rng.randrange(3, 5)):
        d.w(*credential(v))
    d.w("LOG_LEVEL=info\nCLAIMS_API_BASE=https://claims-api.internal.bluepeakhealth.com\n", "EXAMPLE_KEY=", v.documented(), "\n```\n")


@template("it_log")
def it_log(d: Doc, v: Values) -> None:
    d.w("What does this error mean? From the eligibility API pod:\n\n")
    d.w(f"2025-10-0{v.rng.randrange(1, 10)}T03:12:44Z INFO request from ", v.ip4(), " trace=", v.guid(), "\n")
    d.w("2025-10-0", str(v.rng.randrange(1, 10)), "T03:12:45Z DEBUG outbound headers: ")
    d.w(*[p if not isinstance(p, str) else p.rstrip("\n") for p in credential(v, ("jwt", "bearer_token"))])
    d.w("\n2025-10-0", str(v.rng.randrange(1, 10)), "T03:12:45Z ERROR 401 from payer gateway ", v.ip4(False),
        " for member ", v.member_id(), "\n")
    d.w(*credential(v))


@template("it_script")
def it_script(d: Doc, v: Values) -> None:
    d.w("Refactor this script so it reads the secrets from Key Vault instead:\n\n```python\n")
    d.w("import pysftp, requests\n\n")
    for _ in range(3):
        d.w(*credential(v))
    d.w("ALERT_TO = \"", v.email(org=True), "\"\nKV_REF = \"", v.secret_ref(), "\"\n```\n")


@template("answer_it_review")
def answer_it_review(d: Doc, v: Values) -> None:
    d.w("A few problems in the config you sent:\n\n1. These secrets are in clear text and should move to Key Vault:\n\n```\n")
    for _ in range(2):
        d.w(*credential(v))
    d.w("```\n\n2. The SFTP host ", v.ip4(), " is allowed from everywhere; restrict it to the clearinghouse range.\n",
        "3. Use a placeholder such as ", v.placeholder("password_kv"), " in the committed file.\n")


@template("it_neg_terraform", NEG_WEIGHT)
def it_neg_terraform(d: Doc, v: Values) -> None:
    d.w("Is this Terraform OK for the EDI storage account?\n\n```hcl\nresource \"azurerm_storage_account\" \"edi\" {\n",
        "  name = \"stedi835archive\"\n  tags = { build = \"", v.sha(), "\", app_id = \"", v.guid(), "\" }\n}\n\n",
        "variable \"sftp_password\" { default = \"", v.placeholder("password_kv"), "\" }\n",
        "# docs sample: access key ", v.documented(), "\n",
        "# allowed: ", v.doc_ip(), "/32\n", "# agent version ", v.version4(), "\n```\n")


# ================================================================================================ chat


@template("chat_teams")
def chat_teams(d: Doc, v: Values) -> None:
    a, b = v.person(), v.person()
    d.w("Summarise this Teams thread for the ops standup:\n\n")
    d.w(v.name("full", a), "  9:14 AM\nthe 835 load failed again, clearinghouse rotated creds?\n")
    d.w(v.name("full", b), "  9:16 AM\nyeah new ones:\n")
    for _ in range(2):
        d.w(*credential(v))
    d.w(v.name("full", a), "  9:17 AM\nthx. also member ", v.member_id(), " called, wants callback at ", v.phone(), "\n")


@template("chat_slack")
def chat_slack(d: Doc, v: Values) -> None:
    a, b = v.person(), v.person()
    lang = v.pick(("en", "es", "pt", "de"))
    d.w("what did we decide in this thread?\n\n")
    d.w("@", V(f"{v._ascii(a[0]).lower()}.{v._ascii(a[1]).lower().replace(' ', '')}", "PERSON", "PERSON"), ": ")
    d.w({"en": "who has the login for the Availity portal?\n", "es": "¿alguien tiene la clave del portal de Availity?\n",
         "pt": "alguém tem a senha do portal da operadora?\n", "de": "hat jemand das Login für das Abrechnungsportal?\n"}[lang])
    d.w("@", V(v._ascii(b[0]).lower(), "PERSON", "PERSON"), ": ")
    d.w(*credential(v, ("password_prose", "password_kv", "password_url", "password_yaml")))
    if v.chance(0.6):
        d.w("@", V(v._ascii(a[0]).lower(), "PERSON", "PERSON"), ": ty. and the other one the vendor needs:\n")
        d.w(*credential(v))
    d.w("@", V(v._ascii(b[0]).lower(), "PERSON", "PERSON"), ": pls don't paste member SSNs here, use ", v.masked_ssn(), " format\n")


@template("chat_escalation")
def chat_escalation(d: Doc, v: Values) -> None:
    who = v.person()
    d.w("Turn this chat into an escalation ticket:\n\n")
    d.w("[", v.name("full"), "] member ", v.name("full", who), " is threatening a DOI complaint, claim ", v.claim_no(), "\n")
    d.w("[", v.name("full"), "] her SSN is ", v.ssn(), " and she's at ", v.phone("US"), " / ", v.email_of(who), "\n")
    d.w("[", v.name("first"), "] refund the copay to card ", v.card(), "?\n")
    if v.chance(0.8):
        d.w("[", v.name("first"), "] also the vendor portal: ")
        d.w(*credential(v))


@template("answer_chat_summary")
def answer_chat_summary(d: Doc, v: Values) -> None:
    d.w("**Standup summary**\n\n- ", v.name("full"), " confirmed the clearinghouse rotated the SFTP credentials; the new ones were ",
        "pasted in the thread and must be moved to Key Vault and rotated again:\n  ")
    d.w(*[p if not isinstance(p, str) else p.replace("\n", " ") for p in credential(v)])
    d.w("\n- Member ", v.member_id(), " asked for a callback at ", v.phone(), "; owner ", v.name("first"), ".\n",
        "- 835 backlog: ", str(v.rng.randrange(2, 40)), " files, ETA noon.\n")


@template("chat_neg_thread", NEG_WEIGHT)
def chat_neg_thread(d: Doc, v: Values) -> None:
    d.w("summarise pls\n\n[", v.company(), " bot] 999 rejects for batch ", v.icn(), ": 3\n",
        "[ops] claim ", v.claim_no(), " and ", v.claim_no(), " are the TIN ", v.tin(), " mismatch ones\n",
        "[ops] NPI ", v.npi(), " needs the taxonomy fix, CPT ", v.cpt(), "\n",
        "[ops] the test member is ", v.example_email(), ", password is in ", v.secret_ref(), "\n",
        "[ops] ignore ", v.luhn_fail(), ", that's the sandbox card that fails Luhn\n")


@template("answer_chat_neg_summary", NEG_WEIGHT * 0.6)
def answer_chat_neg_summary(d: Doc, v: Values) -> None:
    d.w("Summary: batch ", v.icn(), " had 3 rejects (999). Claims ", v.claim_no(), " and ", v.claim_no(),
        " fail on the TIN ", v.tin(), " mismatch; NPI ", v.npi(), " needs a taxonomy correction. No member data or secrets ",
        "were shared; the test account's password stays in ", v.secret_ref(), ".\n")


@template("clinical_mirth")
def clinical_mirth(d: Doc, v: Values) -> None:
    d.w("Mirth channel 'ADT_to_Eligibility' can't reach the database after the migration. Channel export excerpt:\n\n")
    d.w("<connector name=\"dest_elig_db\">\n  <host>", v.ip4(True), "</host>\n  <properties>\n")
    for _ in range(2):
        d.w(*credential(v))
    d.w("  </properties>\n</connector>\n\nLast message in error: MSH-10 ", v.control_id(), ", patient ", v.hl7_name(), "\n")


@template("claims_abroad")
def claims_abroad(d: Doc, v: Values) -> None:
    who = v.person()
    lang = v.pick(("fr", "de", "pt", "es", "en"))
    country = {"fr": "FR", "de": "DE", "pt": "PT", "es": "ES", "en": v.pick(("GB", "IE", "NL", "IT", "BE", "CH", "AT"))}[lang]
    d.w("Out-of-country claim for reimbursement, translate and check the bank details:\n\n")
    intro = {"fr": "Bonjour, je suis ", "de": "Guten Tag, mein Name ist ", "pt": "Bom dia, sou ", "es": "Hola, me llamo ",
             "en": "Hello, my name is "}[lang]
    mid = {"fr": ". J'ai été hospitalisée pendant mes vacances. Merci de rembourser sur mon compte ",
           "de": ". Ich war im Urlaub im Krankenhaus. Bitte erstatten Sie den Betrag auf mein Konto ",
           "pt": ". Fui atendido em urgência durante a viagem. Por favor reembolsem na conta ",
           "es": ". Me atendieron en urgencias durante el viaje. Por favor, reembolsen a la cuenta ",
           "en": ". I was treated in the ER while travelling. Please reimburse to my account "}[lang]
    d.w(intro, v.name("full", who), mid, v.iban(country), ".\n")
    if v.chance(0.5):
        d.w("IBAN (second account / zweites Konto): ", v.iban(), "\n")
    d.w("Member ID ", v.member_id(), ", invoice total EUR ", v.amount(), ", diagnosis ", v.icd(), "\nTel: ", v.phone(country),
        "\nE-mail: ", v.email_of(who), "\n")


NEGATIVE = frozenset(t.genre for t in REGISTRY.templates if "_neg_" in t.genre)


def _balance() -> None:
    """Each kind gets the same total weight, 23 % of it on its hard-negative templates."""
    from dataclasses import replace
    fixed = []
    for t in REGISTRY.templates:
        same = [u for u in REGISTRY.templates if kind_of(u.genre) == kind_of(t.genre) and ("_neg_" in u.genre) == ("_neg_" in t.genre)]
        share = 0.23 if "_neg_" in t.genre else 0.77
        fixed.append(replace(t, weight=share * t.weight / sum(u.weight for u in same)))
    REGISTRY.templates[:] = fixed


_balance()
