"""The assistant's answers: fixed configs and commands, drafted replies, summaries and translations that
echo the values the user pasted, and explanations that contain only look-alikes."""

from __future__ import annotations

from tests.dlp_eval.corpus import N

from .build import Doc, template
from .tpl_common import DB_USERS, HOSTS, SHELL_PW, auth_header, conn_string, greet, sign, url_with_pw
from .values import Values


@template("answer_fixed_compose", 1.2)
def answer_compose(d: Doc, x: Values) -> None:
    r = x.r
    d.w("The problem is the indentation under `environment`. Here is the corrected file:\n\n```yaml\nservices:\n  db:\n    image: postgres:16\n",
        "    environment:\n      POSTGRES_USER: ", r.choice(DB_USERS), "\n      POSTGRES_PASSWORD: ", x.pw("password_yaml", "-_.!%"), "\n```\n\n",
        "I'd also recommend moving the password into an `.env` file or Docker secrets rather than committing it.")


@template("answer_fixed_command", 1.2)
def answer_command(d: Doc, x: Values) -> None:
    r = x.r
    p = r.random()
    if p < 0.35:
        d.w("Use `--password-stdin` so the password doesn't end up in your shell history:\n\n```bash\necho '", x.pw("password_cli", SHELL_PW),
            "' | docker login acrbrightlane.azurecr.io -u acrbrightlane --password-stdin\n```")
    elif p < 0.7:
        head, tok = auth_header(x)
        head = head.replace(" = ", ": ").replace("authorization=", "authorization: ")
        d.w("Your header is missing the space after the colon in one place. Try:\n\n```bash\ncurl -H \"", head, tok,
            "\" https://api.brightlane-logistics.com/v2/me\n```\nIf that still returns 401, check the token's audience.")
    else:
        a, pw, b = url_with_pw(x)
        d.w("URL-encode special characters in the password. The connection string should look like:\n\n```\n", a, pw, b, "\n```")


@template("answer_env_explained", 2.0)
def answer_env(d: Doc, x: Values) -> None:
    r = x.r
    name, tok = x.token()
    d.w("`", name, "` is set in your shell but not exported, so the child process doesn't see it. Change the line to:\n\n```bash\nexport ", name, "=\"",
        tok, "\"\n```\n\n", r.choice(("Then re-run the script.", "Also consider rotating this value, since you've shared it here.")))


@template("answer_reply_draft", 1.1)
def answer_reply(d: Doc, x: Values) -> None:
    r = x.r
    lang = r.choice(("en", "en", "de", "es", "fr"))
    culture = {"en": r.choice(("en", "in", "ng", "zh", "ja", "ar")), "de": "de", "es": "es", "fr": "fr"}[lang]
    to = x.first(culture)
    me = x.name()
    d.w("Here's a draft:\n\n---\n")
    d.w(*greet(x, lang, to))
    p = r.random()
    if p < 0.35:
        d.w({"en": "Thank you for sending your updated bank details. We have recorded the new account ",
             "de": "vielen Dank für die neue Bankverbindung. Wir haben das Konto ", "es": "gracias por enviar sus nuevos datos bancarios. Hemos registrado la cuenta ",
             "fr": "merci pour vos nouvelles coordonnées bancaires. Nous avons enregistré le compte "}[lang], x.iban(), ".")
    elif p < 0.6:
        d.w({"en": "I tried calling you on ", "de": "ich habe versucht, Sie unter ", "es": "intenté llamarle al ", "fr": "j'ai essayé de vous joindre au "}[lang],
            x.phone(), {"en": " but couldn't get through.", "de": " zu erreichen.", "es": " sin éxito.", "fr": " sans succès."}[lang])
    else:
        d.w({"en": "we will have the fix deployed by Friday.", "de": "wir spielen den Fix bis Freitag ein.", "es": "tendremos la corrección el viernes.",
             "fr": "le correctif sera déployé vendredi."}[lang])
    d.w(*sign(x, lang, me))
    d.w("---")


@template("answer_summary", 1.2)
def answer_summary(d: Doc, x: Values) -> None:
    r = x.r
    d.w("**Summary**\n\n- ", x.name(), " reported that ", r.choice(("the billing portal rejects logins", "the nightly export failed",
                                                                    "the VPN drops every 10 minutes")), ".\n")
    if r.random() < 0.6:
        d.w("- Contact: ", x.email() if r.random() < 0.5 else x.phone(), "\n")
    if r.random() < 0.4:
        d.w("- Affected host: ", x.ip(), "\n")
    d.w("- Next step: ", x.first(), " will follow up by ", r.choice(("Tuesday", "end of day", "the next standup")), ".\n")


