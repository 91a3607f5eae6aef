"""The classes of misses and false positives the ninth blind corpus found (issue #15), one behaviour per
test, each with near-miss negatives. Values are made up here, not the corpus's."""

from __future__ import annotations

import pytest

from aoai_logpipe.core import recognizers as rec
from aoai_logpipe.core.dlp import DEFAULT_PHONE_REGIONS
from tests.unit.placed import placed_names
from tests.dlp_eval.checksums import luhn_complete

pytestmark = pytest.mark.timeout(300)

S = {spec.entity: spec for spec in rec.SPECS}


def _found(entity: str, text: str) -> list[str]:
    return [text[r.start:r.end] for r in S[entity].recognizer("en").analyze(text, [entity])]


def _secrets(text: str) -> list[str]:
    return _found("GENERIC_SECRET", text)


def _phones(text: str) -> list[str]:
    recognizer = rec.phone_recognizer("en", DEFAULT_PHONE_REGIONS)
    return [text[r.start:r.end] for r in recognizer.analyze(text, ["PHONE_NUMBER"])]


def _cards(text: str) -> list[str]:
    return [text[r.start:r.end] for r in rec.credit_card_recognizer("en").analyze(text, ["CREDIT_CARD"])]


def _ssns(text: str) -> list[str]:
    return [text[r.start:r.end] for r in rec.ssn_recognizer("en").analyze(text, ["US_SSN"])
            if r.score >= rec.NAMED_SSN_SCORE]


def test_recognizers_version_is_bumped_for_the_ninth_corpus() -> None:
    assert int(rec.RECOGNIZERS_VERSION) >= 13


# ------------------------------------------------------------ 1. session cookies are bearer credentials

_SESSION = "q7Tz0pLmW3xYvB9kR2sN8dHf5gJcA1eUoIi4"


@pytest.mark.parametrize("text", [
    f"HTTP/1.1 302 Found\nSet-Cookie: sid={_SESSION}; Path=/; Secure; HttpOnly\n",
    f"curl -H 'Cookie: lang=de; theme=light; connect.sid={_SESSION}' https://app.internal/api",
    f"Cookie: ASP.NET_SessionId={_SESSION}==",
])
def test_an_opaque_session_cookie_in_a_cookie_header_is_a_bearer_token(text: str) -> None:
    assert [v.rstrip("=") for v in _found("BEARER_TOKEN", text)] == [_SESSION]


@pytest.mark.parametrize("text", [
    "Set-Cookie: lang=en; Path=/",
    "Cookie: theme=dark; consent=accepted; tz=Europe%2FBerlin",
    "Set-Cookie: ARRAffinity=4f2c9a81d0be77c3a9e15d6f02b48c7e1f0a93b6d25e8c4a7; Path=/",  # one case: an affinity hash
    "session=q7Tz0pLmW3xYvB9kR2sN8dHf5gJcA1eUoIi4 in a sentence about sessions",  # no cookie header
])
def test_plain_cookie_values_and_cookies_outside_a_header_are_not_bearer_tokens(text: str) -> None:
    assert _found("BEARER_TOKEN", text) == []


# ------------------------------------------------------------ 2. "use X to log in"


@pytest.mark.parametrize(("text", "value"), [
    ("[09:12] Dana Ruiz: use Heron#lake42 to log in, it expires tonight", "Heron#lake42"),
    ("Description: account unlocked, use Quartz-river7 to sign in and change it", "Quartz-river7"),
    ("try Plum!orbit55 to login", "Plum!orbit55"),
])
def test_a_password_used_to_log_in_is_found(text: str, value: str) -> None:
    assert value in _secrets(text)


@pytest.mark.parametrize("text", [
    "use SSO to log in, not the local account",
    "use your badge to sign in at the front desk",
    "use Okta-Verify to log in",  # no digit or symbol: an app's name
])
def test_what_one_uses_to_log_in_that_is_no_password_is_not_a_secret(text: str) -> None:
    assert _secrets(text) == []


# ------------------------------------------------------------ 3. a password piped to --password-stdin


@pytest.mark.parametrize(("text", "value"), [
    ("echo '+Vk3pQz8LmN2wRt' | docker login reg.example.io -u ci --password-stdin", "+Vk3pQz8LmN2wRt"),
    ('printf "%s" "Gx7#tide2Lp" | helm registry login reg.example.io --username ci --password-stdin', "Gx7#tide2Lp"),
    ("echo -n Tq9pW2xL5 | podman login quay.io -u bot --password-stdin", "Tq9pW2xL5"),
    ("echo 'Sn0w!fall21' | sudo -S systemctl restart nginx", "Sn0w!fall21"),
])
def test_a_password_piped_into_a_command_that_reads_it_from_stdin_is_found(text: str, value: str) -> None:
    assert value in _secrets(text)


