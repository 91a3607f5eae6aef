"""Classes of the nineteenth corpus's round (#15, health insurance and healthcare administration). Pattern mode:
X12 and HL7 v2 fields that are an SSN (`REF*SY*`, PID-19) or a phone (`PER*...*TE*`), an X12 contact's e-mail after
its `*EM*` qualifier, US healthcare ids that are no phone (NPI, NDC), an SSN named in a field table's earlier
cell, an SSN or a card read out digit by digit after its word, an e-mail address spelled out in a call transcript. Names
(ner mode's places): X12 and HL7 person names, names after a word for the person (`Member: AGARWAL, SUNITA`,
`cardholder NOWAK*AGNIESZKA`), FHIR's HumanName, a bracketed chat speaker, a transcript's lower-case introductions;
and no names: a test patient, a member as a chat speaker, a department under a signature. Values are made up here."""

from __future__ import annotations

from typing import Callable

import pytest

from aoai_logpipe.core import recognizers as rec
from tests.unit.placed import kept_names

pytestmark = pytest.mark.timeout(120)

Scan = Callable[[str], list[tuple[str, str]]]


def test_recognizers_version_is_bumped_for_this_round() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 28


@pytest.mark.parametrize(("text", "entity", "value"), [
    ("NM1*IL*1*NOWAK*AGNIESZKA*M***MI*M49218478~\nDMG*D8*19721005*M~\nREF*SY*536228714~\n", "US_SSN", "536228714"),
    ("MSH|^~\\&|EPIC\rPID|1||MRN77^^^H^MR||BEGAY^TALA||19770412|F|||1 MAIN ST^^ALLENTOWN^PA^18102||"
     "(813) 724-6140|||M|||346882850\r", "US_SSN", "346882850"),
    ("PER*IC*PHAM*TUAN*TE*2106710774~\nCLM*1*100***11:B:1*Y*A*Y*Y~\n", "PHONE_NUMBER", "2106710774"),
    ("PER*BL*EDI SUPPORT*TE*(813) 724-6140*EM*claims@bluepeakhealth.com~", "EMAIL_ADDRESS", "claims@bluepeakhealth.com"),
    ("| column | HL7 field | value |\n|---|---|---|\n| ssn | PID-19 | 536228714 |\n", "US_SSN", "536228714"),
    ("agent: to verify, your full social\ncaller: the whole thing is 5 3 6 2 2 8 7 1 4\n", "US_SSN", "5 3 6 2 2 8 7 1 4"),
    ("agent: and an email for the letter\ncaller: xiu dot yingli at icloud dot com\n", "EMAIL_ADDRESS",
     "xiu dot yingli at icloud dot com"),
    ("caller: can i pay the copay now on my card\nagent: go ahead\n"
     "caller: 4 3 2 7 3 2 4 6 8 3 4 0 8 3 9 9 expires 05 30\n", "CREDIT_CARD", "4 3 2 7 3 2 4 6 8 3 4 0 8 3 9 9"),
])
def test_a_value_in_a_healthcare_format_or_transcript_is_found(pattern_scan: Scan, text: str, entity: str,
                                                                value: str) -> None:
    assert (entity, value) in pattern_scan(text)


@pytest.mark.parametrize("text", [
    "NPI\tName\tSpecialty\n1274696651\tQuispe, Ximena\tPediatrics\n",  # a provider's NPI column
    "ndc,drug,tier\n06625-9067-89,Ozempic 1 mg pen,2\n",  # a drug's NDC column
])
def test_a_healthcare_id_is_no_phone(pattern_scan: Scan, text: str) -> None:
    assert not any(entity == "PHONE_NUMBER" for entity, _ in pattern_scan(text))


@pytest.mark.parametrize("text", [
    "agent: the claim total is 5 3 6 2 2 8 7 1 4 units\n",  # digits read out without an SSN word
    "just look at google dot com for the form\n",  # no e-mail word before it
    "the matrix row reads 4 3 2 7 3 2 4 6 8 3 4 0 8 3 9 9\n",  # Luhn-valid digits read out with no card word
])
def test_read_out_values_need_their_word(pattern_scan: Scan, text: str) -> None:
    assert not any(entity in ("US_SSN", "EMAIL_ADDRESS", "CREDIT_CARD") for entity, _ in pattern_scan(text))


@pytest.mark.parametrize(("text", "name"), [
    ("NM1*IL*1*NOWAK*AGNIESZKA*M***MI*M49218478~\n", "NOWAK*AGNIESZKA*M"),
    ("PER*IC*PHAM*TUAN*TE*2106710774~\n", "PHAM*TUAN"),
    ("MSH|^~\\&|A\rPID|1||MRN77^^^H^MR||BEGAY^TALA||19770412|F\rNK1|1|LE^VAN|SPO\r", "BEGAY^TALA"),
    ("MSH|^~\\&|A\rPV1|1|O|CLINIC^^^H||||1234567893^KOWALSKI^LINDA^K^^^MD\r", "KOWALSKI^LINDA^K"),
    ("Member: AGARWAL, SUNITA    ID: JZJ390559309    Group: XS68341\n", "AGARWAL, SUNITA"),
    ("ERROR record M176 rejected: cardholder MAGALHÃES*BEATRIZ DOB mismatch\n", "MAGALHÃES*BEATRIZ"),
    ('"name": [{"family": "Öztürk", "given": ["Mehmet"]}],', "Mehmet"),
    ("[Aisha Abdullahi] member is threatening a complaint\n", "Aisha Abdullahi"),
    ("agent: this is maria del carmen how can i help\n", "maria del carmen"),
    ("caller: hi yes um my name is oluwaseun adebayo i'm calling about a bill\n", "oluwaseun adebayo"),
])
def test_a_name_in_its_place_is_found(text: str, name: str) -> None:
    assert name in kept_names(text)


@pytest.mark.parametrize("text", [
    "PER*IC*BILLING OFFICE*TE*8137246140~\n",  # a department as the contact, then the qualifier
    "[INFO] service started\n",
    "agent: this is a recorded line\n",
])
def test_no_name_is_placed(text: str) -> None:
    assert kept_names(text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("MSH|^~\\&|A\rPID|1||MRN1^^^H^MR||TEST^PATIENT||19700101|F\r", "TEST^PATIENT"),  # a test patient
    ("[09/01/2025 14:02] Member: Olá, meu nome é Ana\n", "Member"),  # a role as the chat's speaker
    ("Sincerely,\nLuis Ramírez\nMember Advocacy\n", "Advocacy\n"),  # a department (the model's span ends in a newline)
])
def test_a_no_name_is_dropped(text: str, value: str) -> None:
    start = text.index(value)
    assert rec.not_a_name(text, start, start + len(value)) or rec.not_a_person(text, start, start + len(value))


def test_one_word_in_brackets_is_a_tools_tag_not_a_speaker() -> None:
    assert kept_names("Started by user Dependabot\n[Pipeline] sh\n+ echo ****\n") == []
