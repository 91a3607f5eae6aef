"""Code snippets in several languages, HTTP clients (curl, httpie, Postman), SQL dumps, CSVs, notebooks, logs."""

from __future__ import annotations

import json

from tests.dlp_blind4.build import Doc, template
from tests.dlp_blind4.values import Values


@template("python_snippet", weight=3)
def python_snippet(v: Values, d: Doc) -> None:
    d.fill("```python\nfrom openai import AzureOpenAI\nimport boto3, psycopg2\n\nclient = AzureOpenAI(\n    api_key=\"⟨k⟩\",\n"
           "    azure_endpoint=\"https://⟨h⟩.openai.azure.com\",\n    api_version=\"2024-06-01\",\n)\n"
           "s3 = boto3.client('s3', aws_access_key_id='⟨aid⟩', aws_secret_access_key='⟨sec⟩')\n"
           "conn = psycopg2.connect(host='⟨ip⟩', user='etl', password='⟨pw⟩')\n# request-id: ⟨rid⟩\n```\n"
           "I get `AuthenticationError` on the first call, what did I miss?",
           k=v.aoai(), h=v.host(), aid=v.aws_id(), sec=v.aws_secret(), ip=v.ipv4(True), pw=v.password("password_ctor"),
           rid=v.n_guid())


@template("node_snippet", weight=3)
def node_snippet(v: Values, d: Doc) -> None:
    d.fill("const sgMail = require('@sendgrid/mail');\nsgMail.setApiKey('⟨sg⟩');\nconst stripe = require('stripe')('⟨st⟩');\n"
           "const { WebClient } = require('@slack/web-api');\nconst slack = new WebClient(\"⟨sl⟩\");\n"
           "await sgMail.send({ to: '⟨to⟩', from: '⟨fr⟩', subject: 'Receipt ⟨ord⟩' });\n// node ⟨ver⟩\n\nRefactor this to read from process.env.",
           sg=v.sendgrid(), st=v.stripe(), sl=v.slack(), to=v.email(), fr=v.email(), ord=v.n_order(), ver=v.n_version())


@template("csharp_snippet", weight=3)
def csharp_snippet(v: Values, d: Doc) -> None:
    d.fill("var credential = new ClientSecretCredential(\"⟨tid⟩\", \"⟨cid⟩\", \"⟨es⟩\");\n"
           "var blob = new BlobServiceClient(\"⟨cs⟩\");\nvar sb = new ServiceBusClient(\"⟨sb⟩\");\n"
           "var cosmos = new CosmosClient(\"https://⟨h⟩.documents.azure.com:443/\", \"⟨ck⟩\");\n"
           "// emulator: ⟨az⟩\n\nWhy does DefaultAzureCredential not pick these up?",
           tid=v.n_tenant(), cid=v.n_tenant(), es=v.entra(), cs=v.conn_storage(), sb=v.conn_sb(), h=v.host(), ck=v.cosmos_key(),
           az=v.n_azurite())


@template("java_go_snippet", weight=3)
def java_go_snippet(v: Values, d: Doc) -> None:
    if v.r.random() < 0.5:
        d.fill("DataSource ds = new HikariDataSource();\nds.setJdbcUrl(\"jdbc:sqlserver://⟨ip⟩:1433;databaseName=⟨w⟩\");\n"
               "ds.setUsername(\"sa\");\nds.setPassword(\"⟨pw⟩\");\nString twilioToken = \"⟨tw⟩\";\n"
               "Twilio.init(\"AC⟨acsid⟩\", twilioToken);\n// serialVersionUID = ⟨epoch⟩L\nExplain the NullPointerException.",
               ip=v.ipv4(True), w=v.word(), pw=v.password("password_ctor"), tw=v.twilio_auth(), acsid=v.n_md5(), epoch=v.n_epoch_ms())
    else:
        d.fill("package main\n\nconst hfToken = \"⟨hf⟩\"\nvar jwtTok = \"⟨jwt⟩\"\n\nfunc main() {\n"
               "\treq.Header.Set(\"Authorization\", \"Bearer \"+jwtTok)\n\treq.Header.Set(\"X-Trace\", \"⟨tr⟩\")\n"
               "\tdb, _ := sql.Open(\"postgres\", \"postgres://svc:⟨pw⟩@⟨ip⟩:5432/app?sslmode=disable\")\n}\n\nWhy is the header ignored?",
               hf=v.hf(), jwt=v.jwt(), tr=v.n_trace(), pw=v.password_nourl("password_url"), ip=v.ipv4(True))