@pytest.mark.parametrize("text", [
    'echo "$REGISTRY_PASSWORD" | docker login reg.example.io -u ci --password-stdin',
    "echo $(az acr login --expose-token -o tsv) | docker login reg.example.io --password-stdin",
    "echo 'build done' | tee -a build.log",
    "echo 'Gx7#tide2Lp' > notes.txt",
])
def test_a_reference_or_an_echo_into_no_login_is_not_a_secret(text: str) -> None:
    assert _secrets(text) == []


# ------------------------------------------------------------ 4. Mailgun's newer key format


def test_a_bare_hyphenated_mailgun_key_is_found() -> None:
    key = "3b9e0c1f7a2d4e6b8c0a1f3e5d7b9c2a-6f1e2d3c-0a9b8c7d"
    assert _found("MAILGUN_KEY", f"rotated it, the new one:\n{key}\n\nfor staging") == [key]


@pytest.mark.parametrize("text", [
    "request 3b9e0c1f-7a2d-4e6b-8c0a-1f3e5d7b9c2a failed",  # a GUID
    "3b9e0c1f7a2d4e6b8c0a1f3e5d7b9c2a-6f1e2d3c",  # one group after the digest
])
def test_guids_and_digests_are_no_mailgun_key(text: str) -> None:
    assert _found("MAILGUN_KEY", text) == []


# ------------------------------------------------------------ 5. a card after "card per customer:"


def test_a_card_named_by_a_card_word_before_an_id_label_is_found() -> None:
    card = luhn_complete("453201874419362")
    spaced = " ".join(card[i:i + 4] for i in range(0, 16, 4))
    assert _cards(f"Paid with card ending ...9Xq2, refund asked. Full card per customer: {spaced}") == [spaced]
    assert _cards(f"card number from the invoice: {card}") == [card]


def test_a_number_after_an_id_label_without_a_card_word_is_still_an_id() -> None:
    card = luhn_complete("453201874419362")
    assert _cards(f"customer: {card}") == []
    assert _cards(f"order no: {card}") == []


# ------------------------------------------------------------ 6. SSN columns of psql and MySQL tables


@pytest.mark.parametrize("text", [
    " id | name      | ssn       | hired\n----+-----------+-----------+-------\n  7 | J. Doe | 536228714 | 2020-01-02\n",
    "+----+--------+-----------------+\n| id | name   | social security |\n+----+--------+-----------------+\n"
    "|  7 | J. Doe | 536228714       |\n+----+--------+-----------------+\n",
])
def test_nine_digits_under_an_ssn_header_above_a_table_rule_are_an_ssn(text: str) -> None:
    assert _ssns(text) == ["536228714"]


def test_nine_digits_under_another_header_above_a_table_rule_are_not() -> None:
    text = " id | name      | order_no  | hired\n----+-----------+-----------+-------\n  7 | J. Doe | 536228714 | 2020-01-02\n"
    assert _ssns(text) == []


# ------------------------------------------------------------ 8. fictional NANP numbers in any layout


@pytest.mark.parametrize("text", [
    "Support line in the mockup: +1 212 555 0142",
    "Fax: +1 212 555 0188",
    "call 1.646.555.0107",
    "(646) 555-0155",
    "phone 6465550123",
])
def test_numbers_in_the_nanp_fiction_range_are_no_phones(text: str) -> None:
    assert _phones(text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("Support line: +1 212 555 0242", "+1 212 555 0242"),  # 555-0242 is outside the fiction range
    ("Mobil: +49 30 5550123", "+49 30 5550123"),  # not North American
])
def test_numbers_outside_the_fiction_range_are_still_phones(text: str, value: str) -> None:
    assert _phones(text) == [value]


# ------------------------------------------------------------ 9. an E.164 number is no card


def test_digits_after_a_plus_are_no_card() -> None:
    assert _cards("sms from: '+4917612345678', body: 'code 1234'") == []


def test_a_card_without_a_plus_is_still_a_card() -> None:
    card = luhn_complete("491761234567890")
    assert _cards(f"card {card}") == [card]


# ------------------------------------------------------------ 10. an SSN-shaped booking number


@pytest.mark.parametrize("text", [
    "the hotel confirmed, room block 536-22-8714 for the offsite",
    "booking 536-22-8714 is confirmed",
    "reservation: 536-22-8714",
])
def test_an_ssn_shaped_number_named_as_a_booking_is_no_ssn(text: str) -> None:
    assert [r for r in rec.ssn_recognizer("en").analyze(text, ["US_SSN"])] == []


