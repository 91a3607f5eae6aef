"""People's names in varied positions (addressed, signed, in tables, in third-person narrative, with
titles, particles, hyphens and apostrophes, of many cultures) and words that look like names but are
products, places, tools, months, weekdays, job titles or companies."""

from __future__ import annotations

from tests.dlp_eval.corpus import N, V

from .build import Doc, template
from .values import Values

TITLES = {"de": ("Frau ", "Herr ", "Dr. ", "Prof. Dr. "), "fr": ("M. ", "Mme ", "Dr "), "es": ("Sr. ", "Sra. ", "Dña. "),
          "pt": ("Sr. ", "Sra. ", "Dra. "), "it": ("Dott. ", "Sig.ra ", "Ing. "), "nl": ("dhr. ", "mevr. "), "pl": ("Pan ", "Pani "),
          "ja": ("", ), "zh": ("", ), "ie": ("Mr ", "Ms ", "Dr "), "ar": ("Mr ", "Dr "), "in": ("Mr. ", "Dr. "),
          "ng": ("Mr ", "Mrs ", "Chief "), "vn": ("Ms. ", ), "ko": ("Mr. ", "Dr. "), "en": ("Mr ", "Ms ", "Dr. ")}


@template("people_addressed_mail", 1.5)
def addressed_mail(d: Doc, v: Values) -> None:
    c = v.culture()
    last = v.names(c)[1]
    signer = v.culture()
    d.w("Please shorten this e-mail:\n\n", v.pick("Dear ", "Hello ", "Hi "), v.pick(*TITLES[c]), V(last, "PERSON", "PERSON"),
        ",\n\nfollowing our call on ", v.pick("Monday", "Tuesday", "Friday"), ", I'm attaching the revised proposal for ", v.not_name(),
        ". My colleague ", v.person(), " will send the contract by ", v.pick("March", "May", "September"),
        ".\n\nBest regards,\n", v.person(signer), "\n", v.pick("Head of Procurement", "Account Manager", "Responsable RH"))
    if v.chance(0.3):
        d.w("\nMob. ", v.phone())


@template("people_narrative", 1.2)
def narrative(d: Doc, v: Values) -> None:
    d.w("Rewrite this incident note in neutral language:\n\nAt around 14:00 ", v.person(), " noticed the ", v.not_name(),
        " dashboard was empty. ", v.pick("She", "He", "They"), " escalated to ", v.person(v.culture(), "first"),
        ", who restarted the job in ", v.not_name(), ". ", v.person(v.culture(), "last"), " confirmed the fix on ", v.date(), ".")


@template("people_titles_particles", 1.3)
def titles_particles(d: Doc, v: Values) -> None:
    c = v.pick("nl", "fr", "es", "ar", "ie", "de", "pt")
    first, last = v.names(c)
    d.w("Is the salutation right for a formal letter to ", v.pick(*TITLES[c]), V(f"{first} {last}", "PERSON", "PERSON"),
        "? I wrote \"Dear ", v.pick(*TITLES[c]), V(last, "PERSON", "PERSON"), "\". The letter goes to our office in ", v.not_name(), ".")


@template("people_table", 1.3)
def people_table(d: Doc, v: Values) -> None:
    d.w("Turn this into a CSV:\n\n| Employee | Role | Office | Start |\n|---|---|---|---|\n")
    for _ in range(v.pick(2, 3)):
        d.w("| ", v.person(v.culture(), v.pick("full", "full", "inverted")), " | ",
            N(v.pick("Data Engineer", "Chief Medical Officer", "Sachbearbeiter", "Product Owner"), "job_title", "PERSON"), " | ",
            N(v.pick("Hamburg", "Lyon", "Porto", "Osaka", "Kraków"), "place", "PERSON"), " | ", v.date(), " |\n")


@template("people_signed_chat")
def signed_chat(d: Doc, v: Values) -> None:
    a, b = v.person(v.culture(), "first"), v.person(v.culture(), "full")
    d.w("Summarise this Teams thread:\n\n", b, "  10:02\nthe ", v.not_name(), " export is late again\n\n", a,
        "  10:04\nI'll ping ", v.person(v.culture(), "first"), " from the ", v.not_name(), " team\n")


@template("people_lookalikes", 1.5)
def lookalikes(d: Doc, v: Values) -> None:
    d.w("Which of these are vendors and which are internal tools? ", v.not_name(), ", ", v.not_name(), ", ", v.not_name(), ", and ",
        v.not_name(), ". The audit is on ", v.pick("Freitag", "Mardi", "Viernes", "Montag"), ".")


@template("people_months_places")
def months_places(d: Doc, v: Values) -> None:
    d.w("Plan a two-day offsite: ", v.not_name(), " or ", v.not_name(), ", some time in ",
        N(v.pick("September", "Janeiro", "Mayo", "Juni", "April"), "month", "PERSON"), ". Budget owner: ",
        N(v.pick("Head of Procurement", "Chief Medical Officer", "Responsable RH"), "job_title", "PERSON"), ".")


@template("people_lowercase_chat")
def lowercase_chat(d: Doc, v: Values) -> None:
    d.w("what does this slack msg mean?\n\n> hey @", v.person(v.culture(), "lower"), " can u check the ", v.not_name(),
        " alerts, ", v.person(v.culture(), "first"), " is out till ", v.pick("monday", "friday"), "\n")


@template("people_cv")
def cv(d: Doc, v: Values) -> None:
    c = v.culture()
    first, last = v.names(c)
    d.w("Improve the wording of this CV header:\n\n", V(f"{first} {last}".upper() if v.chance(0.3) else f"{first} {last}", "PERSON", "PERSON"),
        "\n", v.email(first, last), " · ", v.phone(), "\nReferences: ", v.person(), " (former manager at ", v.not_name(), ")\n")
