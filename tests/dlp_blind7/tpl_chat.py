"""Chat: Slack / Teams banter with pasted secrets, personal prompts in prose, multilingual prompts,
and model answers (completions) that echo, rewrite or extract values."""

from __future__ import annotations

from tests.dlp_blind7.build import Doc, template
from tests.dlp_blind7.common import setting
from tests.dlp_blind7.values import Values


@template("chat_slack_banter", weight=3)
def slack(v: Values, d: Doc) -> None:
    a, b = v.names(), v.names()
    d.add("summarize this slack thread for the standup\n\n")
    d.add(v.person(*a), f"  {v.num(8, 11)}:{v.num(10, 59)} AM\nanyone got the staging creds? ", v.pick(["😅", "lol", "pls", ""]), "\n")
    d.add(v.person(*b), f"  {v.num(8, 11)}:{v.num(10, 59)} AM\n@", v.first(a[0]), " here ya go: `", v.any_cred(), "` dont tell ",
          v.first(), " haha\n")
    name, val = setting(v)
    d.add(v.person(*a), "\nty! also is ", name, " still ", val, " or did ", v.first(), " rotate it?\n")
    d.add(v.person(*b), "\nno idea, the old one was ", v.neg("masked_key"), ". db box is ", v.ipv4(private=True), ", pw ", v.pw("password_prose"), "\n")


@template("chat_teams_ops", weight=3)
def teams(v: Values, d: Doc) -> None:
    d.add("Teams chat export, extract action items:\n\n")
    for _ in range(v.num(3, 5)):
        c = v.num(0, 4)
        d.add("[", v.neg("timestamp"), "] ", v.person(), ": ")
        if c == 0:
            d.add("can someone whitelist ", v.ip(), " on the firewall?\n")
        elif c == 1:
            d.add("new hire ", v.person(), " starts monday, phone ", v.phone(), ", mail ", v.email(), "\n")
        elif c == 2:
            d.add("the key is ", v.aoai_key("azure_ai_key_no_keyword"), " fyi\n")
        elif c == 3:
            d.add("use this token ", v.any_cred(), " for the migration script\n")
        else:
            d.add("build ", v.neg("build"), " is green, version ", v.neg("version4"), ", note: ", v.anyneg(), "\n")