def test_an_ssn_next_to_a_booking_word_further_away_is_still_an_ssn() -> None:
    text = "the booking is done; her SSN is 536-22-8714"
    assert [text[r.start:r.end] for r in rec.ssn_recognizer("en").analyze(text, ["US_SSN"])] == ["536-22-8714"]


# ------------------------------------------------------------ 11. a password flag named in prose


@pytest.mark.parametrize("text", [
    "WARNING! Using --password via the CLI is insecure. Use --password-stdin.",
    "the --client-secret flag is deprecated",
    "pass --token only when the cache is cold",
])
def test_a_flag_named_in_prose_has_no_value(text: str) -> None:
    assert _secrets(text) == []


def test_a_flag_with_a_value_is_still_a_secret() -> None:
    assert _secrets("az login --service-principal -u app --password Wq8!riverT") == ["Wq8!riverT"]


# ------------------------------------------------------------ 7. PERSON by its place (ner mode)


@pytest.mark.parametrize(("text", "name"), [
    ("maria luisa  9:41 AM\nthe deploy is green\n", "maria luisa"),
    ("ping tomasz, he has the vpn config", "tomasz"),
    ("@Ingrid Holm @kwame — please review before EOD", "Ingrid Holm"),
    ("@Ingrid Holm @kwame — please review before EOD", "kwame"),
    ("[10:02] Ana Ruiz: @bogdan can you check the pipeline?", "bogdan"),
    ("@Lotte van den Broek please approve", "Lotte van den Broek"),
    ("Customer on the phone (Tariq) gave his card number.", "Tariq"),
    ("Cliente (Ximena) dice que no funciona.", "Ximena"),
    ("Giedre, la contraseña nueva está en el vault.", "Giedre"),
    ('"Radek, the password is in the vault."', "Radek"),
    ("- Next step: Ingrid will call back on Monday.", "Ingrid"),
    ("Morning Tariq,\n\nthe fix is live.", "Tariq"),
    ("--\nMaren Falk\nHead of Finance\n", "Maren Falk"),
    ("Please pay to IBAN DE00 0000 0000 0000 0000 00 by Friday.\nKenji Watanabe\n", "Kenji Watanabe"),
    ("0  51234        Lotte van den Broek    lotte@fabrikam.nl    NL\n", "Lotte van den Broek"),
])
def test_a_name_in_a_chat_mail_or_printout_is_found_by_its_place(text: str, name: str) -> None:
    assert name in placed_names(text)


@pytest.mark.parametrize("text", [
    "ping them, they have the config",
    "@here please review before EOD",
    "@types/node is outdated",
    "User (Admin) cannot log in.",
    "However, the password is in the vault.",
    "Next step: Finance will follow up.",
    "The invoice is attached.\nKind Regards\n",
    "0  51234        Lotte    lotte@fabrikam.nl    NL\n",  # one word: a label as often as a name
])
def test_words_in_those_places_that_are_no_name_are_not_a_person(text: str) -> None:
    assert placed_names(text) == []


# ------------------------------------------------------------ 12. PERSON false positives


@pytest.mark.parametrize(("text", "word"), [
    ("CRM note — Account: Rotkehl Werke\nContact: Ana Ruiz", "Rotkehl Werke"),
    ("Company: Blauwe Vogel\n", "Blauwe Vogel"),
    ("Merci pour votre aide.\nBien à vous,\nA. Ruiz", "Bien"),
    ("Pozdrawiam,\nA. Ruiz", "Pozdrawiam"),
    ("Prosimy o przelew do piątku.", "Prosimy"),
    ("Social Security Number: 536228714", "Social Security Number"),
    ("Date of Birth: 1990-01-01", "Date of Birth"),
    ("Is the BIN a Mastercard?", "Mastercard"),
    ("Der Fehler wurde im Log gefunden.", "Log"),
])
def test_companies_sign_offs_labels_brands_and_german_nouns_are_no_names(text: str, word: str) -> None:
    start = text.index(word)
    assert rec.not_a_name(text, start, start + len(word))


@pytest.mark.parametrize(("text", "word"), [
    ("Contact: Ana Ruiz", "Ana Ruiz"),
    ("Ich habe mit Anna gesprochen.", "Anna"),
    ("Bien sûr, Camille Roux a répondu.", "Camille Roux"),
])
def test_names_near_those_words_are_still_names(text: str, word: str) -> None:
    start = text.index(word)
    assert not rec.not_a_name(text, start, start + len(word))
