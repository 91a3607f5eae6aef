"""More of the same textures: payments in other languages, chargebacks, firewall and network notes with
public, private and documentation addresses, .env files pasted into questions, and tickets whose bare
secret is told only by the context."""

from __future__ import annotations

from .build import Doc, template
from .tpl_common import make, neg, negative_setting, setting
from .values import Values


@template("lang_es_pago")
def es_pago(d: Doc, v: Values) -> None:
    d.w("¿Puedes redactar la respuesta? El cliente ", v.person("es"), " dice que le cobraron dos veces en la tarjeta ",
        v.card(layout=v.pick("space", "dash")), " el ", v.date(), ". Importe: ", f"{v.r.randrange(10, 900)},{v.r.randrange(0, 99):02d}", " €.")


@template("lang_fr_carte")
def fr_carte(d: Doc, v: Values) -> None:
    d.w("Traduis en anglais pour le support : « Ma carte ", v.card(v.pick("visa", "mc", "mc2", "amex")),
        " a été refusée hier, alors que la carte de test ", v.test_card(), " passe en recette. » — ", v.person("fr"))


@template("doc_chargeback", 1.2)
def chargeback(d: Doc, v: Values) -> None:
    d.w("Draft a reply to this chargeback notice (pasted from the PDF):\n\nCHARGEBACK NOTIFICATION\nCase ", v.order_number(),
        "\nCard number  ", v.card(layout=v.pick("plain", "space")), "\nTransaction date ", v.date(),
        "\nReason code 10.4 Other Fraud\nMerchant ref ", v.lot(), "\n")


@template("dev_firewall_rules", 1.5)
def firewall_rules(d: Doc, v: Values) -> None:
    d.w("Explain these NSG rules and tell me if any is too open:\n\n```\nPriority  Name              Source            Dest\n100       allow-office      ",
        v.ipv4(False), "     ", v.ipv4(True), "\n110       allow-vpn         ", v.pick(v.ipv6(), v.ipv4(False)), "   any\n120       docs-sample       ",
        v.doc_ip(), "      any\n```")


@template("lang_de_netz")
def de_netz(d: Doc, v: Values) -> None:
    d.w("Warum erreiche ich den Server ", v.ipv4(True), " nicht von ", v.ipv4(False),
        " aus? Im Handbuch steht als Beispiel ", v.doc_ip(), ", Firmware ", v.version(), ".")


@template("dev_env_file", 3.5)
def env_file(d: Doc, v: Values) -> None:
    d.w(v.pick("Which of these should be secrets in our pipeline?\n\n", "My .env (local only):\n\n", "Convert to a Kubernetes ConfigMap:\n\n"),
        "APP_ENV=staging\nREDIS_HOST=", v.ipv4(True), "\n", *setting(v, "env"), *(negative_setting(v, "env") if v.chance(0.5) else []),
        *(setting(v, "env") if v.chance(0.3) else []), "FEATURE_FLAGS=checkout_v2\n")


@template("dev_toml_settings")
def toml_settings(d: Doc, v: Values) -> None:
    d.w("pyproject / settings.toml question — why is this value not picked up?\n\n```toml\n[default]\nregion = \"westeurope\"\n",
        *setting(v, "toml"), "```")


@template("ticket_bare_secret", 2.5)
def bare_secret(d: Doc, v: Values) -> None:
    kind = v.next_kind(("github_token", "slack_token", "stripe_key", "npm_token", "sendgrid_key", "huggingface_token",
                        "anthropic_key", "openai_key", "gitlab_token", "pypi_token", "google_api_key", "aws_access_key_id",
                        "azure_devops_pat", "entra_client_secret", "mailgun_key"))
    text, secret = make(v, kind)
    d.w("Ticket ", v.order_number(), " — ", v.person(), " wrote:\n\"", v.pick("the new one after rotation is ", "here's what the portal gave me: ",
                                                                                  "pasting it so you can test: "),
        v.cred(kind, text, secret), v.pick("\"\nCan you check why it's still rejected?", "\"\nPlease confirm it works.", "\"\n"))


@template("ticket_clean", 1.5)
def ticket_clean(d: Doc, v: Values) -> None:
    d.w("Ticket ", v.order_number(), " from the ", v.not_name(), " team: the nightly export fails with exit code ",
        str(v.r.randrange(1, 255)), " since ", v.date(), ". Artifact ", v.sha256(), ". ", neg(v))
