"""Texts about people, written the way employees write them: meeting notes and action items, HR cases,
reviews, complaints, CRM notes, recruiting, post-mortems, invites, mail threads, chat, call transcripts,
letters, expenses, org charts, code review and git output."""

from __future__ import annotations

from tests.dlp_eval.corpus import N

from .build import template
from .tpl_common import cred, maybe
from .values import Values

TEAMS = ["legal", "procurement", "the vendor", "finance", "IT security", "payroll", "the customer", "HR"]
PROJECTS = ["Project Falcon", "Project Nightingale", "Project Aurora", "Phoenix Suite"]


def who(v: Values):  # noqa: ANN201
    first, last = v.names()
    return first, last, v.P(f"{first} {last}")


@template("meeting_notes", 2)
def meeting_notes(d, v: Values) -> None:  # noqa: ANN001
    a, b, c = who(v), who(v), who(v)
    d.w("Meeting notes - ", N(v.pick(PROJECTS), "code_name", "PERSON"), f" weekly sync, {v.date()}\n")
    d.w("Attendees: ", a[2], ", ", b[2], ", ", c[2] if v.chance(0.5) else v.not_name(), "\n\nDiscussion:\n")
    d.w(f"- Budget for Q{v.num(1, 4)} is on track ({v.money()} spent). Migration to ", v.not_name(), " slipped a week.\n")
    d.w("\nAction items:\n- ", v.P(a[0]), f" to follow up with {v.pick(TEAMS)} on the NDA\n- ", v.P(b[0]),
        " to send the updated deck by ", N(v.pick(["Friday", "Monday", "Thursday"]), "weekday", "PERSON"), "\n")
    maybe(d, v, 0.3, 0.25, 0.5)
    d.w("\nCan you turn this into a summary email for the team?")


@template("meeting_actions_short", 2)
def meeting_actions(d, v: Values) -> None:  # noqa: ANN001
    a, b = who(v), who(v)
    d.w(v.pick(["AIs from today:\n", "Action items\n", "todo after standup:\n"]))
    d.w("* ", v.P(a[0]), f" to follow up with {v.pick(TEAMS)}\n* ", b[2], " owns the ", v.not_name(), " rollout\n")
    d.w(f"* everyone: review {v.pick(['the RFP', 'the runbook', 'the SOW'])} before {v.date()}\n")
    maybe(d, v, 0.3, 0.15, 0.4)
    d.w("\nMake this a table with owner and due date.")


@template("hr_case", 2)
def hr_case(d, v: Values) -> None:  # noqa: ANN001
    e, m = who(v), who(v)
    pron = v.pick(["Mr.", "Ms.", ""])
    d.w("HR case ", v.ticket_no(), " - confidential\n")
    d.w("Employee ", e[2] if not pron else "", *(["", pron + " ", v.P(e[1])] if pron else []),
        f" was placed on {v.pick(['administrative leave', 'a performance improvement plan', 'medical leave'])} on {v.date()}. ")
    d.w("Line manager: ", m[2], ". Employee ID ", v.employee_id(), ".\n")
    if v.chance(0.6):
        d.w("SSN on file: ", v.ssn(), "\n")
    elif v.chance(0.4):
        d.w("SSN on file: ", v.bad_ssn(), " (masked)\n")
    if v.chance(0.3):
        d.w("Personal contact: ", v.email(e[0], e[1], personal=True), "\n")
    d.w("Please draft a neutral letter to the employee confirming the dates.")


@template("perf_review", 2)
def perf_review(d, v: Values) -> None:  # noqa: ANN001
    e, r = who(v), who(v)
    d.w("Performance review ", str(v.num(2024, 2026)), " - ", e[2], "\nReviewer: ", r[2], ", ",
        N(v.pick(["Regional Sales Director", "Head of Procurement", "Chief Financial Officer"]), "job_title", "PERSON"), "\n")
    d.w("Strengths: ", v.P(e[0]), " led the ", v.not_name(), " migration and mentored two juniors.\n")
    d.w("Development: needs to delegate more; rating ", v.pick(["meets", "exceeds", "strongly exceeds"]), " expectations.\n")
    maybe(d, v, 0.05, 0.1, 0.3)
    d.w("\nRewrite this to sound more constructive.")


@template("complaint", 2)
def complaint(d, v: Values) -> None:  # noqa: ANN001
    c = who(v)
    d.w(v.pick(["Customer complaint, ", "Escalation from the contact centre, "]), v.ticket_no(), "\n")
    d.w("Customer ", c[2], " wrote: \"I was charged twice for order ", v.order_no(), ". ")
    if v.chance(0.5):
        d.w("The card is ", v.card(), ". ")
    else:
        d.w("My card ", v.masked_card(), " was charged. ")
    d.w("Nobody calls me back, my number is ", v.phone(), ".\"\n")
    if v.chance(0.4):
        d.w("Agent notes: spoke to ", v.P(c[0]), " on ", N(v.pick(["Tuesday", "Wednesday"]), "weekday", "PERSON"), ", refund pending.\n")
    d.w("Write an apology reply.")


