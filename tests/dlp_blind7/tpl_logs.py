"""Logs pasted into prompts: JSON application logs, plain lines, nginx access logs, CI logs, HTTP
debugging, stack traces with locals, kubectl output, auth/audit logs."""

from __future__ import annotations

from tests.dlp_blind7.build import Doc, template
from tests.dlp_blind7.common import setting
from tests.dlp_blind7.values import Values

LEVELS = ["INFO", "WARN", "ERROR", "DEBUG"]


@template("log_json", weight=3)
def json_log(v: Values, d: Doc) -> None:
    d.add(v.pick(["what does this error mean", "seeing these in App Insights since the deploy:", "parse these and tell me which user failed",
                  "Kannst du die Logs analysieren?"]), "\n\n")
    for _ in range(v.num(3, 5)):
        c = v.num(0, 4)
        d.add('{"ts":"', v.neg("timestamp"), f'","level":"{v.pick(LEVELS)}","traceId":"', v.neg("traceparent"), '",')
        if c == 0:
            d.add('"msg":"login ok","user":"', v.email(), '","clientIp":"', v.ip(), '"}\n')
        elif c == 1:
            d.add('"msg":"payment declined","card":"', v.card(), '","amount":"', v.neg("amount"), '","customer":"', v.person(), '"}\n')
        elif c == 2:
            name, val = setting(v)
            d.add(f'"msg":"outbound call","headers":{{"{name}":"', val, '"},"requestId":"', v.neg("request_id"), '"}\n')
        elif c == 3:
            d.add('"msg":"sms sent","to":"', v.phone(), '","order":"', v.neg("order"), '"}\n')
        else:
            d.add('"msg":"payout created","iban":"', v.iban(grouped=False), '","beneficiary":"', v.person(), '"}\n')


@template("log_plain_app", weight=3)
def plain(v: Values, d: Doc) -> None:
    d.add(v.pick(["prod logs from last night, anything suspicious?", "tail -n 50 /var/log/app/worker.log", "grep ERROR output:"]), "\n")
    for _ in range(v.num(4, 7)):
        c = v.num(0, 5)
        d.add(v.neg("timestamp"), f" {v.pick(LEVELS)} [{v.pick(['worker-3', 'http-nio-8080-exec-7', 'main', 'celery@w1'])}] ")
        if c == 0:
            d.add("Connecting to ", v.pw_url(), "\n")
        elif c == 1:
            d.add("User ", v.email(), " logged in from ", v.ip(), "\n")
        elif c == 2:
            d.add("KYC check passed for ", v.person(), " ssn=", v.ssn(), "\n")
        elif c == 3:
            name, val = setting(v)
            d.add(f"loaded config {name}=", val, "\n")
        elif c == 4:
            d.add("retry 3/5 build ", v.neg("build"), " job ", v.neg("guid"), " ref=", v.anyneg(), "\n")
        else:
            d.add("callback to ", v.phone(), " scheduled by ", v.person(), "\n")


@template("log_nginx_access", weight=2)
def nginx(v: Values, d: Doc) -> None:
    d.add("nginx access.log — who is hammering us?\n\n")
    for _ in range(v.num(3, 5)):
        c = v.num(0, 3)
        d.add(v.ip(), f' - - [07/Dec/2026:0{v.num(0, 5)}:{v.num(10, 59)}:{v.num(10, 59)} +0000] "GET ')
        if c == 0:
            d.add("/api/v1/export?access_token=", v.bearer(), " HTTP/1.1\" 200 ")
        elif c == 1:
            d.add("/files/report.csv?", v.sas(), " HTTP/1.1\" 403 ")
        elif c == 2:
            d.add("/maps/geocode?address=Berlin&key=", v.google(), " HTTP/2.0\" 200 ")
        else:
            d.add("/health HTTP/1.1\" 200 ")
        d.add(f'{v.num(100, 99999)} "-" "Mozilla/5.0" rt=0.{v.num(100, 999)}\n')


@template("log_ci", weight=3)
def ci(v: Values, d: Doc) -> None:
    d.add(v.pick(["GitHub Actions run failed, log:", "Azure Pipelines job output, the publish step fails", "GitLab CI job log"]), "\n\n")
    d.add(f"2026-12-0{v.num(1, 7)}T03:1{v.num(0, 9)}:22.1234567Z ##[group]Run npm publish\n")
    d.add("npm notice Publishing to https://registry.npmjs.org/ with token ", v.npm(), "\n")
    d.add("+ echo \"//registry.npmjs.org/:_authToken=", v.npm(), "\" > .npmrc\n")
    d.add("+ git push https://x-access-token:", v.github(), "@github.com/", v.company(), "/app.git HEAD:main\n")
    d.add("+ twine upload -u __token__ -p ", v.pypi(), " dist/*\n")
    d.add("Uploading app-", v.neg("version4"), ".tar.gz\nERROR: HTTP 403 from ", v.ipv4(False), "\n")
    d.add("+ curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"deploy failed\"}' ", v.slack_webhook(), "\n")
    d.add("Image digest: ", v.neg("image_digest"), "\nTriggered by ", v.person(), " (", v.email(), ")\n")


