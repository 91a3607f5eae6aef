"""Tabular data people paste: CSV/TSV and spreadsheet exports, markdown tables, SQL INSERT dumps and
query results, JSON API payloads and responses, and forms filled in as text."""

from __future__ import annotations

from tests.dlp_blind5.build import Doc, template
from tests.dlp_blind5.values import CITIES, COMPANIES, Values
from tests.dlp_eval.corpus import PERSON
from tests.dlp_eval.templates import Val

ASKS = ["Can you dedupe this list and tell me which rows are missing a phone?",
        "Turn this into a JSON array, one object per row.",
        "Find the rows where the country doesn't match the IBAN prefix.",
        "Sort by last name and flag anything that looks malformed.",
        "Please check this export before I send it to the auditors.",
        "Why does Excel mangle the numbers in this file?"]


def _name(v: Values) -> tuple[str, str]:
    return v.name_parts()


@template("csv_hr_export", weight=3)
def csv_hr(v: Values, d: Doc) -> None:
    d.add(v.pick(ASKS), "\n\n", "employee_id,first_name,last_name,email,phone,ssn,hire_date,salary\n")
    for _ in range(v.rng.randint(3, 6)):
        f, la = _name(v)
        d.add(v.employee_id(), ",", Val(f, PERSON, PERSON), ",", Val(la, PERSON, PERSON), ",", v.email_for(f, la), ",",
              v.phone("US", v.pick(["national", "dashes", "e164"])), ",", v.ssn(v.pick(["-", ""])),
              f",2023-0{v.rng.randint(1, 9)}-1{v.rng.randint(0, 9)},", v.amount() if v.rng.random() < 0.3 else
              f"{v.rng.randint(60, 180)}000", "\n")


@template("csv_payroll_eu", weight=3)
def csv_payroll(v: Values, d: Doc) -> None:
    sep = v.pick([";", ","])
    d.add("Export aus SAP HCM, bitte prüfen / please sanity-check before the SEPA run:\n\n",
          sep.join(["Personalnr", "Name", "IBAN", "BIC", "Betrag", "Verwendungszweck"]), "\n")
    for _ in range(v.rng.randint(3, 6)):
        d.add(v.employee_id(), sep, v.person(), sep, v.iban(grouped=v.rng.random() < 0.3), sep,
              v.pick(["COBADEFFXXX", "BNPAFRPPXXX", "INGBNL2A", "BSCHESMMXXX", "UNCRITMMXXX"]), sep, v.amount(), sep,
              "Gehalt 11/2026\n")
    if v.rng.random() < 0.5:
        d.add("Summe", sep, sep, v.iban_broken(), sep, sep, v.amount(), sep, "Kontrollzeile (ungültig)\n")


@template("tsv_crm_paste", weight=3)
def tsv_crm(v: Values, d: Doc) -> None:
    d.add("pasted from the CRM grid (tab separated):\n\nAccount\tContact\tEmail\tMobile\tLast order\tCity\n")
    for _ in range(v.rng.randint(3, 7)):
        f, la = _name(v)
        d.add(v.pick(COMPANIES), "\t", v.person(f, la), "\t", v.email_for(f, la), "\t", v.phone(), "\t",
              v.order_no(), "\t", v.pick(CITIES), "\n")
    d.add("\n", v.pick(ASKS))


@template("spreadsheet_customer_cards", weight=2)
def spreadsheet_cards(v: Values, d: Doc) -> None:
    d.add("Sheet1 (copied from Excel)\nCustomer\tCard number\tExp\tCVV\tBilling phone\tNote\n")
    for _ in range(v.rng.randint(3, 6)):
        d.add(v.person(), "\t", v.card(), f"\t{v.rng.randint(1, 12):02d}/{v.rng.randint(27, 31)}\t{v.digits(3)}\t",
              v.phone(), "\t", v.pick(["chargeback", "VIP", "", "declined twice"]), "\n")
    d.add("QA\t", v.test_card(), "\t12/30\t123\t\tsandbox only\n")
    d.add("Old\t", v.masked("CREDIT_CARD"), "\t\t\t\tcard replaced\n\nWhich of these are expired?")


@template("markdown_table", weight=3)
def markdown_table(v: Values, d: Doc) -> None:
    d.add("| Name | E-mail | Phone | IBAN | Status |\n|---|---|---|---|---|\n")
    for _ in range(v.rng.randint(3, 6)):
        f, la = _name(v)
        d.add("| ", v.person(f, la), " | ", v.email_for(f, la), " | ", v.phone(), " | ", v.iban(), " | ",
              v.pick(["active", "onboarding", "left"]), " |\n")
    d.add("| Test user | ", v.mailbox(), " | ", v.fake_phone(), " | ", v.example_iban(), " | test |\n\n",
          "Can you add a column with the country derived from the IBAN?")