@template("crm_note", 2)
def crm_note(d, v: Values) -> None:  # noqa: ANN001
    c = who(v)
    co = v.pick(["Kessler Automotive", "Brightline Logistics", "Verdant Pharma", "Castellano Foods", "Pinecrest Bank"])
    d.w(f"CRM note {v.date()}: Spoke with ", c[2], f", {v.pick(['CFO', 'VP IT', 'Head of Procurement', 'CTO'])} at ",
        N(co, "company", "PERSON"), ". Interested in the ", v.not_name(), " bundle, budget ", v.money(), ".\n")
    if v.chance(0.6):
        d.w("Direct line ", v.phone(), ", ", v.email(c[0], c[1]), "\n")
    d.w("Next step: ", v.P(c[0]), " wants a demo ", N(v.pick(["next Monday", "in August", "on Friday"]), "date_word", "PERSON"), ".")
    maybe(d, v, 0.05, 0.0, 0.3)
    d.w("\nSummarize for the pipeline review.")


@template("recruit_candidate", 2)
def recruit(d, v: Values) -> None:  # noqa: ANN001
    c, i1, i2 = who(v), who(v), who(v)
    d.w("Candidate: ", c[2], "\nRole: Senior ", v.pick(["Data Engineer", "Product Manager", "Accountant"]), " (", v.not_name(), ")\n")
    d.w("Interviewers: ", i1[2], ", ", i2[2], "\n")
    if v.chance(0.5):
        d.w("Contact: ", v.email(c[0], c[1], personal=True), " / ", v.phone(), "\n")
    d.w("Feedback: strong SQL, weak on stakeholder management. ", v.P(i1[0]), " votes hire.\n")
    d.w("Draft the offer email.")


@template("interview_feedback", 1.5)
def interview_feedback(d, v: Values) -> None:  # noqa: ANN001
    c, i = who(v), who(v)
    d.w("Interview feedback for ", c[2], " - ", v.pick(["hire", "no hire", "lean hire"]), "\n")
    d.w("Interviewer: ", i[2], "\nNotes: ", v.P(c[0]),
        " explained the design clearly but had not used ", v.not_name(), " before. Salary expectation ", v.money(), ".")
    maybe(d, v, 0.0, 0.1, 0.3)


@template("incident_postmortem", 2)
def postmortem(d, v: Values) -> None:  # noqa: ANN001
    a, b = who(v), who(v)
    d.w("Post-mortem: ", v.ticket_no(), f" - checkout outage {v.date()}\nIncident commander: ", a[2], "\nResponders: ", b[2],
        ", ", v.not_name(), " on-call\n\nTimeline:\n")
    d.w(f"{v.time()} alerts fired from ", v.ip(), "\n")
    d.w(f"{v.time()} ", v.P(b[0]), " found the leaked secret in the pipeline log:\n")
    d.w(*cred(v), "\n")
    d.w(f"{v.time()} rotated; build ", v.version4(), " redeployed\n\nWrite the customer-facing summary.")


@template("calendar_invite", 2)
def calendar(d, v: Values) -> None:  # noqa: ANN001
    o, a = who(v), who(v)
    d.w(f"Invitation: {v.pick(['Q3 budget review', 'Offsite planning', '1:1', 'Vendor call'])} @ ",
        N(v.pick(["Tue", "Wed", "Thu"]), "weekday", "PERSON"), f" {v.date()} {v.time()} ({v.pick(['CET', 'GMT', 'EST'])})\n")
    d.w("Organizer: ", o[2], " <", v.email(o[0], o[1]), ">\nAttendees: ", a[2], "; ", v.not_name(), " room 4.12\n")
    if v.chance(0.4):
        d.w("Join by phone: ", v.phone(v.pick(["US", "GB", "DE"])), f" (conference ID {v.num(100000, 999999)}#)")
    d.w("\nDecline politely and propose another time.")


@template("mail_thread", 2.5)
def mail_thread(d, v: Values) -> None:  # noqa: ANN001
    f, t, c = who(v), who(v), who(v)
    d.w("From: ", f[2], " <", v.email(f[0], f[1]), ">\nTo: ", t[2], "\n")
    if v.chance(0.5):
        d.w("Cc: ", c[2], "\n")
    d.w(f"Subject: {v.pick(['Re: contract renewal', 'Fwd: invoice query', 'access for new starter', 'Re: Q3 numbers'])}\n\n")
    d.w("Hi ", v.P(t[0]), ",\n\n", v.pick(["As discussed, details below.", "Quick one before the weekend.", "Following up on this."]), "\n")
    maybe(d, v, 0.35, 0.35, 0.5)
    d.w("\n\nBest,\n", v.P(f[0]) if v.chance(0.5) else f[2])
    if v.chance(0.5):
        d.w("\n", N(v.pick(["Senior Accountant", "Head of Procurement", "IT Service Manager"]), "job_title", "PERSON"), " | ", v.phone())
    d.w("\n\nHelp me reply to this.")