@template("log_http_debug", weight=3)
def http(v: Values, d: Doc) -> None:
    d.add(v.pick(["curl -v output, getting 401, why?", "Fiddler capture of the failing call:", "HTTP trace from Postman console"]), "\n\n")
    d.add("*   Trying ", v.ipv4(False), ":443...\n* Connected\n> POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 HTTP/1.1\n")
    c = v.num(0, 4)
    if c == 0:
        d.add("> api-key: ", v.aoai_key(), "\n")
    elif c == 1:
        d.add("> Authorization: Bearer ", v.jwt(), "\n")
    elif c == 2:
        d.add("> Authorization: Bearer ", v.openai(), "\n")
    elif c == 3:
        d.add("> x-api-key: ", v.anthropic(), "\n")
    else:
        d.add("> Authorization: Bearer ", v.bearer(), "\n")
    d.add("> x-ms-client-request-id: ", v.neg("guid"), "\n> Content-Type: application/json\n>\n< HTTP/1.1 401 Unauthorized\n"
          "< apim-request-id: ", v.neg("guid"), "\n< x-ms-region: East US 2\n")
    d.add('{"messages":[{"role":"user","content":"customer ', v.person(), ' wants a refund to ', v.iban(), '"}]}\n')
    d.add('< {"id":"', v.neg("chatcmpl"), '","error":{"code":"401","message":"Access denied due to invalid subscription key."}}\n')


@template("log_traceback_locals", weight=3)
def trace(v: Values, d: Doc) -> None:
    d.add(v.pick(["got this traceback in sentry, what's the fix?", "Sentry event w/ local vars:", "stack trace from prod (locals on)"]), "\n\n")
    d.add("Traceback (most recent call last):\n  File \"/app/billing/charge.py\", line ", str(v.num(20, 400)), ", in charge\n"
          "    resp = stripe.PaymentIntent.create(amount=amount, customer=cust)\n")
    d.add("  locals:\n    amount = ", str(v.num(100, 99999)), "\n    cust = 'cus_", v.s("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 14),
          "'\n    api_key = '", v.stripe(), "'\n    email = '", v.email(), "'\n    card_last4 = '", v.neg("masked_card"), "'\n")
    d.add("    billing_name = '", v.person(), "'\n    phone = '", v.phone(), "'\n")
    d.add("stripe.error.AuthenticationError: Request req_", v.s("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 14), ": Invalid API key\n")


@template("log_kubectl", weight=2)
def kubectl(v: Values, d: Doc) -> None:
    d.add("$ kubectl get pods -o wide -n payments\nNAME                      READY   STATUS             IP             NODE\n")
    for _ in range(v.num(2, 4)):
        d.add(f"payments-api-{v.s('abcdef0123456789', 10)}-{v.s('abcdefghijklmnopqrstuvwxyz', 5)}   0/1     CrashLoopBackOff   ",
              v.ipv4(private=True), f"     aks-nodepool1-{v.num(10000000, 99999999)}-vmss00000{v.num(0, 9)}\n")
    d.add("$ kubectl logs payments-api-0 | tail\nFATAL: password authentication failed for user \"payments\" (password used: ",
          v.pw("password_kv"), ")\n$ kubectl get secret payments -o jsonpath='{.data.password}' | base64 -d\n", v.pw("password_cli"),
          "\n$ kubectl describe node | grep InternalIP\n  InternalIP:  ", v.ipv4(private=True), "\n")


@template("log_auth_audit", weight=2)
def audit(v: Values, d: Doc) -> None:
    d.add(v.pick(["Entra sign-in logs export, flag the risky ones", "auth.log from the bastion", "audit trail for the incident"]), "\n\n")
    d.add("Date,User,UPN,IP,Location,Result,CorrelationId\n")
    for _ in range(v.num(3, 6)):
        d.add(v.neg("timestamp"), ",", v.person(), ",", v.email(), ",", v.ip(), f",{v.pick(['Frankfurt', 'Lagos', 'Dublin', 'São Paulo', 'Mumbai'])},"
              f"{v.pick(['Success', 'Failure: 50126', 'Interrupted'])},", v.neg("guid"), "\n")
    d.add(f"Dec  7 0{v.num(0, 5)}:12:44 bastion sshd[{v.num(1000, 30000)}]: Failed password for invalid user admin from ", v.ipv4(False),
          f" port {v.num(30000, 65000)} ssh2\n")


@template("log_firewall_syslog", weight=2)
def firewall(v: Values, d: Doc) -> None:
    d.add("firewall deny logs, which source is the scanner?\n\n")
    for _ in range(v.num(4, 6)):
        d.add(f"Dec  7 0{v.num(0, 5)}:{v.num(10, 59)}:{v.num(10, 59)} fw01 kernel: DROP IN=eth0 OUT= MAC=", v.neg("mac"), " SRC=", v.ip(), " DST=",
              v.ipv4(private=True), f" LEN=60 PROTO=TCP SPT={v.num(1024, 65000)} DPT={v.pick([22, 443, 3389, 5432])}\n")


@template("log_db_slow_query", weight=2)
def slowlog(v: Values, d: Doc) -> None:
    d.add("mysql slow query log — can you suggest indexes?\n\n# Time: ", v.neg("timestamp"), "\n# User@Host: crm[crm] @  [", v.ipv4(private=True),
          "]\n# Query_time: 12.", str(v.num(100, 999)), "  Rows_examined: ", str(v.num(10000, 900000)), "\nSELECT * FROM orders WHERE customer_email = '",
          v.email(), "' OR phone = '", v.phone(), "' OR card_number = '", v.card(sep=""), "';\n# Time: ", v.neg("timestamp"),
          "\nUPDATE customers SET iban = '", v.iban(grouped=False), "', name = '", v.person(), "' WHERE id = ", v.neg("order_digits"), ";\n")
