"""Prompts in other languages or mixed language, and requests to translate: German, French, Spanish,
Portuguese, Italian, Dutch, Polish, Japanese and Chinese business text with Latin-script values."""

from __future__ import annotations

from .build import Doc, template
from .tpl_common import amount, neg, setting
from .values import Values


def _pw(v: Values):  # noqa: ANN202
    return v.cred("password_prose", v.password())


@template("lang_de_lastschrift")
def de_lastschrift(d: Doc, v: Values) -> None:
    d.w("Hallo, bitte formuliere eine höfliche Antwort auf Deutsch.\n\nKunde: ", v.pick("Herr ", "Frau ", ""), v.person("de"),
        "\nKundennummer: ", v.order_number(), "\nProblem: Die Lastschrift vom ", v.date(), " über ", amount(v),
        " EUR wurde zurückgebucht. Das Konto ", v.iban("DE"), " sei laut Kunde gedeckt gewesen.\n")
    if v.chance(0.5):
        d.w("Rückruf erbeten unter ", v.phone("DE", "national"), " (werktags ab 9 Uhr).\n")
    d.w("Bitte nicht zu förmlich, aber freundlich.")


@template("lang_fr_traduction")
def fr_traduction(d: Doc, v: Values) -> None:
    d.w("Peux-tu traduire ce courriel en anglais ?\n\n« Madame ", v.person("fr", "last"),
        ",\n\nNous avons bien reçu votre RIB. Le remboursement de ", amount(v), " € sera effectué sur le compte ",
        v.iban("FR", grouped=True), " sous cinq jours ouvrés. Référence du dossier : ", v.policy_number(), ".\n\n")
    d.w("Cordialement,\n", v.person("fr"), "\nService clients » ")


@template("lang_es_proveedores", 0.7)
def es_proveedores(d: Doc, v: Values) -> None:
    d.w("Hola! Necesito un correo para ", v.person("es"), " explicándole cómo entrar al portal de proveedores. ",
        v.pick("La contraseña es ", "La clave provisional es ", "Su contraseña temporal: "), _pw(v),
        " y tiene que cambiarla al primer inicio. ", v.pick("Usuario: proveedor_", "ID de proveedor "), str(v.r.randrange(1000, 9999)),
        ".\n¿Lo puedes redactar en un tono formal?")


@template("lang_pt_atendimento")
def pt_atendimento(d: Doc, v: Values) -> None:
    first, last = v.names("pt")
    d.w("Olá! Resuma este atendimento em português, em tópicos:\n\nCliente: ", v.person("pt"), "\nTelefone: ",
        v.phone("BR", v.pick("national", "intl")), "\nE-mail: ", v.email(first, last, v.pick("uol.com.br", "sapo.pt", "gmail.com")),
        "\nPedido ", v.order_number(), " entregue em ", v.date(), " com avaria. Cliente quer estorno no cartão final ",
        v.rand("0123456789", 4), ".")


@template("lang_it_traduzione")
def it_traduzione(d: Doc, v: Values) -> None:
    d.w("Traduci in inglese, mantenendo il tono:\n\n\"Gentile Dott. ", v.person("it"),
        ", le confermiamo l'addebito sulla carta ", v.masked_card(), " per la fattura ", v.order_number(),
        ". Per informazioni ci contatti al ", v.phone("IT", "national"), ".\"")


@template("lang_nl_samenvatting")
def nl_samenvatting(d: Doc, v: Values) -> None:
    d.w("Kun je dit samenvatten voor de teamleider?\n\nKlant ", v.person("nl"), " belde over een dubbele afschrijving. "
        "Rekeningnummer ", v.iban("NL", grouped=v.chance(0.5)), ", postcode ", v.postcode(), ". ")
    if v.chance(0.6):
        d.w("Terugbellen op ", v.phone("NL", "national"), ".")
    d.w("\nKlant was erg ontevreden.")


@template("lang_pl_przelew")
def pl_przelew(d: Doc, v: Values) -> None:
    d.w("Przetłumacz na angielski:\n\nSzanowny Panie ", v.person("pl", "last"), ",\nprosimy o przelew kwoty ", amount(v),
        " zł na rachunek ", v.iban("PL", grouped=True), " w terminie do ", v.date(), ". W tytule prosimy podać numer faktury ",
        v.order_number(), ".\nZ poważaniem\nDział Księgowości")


@template("lang_ja_honyaku")
def ja_honyaku(d: Doc, v: Values) -> None:
    d.w("以下のメールを英語に翻訳してください。\n\n", v.person("ja", "last"), "様\n\nいつもお世話になっております。\n"
        "検証環境の接続情報をお送りします。\nエンドポイント: https://aoai-kensho-jpe.openai.azure.com/\n",
        v.pick("APIキー: ", "API キー："), v.cred("azure_openai_key", v.aoai_key()),
        "\n本番環境では使用しないでください。\n\nよろしくお願いいたします。\n", v.person("ja"))