@template("teams_chat", 2.5)
def teams_chat(d, v: Values) -> None:  # noqa: ANN001
    a, b = who(v), who(v)
    t = v.num(8, 16)
    d.w(f"[{t}:{v.num(10, 59)}] ", a[2], ": hey, can you check why ", v.not_name(), " is failing?\n")
    d.w(f"[{t}:{v.num(10, 59)}] ", b[2], ": ")
    if v.chance(0.5):
        d.w("sure - ", *cred(v), "\n")
    else:
        d.w("sure, looking\n")
    d.w(f"[{t + 1}:0{v.num(0, 9)}] ", a[2], ": thanks ", v.P(b[0]), " 👍\n")
    maybe(d, v, 0.2, 0.15, 0.3)
    d.w("\nWhat should I tell my manager?")


@template("slack_lower", 1.5)
def slack_lower(d, v: Values) -> None:  # noqa: ANN001
    a, b = who(v), who(v)
    d.w(v.P(f"{a[0].lower()}.{a[1].lower()}"), f"  {v.num(1, 12)}:{v.num(10, 59)} PM\n@", v.P(b[0].lower()),
        " can you send me the creds for ", v.not_name(), "?\n")
    d.w(v.P(f"{b[0].lower()}.{b[1].lower()}"), f"  {v.num(1, 12)}:{v.num(10, 59)} PM\n", *cred(v), "\n")
    d.w("\nIs it ok to share things like this in slack?")


@template("call_transcript", 2)
def call_transcript(d, v: Values) -> None:  # noqa: ANN001
    ag, ca = who(v), who(v)
    co = v.pick(["Northgate Insurance", "Pinecrest Bank", "Atlas Retail"])
    d.w("Agent: Thank you for calling ", N(co, "company", "PERSON"), ", this is ", v.P(ag[0]), ". How can I help?\n")
    d.w("Caller: Hi, my name is ", ca[2], ", I'm calling about policy ", v.policy_no(), ".\n")
    d.w("Agent: Can you confirm ", v.pick(["your date of birth", "the last four of your SSN", "your postcode"]), "?\n")
    choice = v.num(0, 3)
    if choice == 0:
        d.w("Caller: My social is ", v.ssn(), ".\n")
    elif choice == 1:
        d.w("Caller: Sure, pay it with my card, ", v.card(), ".\n")
    elif choice == 2:
        d.w("Caller: You can reach me on ", v.phone(), ".\n")
    else:
        d.w("Caller: It's ", v.bad_ssn(), " on the form.\n")
    d.w("Agent: Thank you ", v.pick(["Mr.", "Ms."]), " ", v.P(ca[1]), ".\n\nSummarize the call and list follow-ups.")


@template("medical_letter", 1.5)
def medical_letter(d, v: Values) -> None:  # noqa: ANN001
    doc, pat = who(v), who(v)
    d.w("Dear Dr. ", v.P(doc[1]), ",\n\nRE: ", pat[2], f", DOB {v.date()}, member ID ", v.policy_no(), "\n\n")
    d.w("Your patient was seen at ", N(v.pick(["Dublin", "Frankfurt", "São Paulo", "Bangalore"]), "place", "PERSON"),
        " clinic. The claim was approved; reimbursement goes to ")
    d.w(v.iban() if v.chance(0.5) else v.example_iban(), ".\n\nYours sincerely,\n", v.person(), "\nClaims Department")
    d.w("\n\nTranslate into plain English.")


@template("legal_letter", 1.5)
def legal_letter(d, v: Values) -> None:  # noqa: ANN001
    cl, ln = who(v), who(v)
    d.w(N("Trident Legal LLP", "company", "PERSON"), f"\n{v.date()}\n\nWithout prejudice\n\nRe: our client ", v.pick(["Ms.", "Mr."]), " ",
        cl[2], "\n\nWe act for our client in the matter of her dismissal. Please direct correspondence to ", ln[2],
        " at ", v.email(ln[0], ln[1]), ".\n")
    maybe(d, v, 0.0, 0.2, 0.4)
    d.w("\nWhat are the risks for us?")