@template("markdown_table_answer", completion=True, weight=2)
def markdown_answer(v: Values, d: Doc) -> None:
    d.add("Here is the table reformatted, with the country column added:\n\n| Customer | Country | IBAN | Contact |\n"
          "|---|---|---|---|\n")
    for _ in range(v.rng.randint(3, 5)):
        country = v.pick(["DE", "FR", "ES", "IT", "NL", "BE", "AT", "PT", "PL", "IE", "SE"])
        d.add("| ", v.person(), f" | {country} | ", v.iban(country), " | ", v.email(), " |\n")
    d.add("\nNote: the row with ", v.iban_broken(), " fails the IBAN check digits, so I left its country blank.")


@template("sql_insert_dump", weight=3)
def sql_insert(v: Values, d: Doc) -> None:
    d.add("-- mysqldump 8.0.36, table `customers`\n", "INSERT INTO `customers` (`id`,`full_name`,`email`,`phone`,"
          "`card_pan`,`ip_signup`,`created_at`) VALUES\n")
    n = v.rng.randint(2, 5)
    for i in range(n):
        f, la = _name(v)
        d.add(f"({v.rng.randint(1000, 99999)},'", v.person(f, la), "','", v.email_for(f, la), "','", v.phone(), "','",
              v.card(grouping="plain"), "','", v.ip(), "','2026-0", str(v.rng.randint(1, 9)), "-14 09:12:44')",
              ",\n" if i < n - 1 else ";\n")
    d.add("\nThe import fails on row 3 with 'Data too long for column card_pan'. Why?")


@template("sql_insert_postgres", weight=2)
def sql_insert_pg(v: Values, d: Doc) -> None:
    d.add("COPY public.employees (emp_no, name, ssn, iban, personal_email) FROM stdin;\n")
    for _ in range(v.rng.randint(3, 6)):
        d.add(v.employee_id(), "\t", v.person(), "\t", v.ssn("-"), "\t", v.iban(grouped=False), "\t", v.email(), "\n")
    d.add("\\.\n\nThis restore is slow on Azure Database for PostgreSQL, any tips?")


@template("sql_query_result", weight=3)
def sql_result(v: Values, d: Doc) -> None:
    d.add("crm=> SELECT id, name, email, last_login_ip, api_token FROM users WHERE locked;\n"
          "  id   |        name        |            email             | last_login_ip  |  api_token\n"
          "-------+--------------------+------------------------------+----------------+------------------\n")
    for _ in range(v.rng.randint(2, 5)):
        d.add(f" {v.rng.randint(100, 99999):>5} | ", v.person(), " | ", v.email(), " | ", v.ip(), " | ",
              v.pick([v.github_token, v.stripe_key, v.bearer])(), "\n")
    d.add("(rows)\n\nwhy are these users locked when the token is still valid?")


@template("sql_server_result", weight=2)
def sql_server(v: Values, d: Doc) -> None:
    d.add("Results from SSMS (Grid to Text):\n\nCustomerID  FullName              TaxId         Phone              CreditCard\n"
          "----------- --------------------- ------------- ------------------ --------------------\n")
    for _ in range(v.rng.randint(3, 5)):
        d.add(f"{v.rng.randint(10000, 99999)}       ", v.person(), "    ", v.ssn(), "   ", v.phone("US", "national"),
              "     ", v.card(), "\n")
    d.add(f"\n({v.rng.randint(3, 5)} rows affected)\nCompletion time: ", v.timestamp(), "\n\nHow do I mask the card column with "
          "Dynamic Data Masking?")


@template("json_api_response", weight=3)
def json_response(v: Values, d: Doc) -> None:
    f, la = _name(v)
    d.add('GET /api/v2/customers/', v.guid("customer_id"), ' returned this, is the schema right?\n\n{\n'
          '  "id": "', v.guid("customer_id"), '",\n  "name": "', v.person(f, la), '",\n  "email": "', v.email_for(f, la),
          '",\n  "phone": "', v.phone(style="e164"), '",\n  "billing": {\n    "iban": "', v.iban(grouped=False),
          '",\n    "card_last4": "', v.digits(4), '",\n    "mandate_ref": "', v.invoice(), '"\n  },\n  "last_seen_ip": "',
          v.ip(), '",\n  "created": "', v.timestamp(), '",\n  "etag": "', v.md5(), '"\n}')


@template("json_api_request", weight=2)
def json_request(v: Values, d: Doc) -> None:
    d.add("POST /v1/payouts\nContent-Type: application/json\nIdempotency-Key: ", v.guid("idempotency_key"),
          "\n\n{\n  \"beneficiary\": {\"name\": \"", v.person(), "\", \"iban\": \"", v.iban(), "\", \"email\": \"", v.email(),
          "\"},\n  \"amount\": ", v.amount(), ",\n  \"reference\": \"", v.invoice(), "\",\n  \"callback_ip\": \"", v.ipv4(False),
          "\"\n}\n\nThe API answers 422 'beneficiary.iban invalid' - what's wrong with it?")