@template("lang_zh_fanyi")
def zh_fanyi(d: Doc, v: Values) -> None:
    d.w("请帮我把这段话翻译成英文：\n\n客户 ", v.person("zh"), " 的银行卡号是 ", v.card(), "，联系电话 ",
        v.phone("CN", v.pick("intl", "national")), "，邮箱 ", v.email(domain="qq.com"), "。订单号 ", v.order_number(), "。")


@template("lang_zh_deploy", 1.5)
def zh_deploy(d: Doc, v: Values) -> None:
    d.w("部署一直失败，报 401。这是我的 .env 文件，帮我看看哪里不对：\n\n```\nNODE_ENV=production\n", *setting(v, "env"),
        "LOG_LEVEL=info\n```\n谢谢！")


@template("lang_de_env", 2.2)
def de_env(d: Doc, v: Values) -> None:
    d.w(v.pick("Warum bekomme ich hier einen 403? ", "Kannst du mir erklären, was hier falsch ist? ", "Servus, kurze Frage: "),
        "Hier meine Konfiguration:\n\n", *setting(v, v.pick("env", "yaml", "json")),
        v.pick("\nDanke vorab!", "\nLokal läuft es, im Container nicht.", ""))


@template("lang_es_compose", 1.5)
def es_compose(d: Doc, v: Values) -> None:
    d.w("oye, el deploy falla desde ayer, aquí el docker-compose, ¿qué ves raro?\n\n```yaml\nservices:\n  api:\n"
        "    image: registry.tecnoandes.com.co/api:", v.version(), "\n    environment:\n    ",
        *setting(v, "gha"), "```")


@template("lang_fr_motdepasse", 0.6)
def fr_motdepasse(d: Doc, v: Values) -> None:
    d.w("Rédige une procédure de rotation pour le compte de service `svc-paie`. ",
        v.pick("Le mot de passe actuel est ", "Mot de passe actuel : ", "Pour info le mdp est "), _pw(v),
        v.pick(", il expire fin du mois.", " (ne pas le diffuser).", "."))


@template("lang_it_password", 0.6)
def it_password(d: Doc, v: Values) -> None:
    d.w("Ciao, mi scrivi una mail per ", v.person("it"), "? ", v.pick("La password del database è ", "La password provvisoria è "),
        _pw(v), " e va cambiata entro ", v.pick("venerdì", "lunedì", "fine mese"), ".")


@template("lang_pl_haslo", 0.6)
def pl_haslo(d: Doc, v: Values) -> None:
    d.w("Napisz krótką instrukcję logowania do VPN dla nowego pracownika. ", v.pick("Hasło to ", "Hasło tymczasowe: "), _pw(v),
        ", login taki jak w mailu. ", v.pick("Dzięki!", ""))


@template("lang_nl_wachtwoord", 0.6)
def nl_wachtwoord(d: Doc, v: Values) -> None:
    d.w(v.pick("Het wachtwoord voor de SFTP-server is ", "Wachtwoord van het gedeelde account: "), _pw(v),
        ". Kun je een nette mail opstellen waarin ik dat aan ", v.person("nl"), " doorgeef?")


@template("lang_pt_senha", 0.6)
def pt_senha(d: Doc, v: Values) -> None:
    d.w("Reescreva de forma mais profissional: \"oi, a senha do painel é ", _pw(v), " , entra lá e muda depois\"")


@template("lang_de_passwort", 0.6)
def de_passwort(d: Doc, v: Values) -> None:
    d.w("Formuliere das bitte als kurze Teams-Nachricht an ", v.person("de", "first"), ": Das Passwort für den SFTP-Zugang lautet ",
        _pw(v), ", Benutzer ist wie immer der Kundenkürzel.")


@template("lang_translate_clean", 1.5)
def translate_clean(d: Doc, v: Values) -> None:
    lang = v.pick("German", "French", "Spanish", "Japanese", "Polish", "Portuguese (Brazil)")
    d.w(f"Translate into {lang}: \"Your order ", v.order_number(), " shipped on ", v.date(),
        ". Never share your password or card number with anyone, including our staff. For questions, visit the ",
        v.not_name(), " help center.\"")


@template("lang_mixed_es_en")
def mixed_es_en(d: Doc, v: Values) -> None:
    d.w("Hola team, the client (", v.person("es"), ") says que no le llega el SMS. His number is ", v.phone("MX"),
        ", and the backup email ", v.email(), ". ¿Podemos revisar los logs de ", v.not_name(), "?")


@template("lang_de_invoice_question")
def de_invoice_question(d: Doc, v: Values) -> None:
    d.w("Ist diese Rechnung plausibel? Bitte prüfen.\n\nRechnungsnr.: ", v.order_number(), "\nLeistungszeitraum: ",
        v.date(), "\nBetrag: ", amount(v), " EUR\nBankverbindung: ", v.pick(v.iban("DE"), v.example_iban(), v.bad_iban()),
        "\nUSt-IdNr.: DE", v.rand("0123456789", 9), "\n", neg(v))