@template("chat_prose_personal", weight=3)
def prose(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add(v.pick(["Help me fill in this form. ", "Write a cover letter for me. ", "Can you check my tax details? ", "I need to dispute a charge. "]))
    d.add("My name is ", v.person(f, la), ", I live in ", v.pick(["Leeds", "Lyon", "Austin", "Graz", "Porto"]), " and my email is ", v.email(f, la),
          ". ", v.pick(["My SSN is ", "social: ", "SSN "]), v.ssn(), ", card ", v.card(), ", phone ", v.phone(), ". ")
    d.add(v.pick(["My colleague ", "My wife ", "My manager "]), v.person(last=la if v.r.random() < 0.4 else None), " will also sign. ",
          "Bank: ", v.iban(), ".\n")


@template("chat_key_prose", weight=3)
def key_prose(v: Values, d: Doc) -> None:
    c = v.num(0, 5)
    if c == 0:
        d.add("my azure openai key is ", v.aoai_key(), " and endpoint https://", v.company(), ".openai.azure.com — why 401?\n")
    elif c == 1:
        d.add("ok so I have this value from the portal ", v.aoai_key("azure_ai_key_no_keyword"), " do I put it in the header or query?\n")
    elif c == 2:
        d.add("the password for the shared mailbox is ", v.pw("password_prose"), ", can you write a python script that logs in with IMAP and reads ",
              v.email(), "?\n")
    elif c == 3:
        d.add("here's my openai key ", v.openai(), " and anthropic ", v.anthropic(), ", write a script to compare both\n")
    elif c == 4:
        d.add("pw is ", v.pw("password_prose"), " user is ", v.first(), " and host ", v.ip(), " — ssh keeps saying permission denied\n")
    else:
        d.add("aws creds: ", v.aws_id(), " / ", v.aws_secret(), " — region eu-central-1. list my buckets. (not ", v.neg("aws_example"), ")\n")


@template("chat_multilingual", weight=4)
def multilingual(v: Values, d: Doc) -> None:
    f, la = v.names()
    c = v.num(0, 7)
    if c == 0:
        d.add("Hallo, ich bin ", v.person(f, la), ". Mein Passwort ist ", v.pw("password_prose"), " und der API-Schlüssel lautet ", v.any_cred(),
              ". Warum funktioniert das nicht? Meine Nummer: ", v.phone("DE"), "\n")
    elif c == 1:
        d.add("Bonjour, je m'appelle ", v.person(f, la), ". Voici ma clé : ", v.aoai_key(), ", mon mot de passe est ", v.pw("password_prose"),
              " et mon IBAN ", v.iban("FR"), ". Pouvez-vous vérifier ?\n")
    elif c == 2:
        d.add("Hola, soy ", v.person(f, la), ". La contraseña es ", v.pw("password_prose"), " y mi tarjeta ", v.card(), ". Escríbeme a ",
              v.email(f, la), "\n")
    elif c == 3:
        d.add("Ciao, sono ", v.person(f, la), ". La password è ", v.pw("password_prose"), ", il mio IBAN è ", v.iban("IT"), " e il cellulare ",
              v.phone("IT"), ".\n")
    elif c == 4:
        d.add("こんにちは、", v.person(f, la), "です。パスワードは ", v.pw("password_prose"), " です。電話番号は ", v.phone("JP"), "。トークン: ",
              v.any_cred(), "\n")
    elif c == 5:
        d.add("Olá, sou ", v.person(f, la), ". A minha senha é ", v.pw("password_prose"), ", CPF não tenho, mas o cartão é ", v.card(),
              " e o telefone ", v.phone("BR"), ".\n")
    elif c == 6:
        d.add("Hej! Jag heter ", v.person(f, la), ". Lösenordet är ", v.pw("password_prose"), " och mitt nummer ", v.phone("SE"), ". IBAN ",
              v.iban("SE"), "\n")
    else:
        d.add("Cześć, tu ", v.person(f, la), ". Hasło to ", v.pw("password_prose"), ", konto ", v.iban("PL"), ", telefon ", v.phone("PL"), ".\n")


@template("chat_code_help_paste", weight=2)
def paste(v: Values, d: Doc) -> None:
    d.add("error when running the script, full output:\n\n```\n$ python sync.py --user ", v.email(), "\n")
    name, val = setting(v)
    d.add("DEBUG settings: {'", name, "': '", val, "', 'timeout': 30, 'build': '", v.neg("build"), "'}\n")
    d.add("requests.exceptions.ConnectionError: HTTPSConnectionPool(host='", v.ipv4(False), "', port=443)\n```\n", v.pick(["help", "???", "any idea"]), "\n")


@template("answer_rewrite_config", completion=True, weight=3)
def answer_config(v: Values, d: Doc) -> None:
    d.add(v.pick(["Sure! Here is the cleaned-up configuration:", "Here's the YAML version of your config:", "Voici la configuration corrigée :"]),
          "\n\n```yaml\ndatabase:\n  host: ", v.ipv4(private=True), "\n  password: ", v.pw("password_yaml"), "\n")
    for _ in range(v.num(1, 3)):
        name, val = setting(v, "password_yaml")
        d.add(f"{name.lower().replace('.', '_').replace(':', '_')}: ", val, "\n")
    d.add("```\n\n**Note:** you should not keep secrets in plain text. Move the value `", v.neg("placeholder"),
          "` to Key Vault and rotate the keys above.\n")


@template("answer_extract_json", completion=True, weight=3)
def answer_extract(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add("Here is the extracted data:\n\n```json\n{\n  \"name\": \"", v.person(f, la), "\",\n  \"email\": \"", v.email(f, la), "\",\n  \"phone\": \"",
          v.phone(), "\",\n  \"iban\": \"", v.iban(), "\",\n  \"vat\": \"", v.neg("vat"), "\",\n  \"ssn\": \"", v.ssn(), "\"\n}\n```\n")


@template("answer_reply_draft", completion=True, weight=3)
def answer_reply(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add("Subject: Re: your refund\n\nDear ", v.person(f, la), ",\n\nthank you for contacting us. We have issued a refund of ", v.neg("amount"),
          " to the card ending in ", v.neg("masked_card"), " — actually to ", v.card(), " as requested. You will also receive a confirmation at ",
          v.email(f, la), ". If you have questions please call ", v.person(), " at ", v.phone(), ".\n\nKind regards,\n", v.person(), "\n")


@template("answer_explain_logs", completion=True, weight=2)
def answer_logs(v: Values, d: Doc) -> None:
    d.add("The failures come from ", v.ip(), " — it tried the user ", v.email(), " repeatedly. The request at line 3 shows the bearer token `",
          v.jwt(), "` in clear text, so rotate it. The 401 is because your key `", v.aoai_key(), "` belongs to another resource. The trace id ",
          v.neg("traceparent"), " is not sensitive.\n")


@template("answer_code_fix", completion=True, weight=3)
def answer_code(v: Values, d: Doc) -> None:
    d.add("The problem is the connection string. Here's the fixed code:\n\n```python\n")
    c = v.num(0, 3)
    if c == 0:
        d.add("engine = create_engine(\"", v.pw_url(), "\", pool_pre_ping=True)\n")
    elif c == 1:
        d.add("client = BlobServiceClient.from_connection_string(\"", v.conn(), "\")\n")
    elif c == 2:
        d.add("s3 = boto3.client(\"s3\", aws_access_key_id=\"", v.aws_id(), "\", aws_secret_access_key=\"", v.aws_secret(), "\")\n")
    else:
        d.add("headers = {\"Authorization\": f\"Bearer ", v.bearer(), "\"}\n")
    d.add("```\n\nI also replaced `", v.neg("stripe_test"), "` with an environment variable; the hash `", v.neg("sha256"),
          "` is just the file checksum.\n")


@template("answer_summary_ticket", completion=True, weight=2)
def answer_summary(v: Values, d: Doc) -> None:
    d.add("**Summary:** ", v.person(), " reports a double charge on card ", v.card(), ". **Priority:** High. **Next step:** refund to IBAN ", v.iban(),
          ", then call the customer at ", v.phone(), ". The SSN ", v.ssn(), " they sent should be deleted from the ticket.\n")


@template("answer_translate", completion=True, weight=2)
def answer_translate(v: Values, d: Doc) -> None:
    f, la = v.names()
    d.add("Translation:\n\n\"Hello ", v.first(), ",\n\nplease transfer the refund to my new IBAN ", v.iban(), ". You can reach me at ", v.phone(),
          ". My password for the portal is ", v.pw("password_prose"), ", in case you need it.\n\nBest regards,\n", v.person(f, la), "\"\n")


@template("chat_ssh_key_paste", weight=3)
def ssh_key(v: Values, d: Doc) -> None:
    d.add(v.pick(["ssh says 'invalid format' for this key, what's wrong?", "@", "why does paramiko reject this:"]))
    if d.text.endswith("@"):
        d.add(v.first(), " can you add this to the jump host, it's my deploy key\n")
    d.add("\n", v.private_key(), "\n", v.pick(["", "(passphrase is " ]))
    if d.text.endswith("is "):
        d.add(v.pw("password_prose"), ")\n")
    d.add("host: ", v.ip(), "  user: ", v.pick(["ubuntu", "azureuser", "ec2-user"]), "\n")


@template("chat_inventory_no_keyword", weight=3)
def inventory(v: Values, d: Doc) -> None:
    d.add(v.pick(["which of these resources are in the wrong region?", "make a markdown table sorted by region",
                  "my colleague uses these, which one is for prod?"]), "\n\n")
    for _ in range(v.num(2, 4)):
        d.add(f"{v.company()}-ai-{v.pick(['eus', 'weu', 'sec', 'jpe'])}{v.num(1, 9)}\t{v.pick(['eastus2', 'westeurope', 'swedencentral', 'japaneast'])}\t",
              v.aoai_key("azure_ai_key_no_keyword"), "\t", v.neg("guid"), "\n")


@template("answer_key_rotation", completion=True, weight=2)
def answer_rotation(v: Values, d: Doc) -> None:
    d.add("I found these secrets in the files you shared; rotate them in this order:\n\n")
    for i in range(v.num(2, 4)):
        name, val = setting(v)
        d.add(f"{i + 1}. `{name}` = `", val, "` — ", v.pick(["exposed in the CI log", "committed to git", "present in the .env"]), "\n")
    d.add(f"{i + 2}. The SSH key beginning `-----BEGIN` in deploy/ — regenerate it.\n\nThe values `", v.neg("aws_example"), "` and `",
          v.neg("azurite"), "` are public documentation/emulator values and can stay.\n")


@template("chat_live_support", weight=3)
def live(v: Values, d: Doc) -> None:
    f, la = v.names()
    agent = v.names()
    d.add("Live chat transcript, rate the agent:\n\n", v.first(agent[0]), " (Agent): Hi, I'm ", v.first(agent[0]), ", how can I help?\n",
          "Visitor: hi my order ", v.neg("order"), " never came\n", v.first(agent[0]), " (Agent): Sorry! Can I have the name on the order?\n",
          "Visitor: ", v.person(f, la), ", email ", v.email(f, la), "\n", v.first(agent[0]), " (Agent): Thanks ", v.first(f),
          ". For security, the last 4 of your card?\nVisitor: the whole card is ", v.card(), " lol. exp ", f"{v.num(1, 12):02d}/{v.num(27, 31)}",
          "\nVisitor: also my number changed, new one ", v.phone(), "\n", v.first(agent[0]), " (Agent): Noted. Refund ref ", v.neg("invoice"), ".\n")