@template("json_user_list", completion=True, weight=2)
def json_list_answer(v: Values, d: Doc) -> None:
    d.add("Sure, here is the list as JSON:\n\n```json\n[\n")
    n = v.rng.randint(2, 4)
    for i in range(n):
        f, la = _name(v)
        d.add('  {"first": "', Val(f, PERSON, PERSON), '", "last": "', Val(la, PERSON, PERSON), '", "email": "',
              v.email_for(f, la), '", "mobile": "', v.phone(), '"}', ",\n" if i < n - 1 else "\n")
    d.add("]\n```\n")


@template("form_bank_transfer", weight=2)
def form_transfer(v: Values, d: Doc) -> None:
    d.add("Please proofread this transfer request before I submit it:\n\nBANK TRANSFER REQUEST\nOrdering customer: ",
          v.person(), "\nDebit account (IBAN): ", v.iban(), "\nBeneficiary: ", v.pick(COMPANIES), "\nBeneficiary IBAN: ",
          v.iban(), "\nBIC: ", v.pick(["DEUTDEFF", "BNPAFRPP", "RABONL2U", "CAIXESBB"]), "\nAmount: EUR ", v.amount(),
          "\nReference: ", v.invoice(), "\nContact phone: ", v.phone(), "\nSigned: ", v.person(), "\n")


@template("form_insurance_claim", weight=2)
def form_claim(v: Values, d: Doc) -> None:
    d.add("Claim form — motor / household\nPolicy no.: POL-", v.order_no(), "\nPolicyholder: ", v.person(),
          "\nSSN (US residents): ", v.ssn(), "\nDate of loss: 2026-11-0", str(v.rng.randint(1, 9)), "\nPhone: ", v.phone(),
          "\nE-mail: ", v.email(), "\nRefund to card: ", v.card(), "\nor to account: ", v.iban(), "\nDescription: rear-ended "
          "at a junction in ", v.pick(CITIES), ", other driver ", v.person(), " admitted fault.\n\nRewrite the description "
          "more formally.")


@template("form_onboarding", weight=2)
def form_onboarding(v: Values, d: Doc) -> None:
    f, la = _name(v)
    d.add("New hire onboarding checklist\n- Full name: ", v.person(f, la), "\n- Work email: ", v.email_for(f, la),
          "\n- Private mobile: ", v.phone(), "\n- Social Security Number: ", v.ssn(), "\n- Salary account: ", v.iban(),
          "\n- Laptop asset tag: ", v.employee_id(), "\n- Badge photo ref: ", v.guid("photo_id"), "\n- Manager: ",
          v.person(), "\n- Temp password for first login: ", v.pw("password_prose"), "\n\nDraft the welcome email from this.")


@template("form_visa_application", weight=2)
def form_visa(v: Values, d: Doc) -> None:
    d.add("Help me fill the remaining fields of the visa application:\n\nSurname / Given names: ", v.person(),
          "\nPassport issued: 2022-0", str(v.rng.randint(1, 9)), "-1", str(v.rng.randint(0, 9)), "\nHome phone: ", v.phone(),
          "\nE-mail: ", v.email(), "\nUS SSN (if any): ", v.ssn(), "\nInviting company contact: ", v.person(), ", ", v.phone(),
          "\nPostal code: ", v.postal(), "\nApplication ID: ", v.invoice(), "\n")


@template("csv_access_log_export", weight=2)
def csv_access(v: Values, d: Doc) -> None:
    d.add("timestamp,client_ip,user,action,bytes,request_id\n")
    for _ in range(v.rng.randint(4, 8)):
        d.add(v.timestamp(), ",", v.ip(), ",", v.email(), ",", v.pick(["login", "export", "download", "delete"]), ",",
              str(v.rng.randint(100, 99999)), ",", v.guid("request_id"), "\n")
    d.add("\nWhich IPs show up for more than one user?")


@template("csv_orders_negatives", weight=2)
def csv_orders(v: Values, d: Doc) -> None:
    d.add("order_id,tracking,isbn,sku_version,total,postcode,invoice\n")
    for _ in range(v.rng.randint(4, 7)):
        d.add(v.order_no(), ",", v.tracking(), ",", v.isbn(), ",", v.version4(), ",", v.amount(), ",", v.postal(), ",",
              v.invoice(), "\n")
    d.add("\nCustomer service line: ", v.phone(), "\nWhy are the ISBNs showing as 9.78E+12 in Excel?")
