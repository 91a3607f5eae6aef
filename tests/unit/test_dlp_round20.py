"""Classes of the twentieth corpus's round (#15, retail, e-commerce and logistics). Pattern mode: a four-part version
after `fw=`, a release verb or in a container image's reference is no address; 19-digit cards (Maestro, UnionPay),
in a run or grouped 4-4-4-4-3; a group and a hyphen before digits make them a longer id, not a card; the password of
`lftp -u user,password` and of an SFTP / SSH / FTP client's constructor. Names (ner mode's filters): brands named after
a person, streets, a thing's name (`Gift card`) and a bullet's imperative are no one's name. Values are made up here."""

from __future__ import annotations

from typing import Callable

import pytest

from aoai_logpipe.core import recognizers as rec
from tests.unit.placed import kept_names

pytestmark = pytest.mark.timeout(120)

Scan = Callable[[str], list[tuple[str, str]]]


def test_recognizers_version_is_bumped_for_this_round() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 30


@pytest.mark.parametrize("text", [
    "11:53:29 operator=ZHAO fw=11.23.4.186",
    "The old terminals run 7.5.17.221.",
    "services:\n  app:\n    image: kestrel/storefront:9.18.3.238\n",
    "docker pull registry.kestrel.io:5000/pos/agent:6.13.19.154",
    "[ops-bot] deploy 8.25.12.115 done (c5561b5)",
])
def test_a_version_is_no_address(pattern_scan: Scan, text: str) -> None:
    assert [e for e, _ in pattern_scan(text) if e == "IP_ADDRESS"] == []


@pytest.mark.parametrize(("text", "address"), [
    ("extra_hosts:\n  - \"erp:10.231.16.217\"\n", "10.231.16.217"),
    ("the server runs on 10.20.30.40 since Monday", "10.20.30.40"),
    ("Runner 10.129.134.152 picked the job", "10.129.134.152"),
])
def test_an_address_near_the_same_words_is_still_found(pattern_scan: Scan, text: str, address: str) -> None:
    assert ("IP_ADDRESS", address) in pattern_scan(text)


@pytest.mark.parametrize(("text", "card"), [
    ("The money was taken from my card 6759 5124 5778 1995 426, please refund it.", "6759 5124 5778 1995 426"),
    ("She wrote her card down for us: 5018140909206799272. Receipt shows 305232****2073.", "5018140909206799272"),
    ("21:07:97 DEBUG emv track2 fallback PAN=6759626132216493056 exp=2811", "6759626132216493056"),
])
def test_a_19_digit_card_is_found(pattern_scan: Scan, text: str, card: str) -> None:
    assert ("CREDIT_CARD", card) in pattern_scan(text)


def test_digits_after_a_group_and_a_hyphen_are_a_longer_id(pattern_scan: Scan) -> None:
    text = '{"customer_name": "NOWAK", "phone": "", "last_order": "308-6682661-2495597"}'
    assert [e for e, _ in pattern_scan(text) if e == "CREDIT_CARD"] == []


@pytest.mark.parametrize(("text", "secret"), [
    ("lftp -u svc_pos,6elWjmoCmPQmNa sftp://sftp.logistica-sud.it -e 'mirror /outbound ./asn; quit'", "6elWjmoCmPQmNa"),
    ('using var sftp = new SftpClient("sftp.bol-partner.nl", 22, "magento", "v9BkZmveQNMA_");', "v9BkZmveQNMA_"),
    ('var ftp = new FtpClient("ftp.depot.example", "edi", "Depot.2020_");', "Depot.2020_"),
    ('var auth = new PasswordAuthenticationMethod("edi", "k7#Rw9pLq2");', "k7#Rw9pLq2"),
])
def test_a_file_transfer_password_is_found(pattern_scan: Scan, text: str, secret: str) -> None:
    assert secret in [v for _, v in pattern_scan(text)]


@pytest.mark.parametrize(("text", "value"), [
    ("Top brands: Dr. Martens, Ben & Jerry's, Karl Lagerfeld.", "Martens"),
    ("Top brands: Dr. Martens, Ben & Jerry's, Karl Lagerfeld.", "Karl Lagerfeld"),
    ("Brand partner: Bobbi Brown", "Bobbi Brown"),
    ("a Calvin Klein shirt, returned unworn", "Calvin Klein"),
    ("stock alert below 5 at Piazza Garibaldi", "Garibaldi"),
    ("Address: Atatürk Caddesi 191, 06420 Ankara", "Atatürk"),
    ("Konrad-Adenauer-Str. 5, Bahnhofstraße 12", "Bahnhofstraße"),
    ("nobody home at ul. Marii Skłodowskiej-Curie 99 30-001 Kraków", "Marii Skłodowskiej-Curie"),
    ("Martin Luther King Jr Blvd 32, Eindhoven", "Martin Luther King Jr"),
    ("VISA **** 2618\nGift card BR66-D8EE-76TC-6API", "Gift"),
])
def test_a_brand_a_street_or_a_thing_is_no_person(text: str, value: str) -> None:
    start = text.index(value)
    assert rec.not_a_person(text, start, start + len(value))


@pytest.mark.parametrize(("text", "name"), [
    ("Refund approved by Emeka Okafor.", "Emeka Okafor"),
    ("Marcel Döring called about the parcel.", "Marcel Döring"),
    ("Peter Gade signed for it.", "Peter Gade"),
])
def test_a_persons_name_is_kept(text: str, name: str) -> None:
    start = text.index(name)
    assert not rec.not_a_person(text, start, start + len(name))


def test_a_bullets_imperative_is_no_name() -> None:
    text = "- Cashier switched to the backup terminal.\n- Escalate to the payment team.\n"
    start = text.index("Escalate")
    assert rec.not_a_name(text, start, start + len("Escalate"))


def test_logins_and_names_in_a_column_of_staff_are_people() -> None:
    text = ("picker;bin;sku;ean;qty\ngiannis;H-17-04-5;LQQ-69796-S;8808441486887;4\n"
            "tomas vidal;C-07-10-1;KU0820-RED;8006525300047;4\nbatch-bot;E-21-05-2;BJ0654;4015656952357;1\n")
    assert kept_names(text) == ["giannis", "tomas vidal"]


def test_lower_case_cells_outside_a_column_of_staff_are_not_names() -> None:
    text = "status;bin;sku\nshipped;H-17-04-5;LQQ-69796-S\non hold;C-07-10-1;KU0820-RED\n"
    assert kept_names(text) == []


@pytest.mark.parametrize(("text", "name"), [
    ("@yejin.jung label printer in zone A is offline again", "yejin.jung"),
    ("15:37:77 operator=huong.dang fw=5.2.19.172", "huong.dang"),
])
def test_a_dotted_handle_mentioned_or_in_a_staff_field_is_a_person(text: str, name: str) -> None:
    assert kept_names(text) == [name]


@pytest.mark.parametrize("text", [
    "ping @deploy.bot when it is done", "ask @sre.oncall first", "mail ana.ruiz@contoso.com",
    '@app.route("/refunds")\ndef refunds(): ...', "    @pytest.fixture\n    def engine(): ...",
    "curl -d @body.json https://api.contoso.com/orders",
    "jdbc:mysql://svc_reports:Saffron_2021$@db-payroll.internal:3306/payroll",
])
def test_a_service_handle_a_decorator_a_file_or_a_host_is_no_mention(text: str) -> None:
    assert kept_names(text) == []