@template("answer_translation", 1.0)
def answer_translation(d: Doc, x: Values) -> None:
    r = x.r
    who = x.first(r.choice(("de", "es", "it", "pl")))
    d.w("Translation:\n\n\"", who, ", the password is ", x.pw("password_prose", "!#%-_.?"), ". Please change it after you log in for the first time.\"")
    if r.random() < 0.4:
        d.w("\n\nNote: sharing passwords over chat isn't recommended; consider a one-time secret link instead.")


@template("answer_fixed_code", 1.2)
def answer_code(d: Doc, x: Values) -> None:
    r = x.r
    if r.random() < 0.5:
        d.w("You're passing the key positionally. Use the keyword argument:\n\n```python\nclient = AzureOpenAI(\n    api_key=\"", x.cred("azure_openai_key"),
            "\",\n    api_version=\"2024-10-21\",\n    azure_endpoint=\"https://aoai-weu.openai.azure.com\",\n)\n```\n",
            "Better still, read it from `os.environ`.")
    else:
        d.w("Wrap the connection in a pool:\n\n```python\npool = psycopg2.pool.SimpleConnectionPool(1, 10, host=\"", HOSTS[0], "\", user=\"",
            r.choice(DB_USERS), "\", password=\"", x.pw("password_ctor", "!#%*-_."), "\")\n```")


@template("answer_conn_string", 1.0)
def answer_conn(d: Doc, x: Values) -> None:
    d.w("The `Encrypt` flag is the culprit. Your corrected connection string:\n\n```\n", conn_string(x), "\n```\n\n",
        "Store it in Key Vault and reference it from App Service configuration.")


@template("answer_csv_json", 1.0)
def answer_csv_json(d: Doc, x: Values) -> None:
    r = x.r
    d.w("```json\n[\n")
    rows = r.choice((1, 2))
    for i in range(rows):
        n, m = x.person_mail()
        d.w("  {\"name\": \"", n, "\", \"email\": \"", m, "\"")
        if r.random() < 0.5:
            d.w(", \"phone\": \"", x.phone(), "\"")
        d.w("}", "," if i < rows - 1 else "", "\n")
    d.w("]\n```")


@template("answer_ssn_masking", 0.9)
def answer_ssn(d: Doc, x: Values) -> None:
    r = x.r
    d.w("Row 2 has an invalid SSN (", x.neg("bad_ssn"), ") — area numbers 000, 666 and 900-999 are never issued. Row 1 (",
        x.ssn(r.choice(("-", " "))), ") is fine. To mask it in a view:\n\n```sql\nSELECT emp_id, 'XXX-XX-' + RIGHT(ssn, 4) AS ssn FROM hr.employees;\n```")


@template("answer_negatives_only", 1.3)
def answer_negatives(d: Doc, x: Values) -> None:
    r = x.r
    p = r.random()
    if p < 0.33:
        d.w("`AKIAIOSFODNN7EXAMPLE` style values are documentation placeholders. For local testing use Azurite with its well-known key:\n\n",
            "AccountKey=", x.neg("azurite"), "\n\nand for Stripe use the test card ", x.neg("test_card"), ".")
    elif p < 0.66:
        d.w("The id ", x.neg("chatcmpl"), " identifies the completion, not a key. The GUID ", x.neg("guid"),
            " is the deployment's operation id. Neither is secret.")
    else:
        d.w("Use `", N("kubectl", "code_word", "PERSON"), " rollout restart` after upgrading ", N("Redis", "code_word", "PERSON"), " to ",
            x.neg("version"), "; the image digest sha256:", x.neg("sha256"), " pins it. Documentation IP ", x.neg("doc_ip"), " is fine in examples.")


@template("answer_private_key", 1.0)
def answer_pkey(d: Doc, x: Values) -> None:
    d.w("Your key has Windows line endings. After converting, it should look like this:\n\n", x.pkey(), "\n\nThen `chmod 600` it.")


@template("answer_sas", 0.7)
def answer_sas(d: Doc, x: Values) -> None:
    from .tpl_common import sas
    d.w("Append the SAS as the query string; the full URL is:\n\nhttps://stordersprod.blob.core.windows.net/exports/orders.csv?", sas(x),
        "\n\nNote that `se` is in UTC.")