@template("expense_report", 2)
def expense(d, v: Values) -> None:  # noqa: ANN001
    e, a = who(v), who(v)
    d.w("Expense report - ", e[2], f" - {v.pick(['Sep', 'Oct', 'Nov'])} {v.num(2024, 2026)}\n")
    d.w(f"Hotel {v.pick(['Frankfurt', 'Dublin', 'Redmond'])} {v.money()}\nTaxi {v.money()}\nPaid with corporate card ",
        v.masked_card(), "\n")
    if v.chance(0.5):
        d.w("Reimburse personal part to ", v.iban(), "\n")
    if v.chance(0.25):
        d.w("Also charged to my own card ", v.card(), " by mistake\n")
    d.w("Approver: ", a[2], "\nCheck this against the travel policy.")


@template("org_chart", 1.5)
def org_chart(d, v: Values) -> None:  # noqa: ANN001
    a, b, c = who(v), who(v), who(v)
    d.w("VP Engineering: ", a[2], "\n  ├─ Director, Platform: ", b[2], "\n  ├─ Director, ", N("Customer Success", "department", "PERSON"),
        ": ", c[2], "\n  └─ ", N(v.pick(["Talent Acquisition", "Finance Operations"]), "department", "PERSON"), ": (open role)\n")
    d.w("Turn this into a mermaid diagram.")


@template("code_review", 2)
def code_review(d, v: Values) -> None:  # noqa: ANN001
    a, b = who(v), who(v)
    d.w("PR #", str(v.num(100, 4999)), " review by ", a[2], ":\n> config/settings.py line ", str(v.num(10, 200)), "\n")
    if v.chance(0.6):
        d.w("```\n", *cred(v), "\n```\n", v.P(a[0].lower()), ": this must not be committed, move it to ", v.not_name(), "\n")
    else:
        d.w("```\napi_key = ", v.placeholder(), "\n```\nnit: rename this\n")
    d.w(v.P(b[0]), ": fixed in ", v.sha(), "\n\nExplain the review comments to a junior.")


@template("git_log", 2)
def git_log(d, v: Values) -> None:  # noqa: ANN001
    d.w("$ git log -3\n")
    for _ in range(v.num(1, 2)):
        f, l, p = who(v)
        d.w("commit ", v.sha(), "\nAuthor: ", p, " <", v.email(f, l), f">\nDate:   {v.pick(['Mon', 'Tue', 'Fri'])} Oct {v.num(1, 28)} 14:{v.num(10, 59)}:03 2025 +0200\n\n")
        d.w("    ", v.pick(["fix payroll export", "bump ", "remove hardcoded key"]), "\n\n")
    d.w("Which commit removed the key?")


@template("git_blame", 1.5)
def git_blame(d, v: Values) -> None:  # noqa: ANN001
    f, l, p = who(v)
    d.w(v.short_sha(), " (", p, f" 2025-0{v.num(1, 9)}-1{v.num(0, 9)} 11:0{v.num(0, 9)}:12 +0100 {v.num(10, 99)}) ")
    d.w(*cred(v), "\n")
    f2, l2, p2 = who(v)
    d.w(v.short_sha(), " (", p2, f" 2025-0{v.num(1, 9)}-1{v.num(0, 9)} 09:4{v.num(0, 9)}:55 +0100 {v.num(100, 199)}) log.info(\"started\")\n")
    d.w("\nWho introduced the secret and when?")


@template("rewrite_message", 2)
def rewrite(d, v: Values) -> None:  # noqa: ANN001
    a = who(v)
    d.w(v.pick(["Make this message to ", "Rewrite more politely, it's for "]), a[2], ":\n\n")
    d.w(v.pick(["you still haven't sent the ", "where is the "]), v.pick(["invoice", "timesheet", "contract"]), "? ")
    maybe(d, v, 0.1, 0.3, 0.4, sep=" ")


@template("summarize_email", 1.5)
def summarize_email(d, v: Values) -> None:  # noqa: ANN001
    a, b = who(v), who(v)
    d.w("Summarize in 3 bullets:\n\n", v.P(a[0]), " - the renewal with ", N(v.pick(["Hallberg Steel", "Verdant Pharma"]), "company", "PERSON"),
        " is stuck in procurement. ", b[2], " from their side wants the DPA redlines back by ", v.date(), ". ")
    maybe(d, v, 0.05, 0.25, 0.3, sep=" ")
    d.w("\nRegards, ", v.P(b[0]) if v.chance(0.5) else v.not_name())


@template("signature_only", 1)
def signature(d, v: Values) -> None:  # noqa: ANN001
    f, l, p = who(v)
    d.w("Format my email signature:\n", p, "\n", N(v.pick(["Regional Sales Director", "Head of Procurement"]), "job_title", "PERSON"),
        "\n", N(v.pick(["Hallberg Steel", "Atlas Retail", "Northgate Insurance"]), "company", "PERSON"), " | ",
        N(v.pick(["Dublin", "Frankfurt", "Redmond"]), "place", "PERSON"), "\nM: ", v.phone(), "\n", v.email(f, l))
