"""Model answers that echo back what the user pasted."""

from __future__ import annotations

from tests.dlp_blind8.build import Doc, template
from tests.dlp_blind8.values import Values


@template("answer_fixed_config", completion=True, weight=4)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("The 401 comes from the quotes around the value. Use:\n\n```\n⟨n⟩=⟨k⟩\n```\n\nAlso, since you pasted this key here, "
           "rotate it afterwards.", n=name, k=key)


@template("answer_reply_draft", completion=True, weight=3)
def _(v: Values, d: Doc) -> None:
    d.fill("Here's a draft:\n\nDear ⟨p⟩,\n\nThank you for contacting us. We have noted your details (⟨x⟩) and a colleague "
           "will follow up within two working days.\n\nKind regards,\n⟨q⟩", p=v.person(), x=v.pii(), q=v.person())


@template("answer_summary", completion=True, weight=4)
def _(v: Values, d: Doc) -> None:
    d.fill("**Summary**\n- ⟨p⟩ reported a failed payment on card ⟨c⟩\n- Billing confirmed the charge was reversed\n"
           "- No further action; ticket ⟨n⟩ can be closed", p=v.person(), c=v.card(), n=v.neg())


@template("answer_code_fix", completion=True, weight=3)
def _(v: Values, d: Doc) -> None:
    name, key = v.cred()
    d.fill("You're indexing before checking the status. Fixed version:\n\n```python\nAPI_KEY = \"⟨k⟩\"  # better: os.environ\n"
           "resp.raise_for_status()\n```", k=key)
    _ = name


@template("answer_translation", completion=True, weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("Translation: \"Hello, I am ⟨p⟩. My US social security number is ⟨s⟩ and my IBAN is ⟨i⟩. Please update my "
           "file.\"", p=v.person(), s=v.ssn(), i=v.iban())


@template("answer_log_explain", completion=True, weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("The requests from ⟨ip⟩ fail because the account ⟨e⟩ is locked after 5 attempts. Unlock it in the admin portal.",
           ip=v.ip(), e=v.email())


@template("answer_table", completion=True, weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("| Name | Contact |\n|---|---|\n| ⟨a⟩ | ⟨x⟩ |\n| ⟨b⟩ | ⟨y⟩ |", a=v.person(), x=v.pii(), b=v.person(), y=v.pii())


@template("answer_password_advice", completion=True, weight=2)
def _(v: Values, d: Doc) -> None:
    d.fill("The password you mentioned, ⟨pw⟩, contains a character the router firmware rejects. Set a new one and share it "
           "only via the vault. The UUID ⟨n⟩ is just the device id.", pw=v.pw("password_prose"), n=v.neg())