@template("curl_httpie", weight=4)
def curl_httpie(v: Values, d: Doc) -> None:
    k = v.r.randint(0, 3)
    if k == 0:
        d.fill("curl https://⟨h⟩.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 \\\n"
               "  -H \"Content-Type: application/json\" \\\n  -H \"api-key: ⟨k⟩\" \\\n  -d '{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'\n"
               "< x-request-id: ⟨rid⟩\n< apim-request-id: ⟨rid2⟩\nreturns 401, key copied from portal",
               h=v.host(), k=v.aoai(), rid=v.n_guid(), rid2=v.n_guid())
    elif k == 1:
        d.fill("http POST https://api.anthropic.com/v1/messages x-api-key:⟨an⟩ anthropic-version:2023-06-01 model=claude-3-5-sonnet\n"
               "HTTP/1.1 400 Bad Request\nrequest-id: req_⟨rid⟩\n\nwhat's wrong with my httpie syntax?", an=v.anthropic(), rid=v.n_short_hex())
    elif k == 2:
        d.fill("curl -u ⟨u⟩:⟨pw⟩ https://⟨h⟩.atlassian.net/rest/api/3/myself\ncurl -H 'Authorization: Bearer ⟨bt⟩' https://graph.microsoft.com/v1.0/me\n"
               "curl -H \"Authorization: token ⟨gh⟩\" https://api.github.com/user\n# both 401 since ⟨dt⟩", u=v.email(),
               pw=v.password_nourl("password_cli"), h=v.host(), bt=v.bearer(), gh=v.github(), dt=v.n_date())
    else:
        d.fill("curl -X PUT -T report.pdf \"https://⟨acct⟩.blob.core.windows.net/reports/report.pdf?⟨sas⟩\" -H \"x-ms-blob-type: BlockBlob\"\n"
               "AuthenticationFailed: Signature did not match. RequestId:⟨rid⟩ Time:⟨dt⟩T10:01:22.1234567Z",
               acct=v.host().replace("-", ""), sas=v.sas(), rid=v.n_guid(), dt=v.n_date())


@template("postman", weight=3)
def postman(v: Values, d: Doc) -> None:
    d.fill("{\n  \"info\": {\"_postman_id\": \"⟨pid⟩\", \"name\": \"⟨w⟩ API\"},\n  \"auth\": {\"type\": \"bearer\", \"bearer\": [{\"key\": \"token\", "
           "\"value\": \"⟨jwt⟩\", \"type\": \"string\"}]},\n  \"variable\": [\n    {\"key\": \"baseUrl\", \"value\": \"https://⟨ip⟩:8443\"},\n"
           "    {\"key\": \"apiKey\", \"value\": \"⟨key⟩\"},\n    {\"key\": \"exampleKey\", \"value\": \"⟨ph⟩\"},\n"
           "    {\"key\": \"adminPassword\", \"value\": \"⟨pw⟩\"}\n  ]\n}\nGenerate a Python requests version of this collection.",
           pid=v.n_guid(), w=v.word(), jwt=v.jwt(), ip=v.ip(), key=v.pick([v.google, v.openai, v.mailgun, v.stripe])(),
           ph=v.n_placeholder(), pw=v.password("password_kv"))


@template("sql_dump", weight=3)
def sql_dump(v: Values, d: Doc) -> None:
    d.fill("-- MySQL dump 10.13  Distrib ⟨ver⟩\nINSERT INTO `customers` (`id`,`name`,`email`,`phone`,`iban`,`card`,`ssn`,`last_ip`) VALUES\n",
           ver=v.n_version())
    for i in range(v.r.randint(2, 4)):
        d.fill("(⟨id⟩,'⟨n⟩','⟨e⟩','⟨ph⟩','⟨ib⟩','⟨cc⟩','⟨ssn⟩','⟨ip⟩')⟨end⟩\n", id=str(v.r.randint(1000, 99999)),
               n=f"{v.first()} {v.last()}".replace("'", "''"), e=v.email(), ph=v.phone(), ib=v.iban(), cc=v.card(), ssn=v.ssn(),
               ip=v.ip(), end=",")
    d.fill("(⟨id⟩,'Test User','n/a','⟨fp⟩','⟨bi⟩','⟨tc⟩','⟨xs⟩','⟨mask⟩');\nWrite a migration that encrypts these columns.",
           id=str(v.r.randint(1000, 99999)), fp=v.n_fake_phone(), bi=v.n_bad_iban(), tc=v.n_testcard(), xs=v.n_example_ssn(),
           mask=v.n_publicdoc_ip())


@template("csv_export", weight=3)
def csv_export(v: Values, d: Doc) -> None:
    d.fill("order_id;created;customer_email;amount;card_last_used;phone;build\n")
    for _ in range(v.r.randint(3, 5)):
        if v.r.random() < 0.7:
            d.fill("⟨o⟩;⟨dt⟩;⟨e⟩;⟨p⟩;⟨cc⟩;⟨ph⟩;⟨b⟩\n", o=v.n_order(), dt=v.n_date(), e=v.email(), p=v.n_price(), cc=v.card(),
                   ph=v.phone(), b=v.n_build())
        else:
            d.fill("⟨o⟩;⟨dt⟩;⟨e⟩;⟨p⟩;⟨cc⟩;⟨ph⟩;⟨b⟩\n", o=v.n_order(), dt=v.n_date(), e=v.email(), p=v.n_price(), cc=v.n_testcard(),
                   ph=v.n_fake_phone(), b=v.n_epoch_ms())
    d.fill("Which customers ordered more than once?")


@template("jupyter", weight=3)
def jupyter(v: Values, d: Doc) -> None:
    d.fill("In [3]: import os\n   ...: os.environ['HUGGINGFACEHUB_API_TOKEN'] = '⟨hf⟩'\n   ...: os.environ['OPENAI_API_KEY'] = '⟨ok⟩'\n"
           "In [4]: df.head(3)\nOut[4]:\n   user_id                 email        ip_address  score\n0  ⟨u1⟩  ⟨e1⟩  ⟨ip1⟩  0.91\n"
           "1  ⟨u2⟩  ⟨e2⟩  ⟨ip2⟩  0.12\nIn [5]: display(Image(data))\nOut[5]: <img src=\"⟨img⟩\">\nIn [6]: hashlib.sha256(b).hexdigest()\n"
           "Out[6]: '⟨sha⟩'\n\nWhy is the second score so low?",
           hf=v.hf(), ok=v.openai(), u1=v.n_guid(), e1=v.email(), ip1=v.ip(), u2=v.n_guid(), e2=v.email(), ip2=v.ip(),
           img=v.n_base64_img(), sha=v.n_sha256())


@template("app_log", weight=3)
def app_log(v: Values, d: Doc) -> None:
    rec = {"ts": "__DT__", "level": "ERROR", "msg": "upstream auth failed"}
    d.fill("Our gateway logged this, is the key leaked?\n")
    d.fill("⟨dt⟩T12:00:01Z ERROR trace=⟨tr⟩ client=⟨ip⟩ user=⟨e⟩ msg=\"401 from upstream\" authorization=\"Bearer ⟨bt⟩\"\n",
           dt=v.n_date(), tr=v.n_trace(), ip=v.ip(), e=v.email(), bt=v.pick([v.bearer, v.jwt])())
    d.fill("⟨dt⟩T12:00:02Z WARN  retry attempt=3 build=⟨b⟩ sha=⟨sha⟩ x-ms-client-request-id=⟨g⟩\n",
           dt=v.n_date(), b=v.n_build(), sha=v.n_sha1(), g=v.n_guid())
    d.fill("⟨dt⟩T12:00:03Z DEBUG " + json.dumps(rec).replace('"__DT__"', '"now"') + " ssh_key=⟨pem⟩\n", dt=v.n_date(), pem=v.pem())


@template("key_list", weight=3)
def key_list(v: Values, d: Doc) -> None:
    d.fill("I found these in an old wiki page while cleaning up; tell me which vendor each one belongs to and how to revoke it:\n")
    gens = [v.github, v.gitlab, v.slack, v.stripe, v.sendgrid, v.twilio, v.mailgun, v.npm, v.pypi, v.hf, v.google, v.aws_id,
            v.openai, v.anthropic, v.ado, v.npm, v.pypi, v.ado]
    for g in v.r.sample(gens, 5):
        d.fill("- ⟨k⟩\n", k=g())
    d.fill("- ⟨a⟩\n- ⟨b⟩\n- ⟨c⟩\n", a=v.n_example_aws(), b=v.n_pk_live(), c=v.n_sku())


@template("azure_cli", weight=3)
def azure_cli(v: Values, d: Doc) -> None:
    acct = v.host().replace("-", "")[:20]
    d.fill("$ az storage account keys list -g rg-⟨w⟩ -n ⟨a⟩ -o json\n[\n  {\n    \"creationTime\": \"⟨dt⟩T09:12:44.113822+00:00\",\n"
           "    \"keyName\": \"key1\",\n    \"permissions\": \"FULL\",\n    \"value\": \"⟨k1⟩\"\n  },\n  {\n    \"keyName\": \"key2\",\n"
           "    \"permissions\": \"FULL\",\n    \"value\": \"⟨k2⟩\"\n  }\n]\n$ az cognitiveservices account keys list -n ⟨h⟩ -g rg-⟨w⟩\n"
           "{\n  \"key1\": \"⟨c1⟩\",\n  \"key2\": \"⟨c2⟩\"\n}\n$ az account show --query id -o tsv\n⟨sub⟩\n"
           "$ az vm list-ip-addresses -o table\nVirtualMachine    PublicIPAddresses    PrivateIPAddresses\n----------------  -------------------  --------------------\n"
           "vm-⟨w⟩           ⟨pub⟩       ⟨priv⟩\n\nWhich key should I rotate first?",
           w=v.word(), a=acct, dt=v.n_date(), k1=v.storage_key(), k2=v.storage_key(), h=v.host(), c1=v.aoai(), c2=v.aoai(),
           sub=v.n_guid(), pub=v.ipv4(False), priv=v.ipv4(True))
