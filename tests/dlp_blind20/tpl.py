"""The twentieth corpus's templates: seven kinds of retail, e-commerce and logistics texts (customer support, warehouse,
carriers, point of sale, loyalty CRM, the store's IT, staff chat), each with its prompts, its answers (`answer_` genres,
completions) and its hard-negative texts (`_neg_` genres, no label). `generate` draws the kinds in equal shares and one
text in about 4.3 from a kind's hard-negative templates."""

from __future__ import annotations

import random

from tests.dlp_eval.corpus import N, Sample, V
from tests.dlp_eval.templates import Doc, Registry, write

from .snippets import KIND_NAMES, credential, target
from .values import Person, Values, pv

REGISTRY = Registry("b20")
KINDS = ("support", "warehouse", "carrier", "pos", "crm", "it", "chat")
NEG_SHARE = 0.23


def kind_of(genre: str) -> str:
    return genre.removeprefix("answer_").split("_")[0]


def T(genre: str, weight: int = 3):  # noqa: ANN201 - a decorator
    return REGISTRY.template(genre, completion=genre.startswith("answer_"), weight=weight)


# --- shared pieces ----------------------------------------------------------------------------------

NAME_STYLES = ("full", "full", "western", "last_first", "upper", "initial", "given", "lower")


def nm(vs: Values, p: Person, style: str | None = None) -> V:
    """`p`'s name as a text writes it; one PERSON label."""
    style = style or vs.least("name_style", NAME_STYLES)
    last, first = p.last, p.first
    text = {
        "full": p.full, "western": p.western, "last_first": f"{last}, {first}",
        "upper": vs.pick((f"{last.upper()}, {first}", f"{last.upper()} {first}", f"{last.upper()}, {first.upper()}")),
        "initial": f"{first[0]}. {last}" if not p.family_first else p.full,
        "given": p.given, "lower": p.handle.replace(".", " ") if vs.chance(0.5) else p.given.lower(),
        "handle": p.handle,
    }[style]
    return pv(text)


def order(vs: Values) -> N:
    return vs.pick((vs.order_no, vs.order_no, vs.amazon_order))()


def tracking(vs: Values) -> N:
    return vs.pick((vs.ups, vs.dhl, vs.postnl, vs.intl_parcel))()


def clock(vs: Values) -> str:
    return f"{vs.rng.randrange(7, 22):02d}:{vs.rng.randrange(60):02d}"


def date(vs: Values) -> str:
    return f"{vs.rng.randrange(1, 29):02d}.{vs.rng.randrange(1, 13):02d}.2025"


POSTCODES = {"NL": ("1012 AB Amsterdam", "3011 HE Rotterdam", "5611 EM Eindhoven"), "DE": ("10115 Berlin", "50667 Köln",
             "80331 München"), "PL": ("00-950 Warszawa", "30-001 Kraków", "80-830 Gdańsk"), "IT": ("20121 Milano",
             "00184 Roma"), "ES": ("28013 Madrid", "08002 Barcelona"), "TR": ("34710 Kadıköy/İstanbul", "06420 Ankara"),
             "GB": ("SW1A 2AA London", "M1 1AE Manchester"), "US": ("Newark, NJ 07102", "Columbus, OH 43215")}
PLAIN_STREETS = {"NL": ("Kalverstraat", "Coolsingel", "Stationsplein"), "DE": ("Hauptstraße", "Bahnhofstraße", "Ringstraße"),
                 "PL": ("ul. Marszałkowska", "ul. Długa", "ul. Polna"), "IT": ("Via Roma", "Corso Buenos Aires"),
                 "ES": ("Calle Mayor", "Gran Vía"), "TR": ("Bağdat Caddesi", "İstiklal Caddesi"),
                 "GB": ("High Street", "Station Road"), "US": ("Market Street", "Elm Avenue")}


def address(vs: Values, d: Doc, country: str | None = None, sep: str = "\n") -> str:
    country = country or vs.pick(tuple(POSTCODES))
    d.add(vs.street() if vs.chance(0.4) else vs.pick(PLAIN_STREETS[country]),
          f" {vs.rng.randrange(1, 220)}{sep}{vs.pick(POSTCODES[country])}")
    return country


def sign_off(vs: Values, d: Doc, p: Person, lang: str = "en", phone: bool = True) -> None:
    d.add({"en": "Kind regards,\n", "de": "Viele Grüße\n", "nl": "Met vriendelijke groet,\n", "pl": "Pozdrawiam,\n",
           "it": "Cordiali saluti,\n", "es": "Un saludo,\n", "tr": "Saygılarımla,\n"}[lang], nm(vs, p, "full"))
    d.add("\n" + vs.pick(("Returns Desk", "Customer Care", "Seller Support", "Warehouse Ops", "Transport Planning",
                          "E-commerce IT")) + " | Kestrel Retail")
    if phone:
        d.add("\n", vs.pick(("T ", "Tel. ", "M: ", "")), vs.phone_for(p))
    if vs.chance(0.6):
        d.add("\n", vs.email_v(p, staff=True))


# --- support: tickets, chats, chargebacks, seller payouts, returns ---------------------------------


@T("support_ticket_refund")
def support_ticket_refund(vs: Values, d: Doc) -> None:
    c, agent = vs.person(), vs.person()
    d.add(f"Ticket #{vs.rng.randrange(200000, 999999)} | Channel: {vs.pick(('email', 'web form', 'phone'))} | "
          f"Status: open\nRequester: ", nm(vs, c, "full"), " <", vs.email_v(c), ">\n")
    if vs.chance(0.6):
        d.add("Phone: ", vs.phone_for(c), "\n")
    d.add("Order: ", order(vs), " | Item: ", vs.sku(), " (", vs.brand(), " shirt, EAN ", vs.ean13(), ")\n\n")
    d.add(vs.pick(("Hello, I returned the parcel two weeks ago (tracking ", "Hi, my return was dropped off (tracking ")),
          tracking(vs), ") and still no refund. ")
    if vs.chance(0.45):
        d.add("The money was taken from my card ", vs.card_v(), ", please refund it there. ")
    else:
        d.add("The card on file is ", vs.masked_card(), ". ")
    d.add(vs.pick(("Thanks, ", "Regards, ")), nm(vs, c, "given"), "\n\n---\nInternal note from ", nm(vs, agent, "given"),
          ": refund not triggered because the RMA ", vs.rma(), " was never scanned. "
          "Can you draft a polite answer and tell me what to check in the OMS?")


@T("support_chat_address")
def support_chat_address(vs: Values, d: Doc) -> None:
    c, agent = vs.person(), vs.person()
    lang = vs.least("lang", ("en", "de", "nl", "pl", "it", "es", "tr"))
    greet = {"en": "Hi, I need to change the delivery address for order ", "de": "Hallo, ich muss die Lieferadresse ändern, Bestellung ",
             "nl": "Hoi, ik wil het bezorgadres wijzigen van bestelling ", "pl": "Dzień dobry, chcę zmienić adres dostawy zamówienia ",
             "it": "Buongiorno, devo cambiare l'indirizzo di consegna dell'ordine ", "es": "Hola, necesito cambiar la dirección de entrega del pedido ",
             "tr": "Merhaba, siparişin teslimat adresini değiştirmem gerekiyor: "}[lang]
    country = {"en": "GB", "de": "DE", "nl": "NL", "pl": "PL", "it": "IT", "es": "ES", "tr": "TR"}[lang]
    d.add("Translate this chat to English and summarise what the agent has to do:\n\n")
    d.add(f"[{clock(vs)}] ", nm(vs, c, "full"), ": ", greet, order(vs), "\n")
    d.add(f"[{clock(vs)}] ", nm(vs, agent, "given"), " (Kestrel): ", vs.pick(("Sure, what is the new address?",
                                                                            "Of course, please send the new address.")), "\n")
    d.add(f"[{clock(vs)}] ", nm(vs, c, "given"), ": ")
    address(vs, d, country, ", ")
    d.add({"en": ", my mobile is ", "de": ", Handy ", "nl": ", mijn nummer is ", "pl": ", telefon ", "it": ", cellulare ",
           "es": ", móvil ", "tr": ", cep telefonum "}[lang], vs.phone_v(country if country != "GB" else None, "national"
                                                                        if country in ("DE", "NL", "GB") else None))
    if vs.chance(0.5):
        d.add({"en": " and mail ", "de": " und Mail ", "nl": " en mail ", "pl": " i mail ", "it": " e mail ",
               "es": " y correo ", "tr": " ve e-posta "}[lang], vs.email_v(c))
    d.add(f"\n[{clock(vs)}] ", nm(vs, agent, "given"), ": The parcel ", tracking(vs), " is already with the carrier, "
          "I'll try a redirect.")


@T("support_chargeback")
def support_chargeback(vs: Values, d: Doc) -> None:
    c = vs.person()
    d.add("We got this chargeback notice, help me write the representment letter.\n\n"
          f"Dispute ID: DP-{vs.digits(10)}\nReason code: {vs.pick(('13.1 Merchandise not received', '4853 Not as described', '10.4 Fraud'))}\n"
          "Cardholder: ", nm(vs, c, "upper"), "\nCard: ", vs.card_v() if vs.chance(0.7) else vs.masked_card(),
          f"\nARN: {vs.digits(23)}\nAmount: EUR {vs.rng.randrange(40, 900)},{vs.digits(2)}\nOrder: ", order(vs),
          "\nDelivered: ", tracking(vs), " signed by \"", nm(vs, c, vs.pick(("upper", "initial", "last_first"))), "\" on ",
          date(vs), "\nShip to: ", nm(vs, c, "full"), ", ")
    address(vs, d, sep=", ")
    d.add("\nCustomer e-mail: ", vs.email_v(c), "\n\nThe customer also wrote to us on ", date(vs),
          " confirming receipt. Items: ", vs.product(), ", ", vs.brand(), " handbag.")


@T("support_seller_payout")
def support_seller_payout(vs: Values, d: Doc) -> None:
    s = vs.person()
    lang = vs.least("lang", ("de", "nl", "pl", "it", "es", "tr", "en"))
    country = {"de": "DE", "nl": "NL", "pl": "PL", "it": "IT", "es": "ES", "tr": "TR", "en": "GB"}[lang]
    body = {"de": "Hallo Seller-Support,\nbitte ändern Sie unsere Auszahlungs-IBAN auf ",
            "nl": "Beste Seller Support,\nwil je ons uitbetalingsrekeningnummer wijzigen naar ",
            "pl": "Dzień dobry,\nproszę o zmianę numeru konta do wypłat na ",
            "it": "Buongiorno,\nvi chiedo di aggiornare l'IBAN per i pagamenti a ",
            "es": "Hola,\npor favor cambien el IBAN de los pagos a ",
            "tr": "Merhaba,\nödeme hesabımızın IBAN numarasını şu şekilde güncelleyin: ",
            "en": "Hello Seller Support,\nplease change our payout IBAN to "}[lang]
    d.add(f"Marketplace seller ticket (seller id S-{vs.digits(6)}, shop \"", vs.brand() if vs.chance(0.4) else
          vs.pick(("Atelier Noor", "Casa Lumen", "Baltic Amber Shop", "Istanbul Bazaar Home")), "\"). Is this a phishing "
          "attempt? Answer in English.\n\n", body, vs.iban_v(country), {"de": " ab sofort.", "nl": " graag.", "pl": " od dziś.",
                                                                       "it": " grazie.", "es": " gracias.", "tr": " teşekkürler.",
                                                                       "en": " from the next cycle."}[lang])
    d.add("\nOld account: ", vs.iban_v(country) if vs.chance(0.5) else vs.bad_iban(), "\nInvoice ", vs.invoice(), "\n\n")
    sign_off(vs, d, s, lang)


@T("support_returns_desk")
def support_returns_desk(vs: Values, d: Doc) -> None:
    c, clerk = vs.person(), vs.person()
    d.add("Returns desk form (scanned) - please check which fields are missing before we refund:\n\n"
          "RMA: ", vs.rma(), "\nCustomer: ", nm(vs, c, vs.pick(("last_first", "upper", "full"))), "\nE-mail: ", vs.email_v(c),
          "\nItems: ", vs.sku(), " x1, ", vs.sku(), " x2\nReason: ", vs.pick(("size too small", "damaged in transit",
                                                                             "wrong colour", "changed mind")),
          "\nRefund method: ")
    if vs.chance(0.55):
        d.add("bank transfer to ", vs.iban_v(), vs.pick((" (account holder ", " - name on account: ")), nm(vs, c, "upper"), ")")
    else:
        d.add("original payment (", vs.masked_card(), ")")
    d.add("\nGift card issued: ", vs.gift_card(), "\nChecked by: ", nm(vs, clerk, "initial"), ", store ", vs.store_id(), "\n")


@T("answer_support_reply", weight=4)
def answer_support_reply(vs: Values, d: Doc) -> None:
    c, agent = vs.person(), vs.person()
    d.add("Here is a draft you can send:\n\n", vs.pick(("Dear ", "Hi ", "Hello ")), nm(vs, c, "given"), ",\n\n"
          "thank you for your patience. I checked order ", order(vs), " and the return ", tracking(vs),
          " arrived at our warehouse on ", date(vs), ". ")
    if vs.chance(0.3):
        d.add("The refund of EUR 89,95 goes back to the card ending ", vs.masked_card(), " within 3-5 working days. ")
    elif vs.chance(0.5):
        d.add("Because you paid on delivery, we will transfer the amount to ", vs.iban_v(), " as you requested. ")
    else:
        d.add("Your store credit is on gift card ", vs.gift_card(), ". ")
    d.add("If anything is unclear, call me on ", vs.phone_for(agent), " or reply to ", vs.email_v(agent, staff=True),
          ".\n\nBest regards,\n", nm(vs, agent, vs.pick(("full", "western"))), "\nKestrel Customer Care\n\n"
          "I left out the internal RMA note; double-check the amount before sending.")


@T("support_neg_policy", weight=4)
def support_neg_policy(vs: Values, d: Doc) -> None:
    d.add("Rewrite our returns policy paragraph so it is clearer; keep the examples:\n\n"
          "Items bought in our store at ", vs.place(), " or online can be returned within 30 days. Sale items from ",
          vs.brand(), " and ", vs.brand(), " are final. Quote your order number (e.g. ", order(vs), ") and the RMA (e.g. ",
          vs.rma(), "). Parcels sent with ", tracking(vs), " style labels are tracked automatically. Gift cards like ",
          vs.gift_card(), " cannot be refunded. Bank refunds need a valid IBAN; ", vs.bad_iban(), " from the old form fails the check. For questions write to ", vs.example_email(), " or call ",
          vs.fict_phone(), ". Barcodes (EAN ", vs.ean13(), ") must be intact.")


@T("answer_support_neg_macro", weight=2)
def answer_support_neg_macro(vs: Values, d: Doc) -> None:
    d.add("Here is a reusable macro for late deliveries:\n\nHi {{ticket.requester.first_name}},\n\n"
          "sorry your order {{order.number}} is late. The carrier reference is {{shipment.tracking}} (it looks like ",
          tracking(vs), "). If it does not arrive by {{eta}}, reply and we send a replacement of ", vs.product(),
          " or refund the card ending {{card.last4}}.\n\nBest,\n{{agent.first_name}}\n\n"
          "Tip: test it with order ", order(vs), " in the sandbox and a test card such as ", vs.test_card(), ".")


# --- warehouse: pick lists, manifests, labels, onboarding ------------------------------------------


@T("warehouse_pick_list")
def warehouse_pick_list(vs: Values, d: Doc) -> None:
    d.add("Export from the WMS (wave ", f"W{vs.digits(6)}", "). Which picker is slowest per line? Columns are "
          "picker;bin;sku;ean;qty;scanned_at\n\n")
    pickers = [vs.person() for _ in range(vs.rng.randrange(2, 4))]
    for _ in range(vs.rng.randrange(5, 9)):
        p = vs.pick(pickers)
        d.add(nm(vs, p, vs.pick(("upper", "last_first", "lower"))) if vs.chance(0.85) else pv(p.handle), ";",
              vs.bin_location(), ";", vs.sku(), ";", vs.ean13(), f";{vs.rng.randrange(1, 6)};{clock(vs)}\n")
    d.add("\nShift lead: ", nm(vs, vs.person(), "full"))


@T("warehouse_driver_manifest")
def warehouse_driver_manifest(vs: Values, d: Doc) -> None:
    drv = vs.person()
    d.add(f"Route R{vs.digits(3)} - {date(vs)} - depot {vs.pick(('Tilburg', 'Duisburg', 'Stryków', 'Piacenza', 'Gebze'))}\n"
          "Driver: ", nm(vs, drv, "full"), " (", vs.phone_for(drv), ")\n\nstop;recipient;address;phone;parcel\n")
    for i in range(vs.rng.randrange(3, 6)):
        r = vs.person()
        d.add(f"{i + 1};", nm(vs, r, vs.pick(("full", "upper", "western"))), ";")
        address(vs, d, sep=" ")
        d.add(";", vs.phone_for(r) if vs.chance(0.75) else "", ";", tracking(vs), "\n")
    d.add("\nOptimise the stop order and flag addresses that look incomplete.")


@T("warehouse_label_ocr")
def warehouse_label_ocr(vs: Values, d: Doc) -> None:
    r = vs.person()
    country = vs.pick(("NL", "DE", "PL", "IT", "ES", "TR", "GB"))
    d.add("OCR of a damaged shipping label, can you tell me what the recipient fields are?\n\n"
          "FROM: Kestrel Fulfilment Centre, ", vs.street(), " 4, 5047 TX Tilburg\nSHIP TO:\n",
          nm(vs, r, vs.pick(("upper", "full"))), "\n")
    address(vs, d, country)
    d.add("\nTEL ", vs.phone_v(country), "\nREF ", order(vs), "  WT 1.4 KG\n", tracking(vs), "\nHS ", vs.hs_code(),
          " CONTENTS: ", vs.brand(), " jacket\n")
    if vs.chance(0.4):
        d.add("Note on the label: \"call ", nm(vs, r, "given"), " before delivery\"\n")


@T("warehouse_onboarding_us")
def warehouse_onboarding_us(vs: Values, d: Doc) -> None:
    p, hr = vs.person(), vs.person()
    d.add("New associate onboarding for the Newark DC, check the packet is complete for payroll:\n\n"
          "Name: ", nm(vs, p, "western"), "\nSSN: ", vs.ssn_v(), "\nPhone: ", vs.phone_v("US", "national"), "\nEmail: ",
          vs.email_v(p), "\nPosition: ", vs.pick(("forklift operator", "delivery driver (CDL-B)", "picker, night shift")),
          "\nDirect deposit: routing ", N(vs.pick(("021000021", "031201360", "044000037")), "routing_number", "US_SSN"),
          ", account ", N(vs.digits(10), "account_number", "PHONE_NUMBER"), "\nEmployer EIN: ", vs.ein(), "\nAddress: ")
    address(vs, d, "US", ", ")
    d.add("\nI-9 reviewed by ", nm(vs, hr, "initial"), " on ", date(vs), ". Example SSN on the old form was ", vs.bad_ssn(),
          ", ignore it.")


@T("warehouse_wms_sync")
def warehouse_wms_sync(vs: Values, d: Doc) -> None:
    d.add("The WMS to ERP sync stopped at night, log of the worker:\n\n")
    for _ in range(vs.rng.randrange(2, 4)):
        d.add(f"{clock(vs)}:{vs.digits(2)} INFO confirm pick bin=", vs.bin_location(), " sku=", vs.sku(), " by ",
              pv(vs.person().handle), " from ", vs.ip_v(private=True), "\n")
    d.add(f"{clock(vs)}:{vs.digits(2)} ERROR erp-push failed, settings: ")
    for _ in range(vs.rng.randrange(1, 3)):
        credential(vs, d)
    d.add("Worker build ", vs.version4(), ". What should I check first?")


@T("warehouse_driver_w9")
def warehouse_driver_w9(vs: Values, d: Doc) -> None:
    p = vs.person()
    d.add("Contractor delivery driver (1099) for the Columbus hub, turn this W-9 OCR into our vendor record:\n\n"
          "Name (as shown on your income tax return): ", nm(vs, p, vs.pick(("western", "upper"))), "\nBusiness name: ",
          vs.pick(("", "Fast Lane Couriers LLC", "Metro Last Mile Inc")), "\nTIN: ")
    if vs.chance(0.8):
        d.add("SSN ", vs.ssn_v())
    else:
        d.add("EIN ", vs.ein())
    d.add("\nAddress: ")
    address(vs, d, "US", ", ")
    d.add("\nCell: ", vs.phone_v("US"), "\nE-mail: ", vs.email_v(p), "\nVehicle plate ",
          N(f"{vs.pick(('JXK', 'HBR', 'MNT'))}-{vs.digits(4)}", "plate", "PHONE_NUMBER"), ", route ", vs.store_id(), "\n")


@T("answer_warehouse_roster", weight=4)
def answer_warehouse_roster(vs: Values, d: Doc) -> None:
    d.add("Here is the roster as a table:\n\n| Shift | Associate | Zone | Phone |\n|---|---|---|---|\n")
    for _ in range(vs.rng.randrange(3, 6)):
        p = vs.person()
        d.add(f"| {vs.pick(('early', 'late', 'night'))} | ", nm(vs, p, vs.pick(("full", "western", "last_first"))),
              f" | {vs.pick(('inbound', 'pick', 'pack', 'returns', 'dispatch'))} | ", vs.phone_for(p), " |\n")
    d.add("\nBins ", vs.bin_location(), " to ", vs.bin_location(), " are unassigned on the late shift.")


@T("warehouse_neg_inventory", weight=4)
def warehouse_neg_inventory(vs: Values, d: Doc) -> None:
    d.add("Cycle count differences, summarise by zone:\n\nbin,sku,ean,system,counted\n")
    for _ in range(vs.rng.randrange(4, 8)):
        d.add(vs.bin_location(), ",", vs.sku(), ",", vs.ean13(), f",{vs.rng.randrange(0, 60)},{vs.rng.randrange(0, 60)}\n")
    d.add("\nScanner firmware ", vs.version4(), ", WMS build ", vs.version4(), ". Brands affected: ", vs.brand(), ", ",
          vs.brand(), ".")


# --- carrier: label APIs, tracking webhooks, customs, 3PL ------------------------------------------


@T("carrier_label_api")
def carrier_label_api(vs: Values, d: Doc) -> None:
    r = vs.person()
    d.add("Our label request gets 401 from the carrier sandbox, what's wrong?\n\n```\n")
    credential(vs, d, ("bearer_token", "jwt", "password_cli", "password_kv", "entra_client_secret", "google_api_key"))
    d.add("```\nBody:\n```json\n{\n  \"shipper\": {\"name\": \"Kestrel Fulfilment\", \"account\": \"", N(vs.digits(9),
          "carrier_account", "PHONE_NUMBER"), "\"},\n  \"ship_to\": {\n    \"name\": \"", nm(vs, r, "full"),
          "\",\n    \"phone\": \"", vs.phone_for(r, "e164"), "\",\n    \"email\": \"", vs.email_v(r), "\",\n    \"street\": \"",
          vs.street(), f" {vs.rng.randrange(1, 90)}\"\n  }},\n  \"reference\": \"", order(vs), "\",\n  \"weight_kg\": 2.3\n}\n```")


@T("carrier_tracking_webhook")
def carrier_tracking_webhook(vs: Values, d: Doc) -> None:
    r = vs.person()
    d.add("Webhook deliveries fail intermittently. Logs:\n\n")
    for _ in range(vs.rng.randrange(2, 4)):
        d.add(f"{vs.rng.randrange(10, 23)}:{vs.digits(2)}:{vs.digits(2)} POST /hooks/tracking from ", vs.ip_v(private=False),
              f" status={vs.pick(('200', '401', '502'))} shipment=", tracking(vs), "\n")
    d.add("payload: {\"event\": \"DELIVERED\", \"signed_by\": \"", nm(vs, r, vs.pick(("upper", "initial"))),
          "\", \"recipient\": \"", nm(vs, r, "full"), "\", \"geo\": \"51.55,5.09\"}\n")
    if vs.chance(0.5):
        d.add("verification header: ")
        credential(vs, d, ("jwt", "bearer_token", "slack_webhook"))
    d.add("Our ingress is ", vs.ip_v(v6=True), " and the test sender in their docs is ", vs.doc_ip(), ".")


@T("carrier_customs")
def carrier_customs(vs: Values, d: Doc) -> None:
    r = vs.person()
    d.add("Fill in the missing fields of this customs declaration (CN23) for a parcel to ",
          vs.pick(("Istanbul", "London", "Zürich", "Oslo")), ":\n\nConsignee: ", nm(vs, r, vs.pick(("full", "upper"))),
          "\nAddress: ")
    address(vs, d, vs.pick(("TR", "GB")), ", ")
    d.add("\nPhone: ", vs.phone_for(r), "\nE-mail: ", vs.email_v(r) if vs.chance(0.7) else "", "\nEORI: ",
          N(vs.pick(("NL", "DE")) + vs.digits(9), "eori", "IBAN_CODE"), "\nItems:\n")
    for _ in range(vs.rng.randrange(2, 4)):
        d.add(" - ", vs.product(), ", HS ", vs.hs_code(), f", EUR {vs.rng.randrange(10, 250)}.00\n")
    d.add("Invoice ", vs.invoice(), ", tracking ", vs.intl_parcel())


@T("carrier_3pl_sftp")
def carrier_3pl_sftp(vs: Values, d: Doc) -> None:
    p = vs.person()
    lang = vs.least("lang", ("en", "de", "nl", "pl", "it", "es", "tr"))
    intro = {"en": "Hi team,\nthe new SFTP access for the ASN files:\n\n", "de": "Hallo zusammen,\nhier der neue SFTP-Zugang für die ASN-Dateien:\n\n",
             "nl": "Hoi allemaal,\nhierbij de nieuwe SFTP-toegang voor de ASN-bestanden:\n\n",
             "pl": "Cześć,\nponiżej nowy dostęp SFTP do plików ASN:\n\n", "it": "Ciao a tutti,\necco il nuovo accesso SFTP per i file ASN:\n\n",
             "es": "Hola equipo,\naquí el nuevo acceso SFTP para los ficheros ASN:\n\n",
             "tr": "Merhaba,\nASN dosyaları için yeni SFTP erişimi:\n\n"}[lang]
    d.add("Forwarded from our 3PL, please turn it into a config for the integration service:\n\n", intro,
          f"Host: {vs.pick(('sftp.bol-partner.nl', 'edi.cargo3pl.pl', 'sftp.depo-ist.com.tr'))} (", vs.ip_v(private=False),
          ")\nPort: 2222\nLogin: ", target(vs), "\n")
    credential(vs, d, ("password_cli", "password_url", "password_ctor", "password_prose", "password_kv", "private_key",
                       "password_yaml"))
    if vs.chance(0.4):
        credential(vs, d, ("private_key", "connection_string", "aws_access_key_id", "aws_secret_key", "sas_token",
                           "azure_storage_key"))
    d.add("\n")
    sign_off(vs, d, p, lang)


@T("answer_carrier_client", weight=3)
def answer_carrier_client(vs: Values, d: Doc) -> None:
    d.add("Here is the client with retries; I kept your values so it runs as before, but move them to the vault:\n\n```\n")
    credential(vs, d)
    if vs.chance(0.5):
        credential(vs, d)
    d.add("```\n```python\nresp = session.post(LABEL_URL, json=payload, timeout=20)\nif resp.status_code == 401:\n"
          "    refresh_token()\n```\nThe sandbox host resolves to ", vs.doc_ip(), " in their docs; production answered from ",
          vs.ip_v(private=False), ". Contact on their side: ")
    p = vs.person()
    d.add(nm(vs, p, "full"), " (", vs.email_v(p), ").")


@T("carrier_neg_tracking", weight=4)
def carrier_neg_tracking(vs: Values, d: Doc) -> None:
    d.add("Write a regex that tells these tracking numbers apart:\n\n")
    for _ in range(vs.rng.randrange(4, 7)):
        d.add(" - ", tracking(vs), "\n")
    d.add("\nAnd make sure it does not match our order ids (", order(vs), ") or SKUs (", vs.sku(), "). The carrier test "
          "endpoint is ", vs.doc_ip(), ", API docs use ", vs.example_email(), ".")


# --- pos: terminal logs, settlement, card complaints, gateway config --------------------------------


@T("pos_terminal_log")
def pos_terminal_log(vs: Values, d: Doc) -> None:
    cashier = vs.person()
    d.add("Terminal keeps declining contactless since the update, what's the cause?\n\n")
    tid = vs.terminal_id()
    d.add("terminal=", tid, " store=", vs.store_id(), " ip=", vs.ip_v(private=True), "\n")
    for _ in range(vs.rng.randrange(2, 5)):
        d.add(f"{clock(vs)}:{vs.digits(2)} TXN {vs.digits(6)} AUTH pan=", vs.masked_card(),
              f" amt={vs.rng.randrange(1, 300)}.{vs.digits(2)} rc={vs.pick(('00', '05', '51', '65', '1A'))}\n")
    if vs.chance(0.7):
        d.add(f"{clock(vs)}:{vs.digits(2)} DEBUG emv track2 fallback PAN=", vs.card_v(layout="plain"), " exp=2811\n")
    if vs.chance(0.35):
        d.add(f"{clock(vs)}:{vs.digits(2)} DEBUG loaded config ")
        credential(vs, d, ("bearer_token", "jwt", "password_kv", "stripe_key", "azure_ai_key_no_keyword", "connection_string"))
    d.add(f"{clock(vs)}:{vs.digits(2)} operator=", nm(vs, cashier, vs.pick(("handle", "upper"))),
          " fw=", vs.version4(), "\n")


@T("pos_settlement")
def pos_settlement(vs: Values, d: Doc) -> None:
    d.add("Reconcile this settlement report with the bank statement:\n\nstore;merchant;payout_iban;gross;fees;net\n")
    for _ in range(vs.rng.randrange(3, 6)):
        gross = vs.rng.randrange(2000, 40000)
        d.add(vs.store_id(), ";", vs.pick(("Kestrel Home NL", "Kestrel Outlet DE", "Kestrel PL sp. z o.o.",
                                            "Kestrel Italia S.r.l.")), ";",
              vs.iban_v(grouped=False) if vs.chance(0.6) else N("**** " + vs.digits(4), "masked_iban", "IBAN_CODE"),
              f";{gross}.{vs.digits(2)};{gross // 60}.{vs.digits(2)};{gross - gross // 60}.00\n")
    d.add("\nRejected last month (checksum): ", vs.bad_iban(), "\nPrepared by ", nm(vs, vs.person(), vs.pick(("full", "initial"))),
          ", batch ", vs.invoice())


@T("pos_card_complaint")
def pos_card_complaint(vs: Values, d: Doc) -> None:
    c, mgr = vs.person(), vs.person()
    d.add("From the store manager at ", vs.place(), ":\n\n", nm(vs, mgr, "given"), " here. A customer, ", nm(vs, c, "full"),
          ", says she was charged twice at till 3 on ", date(vs), ". She wrote her card down for us: ", vs.card_v(),
          ". Receipt shows ", vs.masked_card(), ". Her number is ", vs.phone_for(c))
    if vs.chance(0.5):
        d.add(" and mail ", vs.email_v(c))
    d.add(". Terminal ", vs.terminal_id(), ". How do I raise this with the acquirer, and should I have written the card "
          "down at all?")


@T("pos_gateway_config")
def pos_gateway_config(vs: Values, d: Doc) -> None:
    d.add("Payment gateway config of the POS middleware, is anything wrong for go-live?\n\n```\n")
    credential(vs, d, ("stripe_key", "connection_string", "password_kv", "twilio_key", "aws_access_key_id", "jwt",
                       "password_yaml", "cosmos_key"))
    credential(vs, d)
    d.add("TERMINAL_SUBNET=", vs.ip_v(private=True), "/24\nACQUIRER_HOST=", vs.ip_v(private=False), "\nTEST_KEY=",
          vs.stripe_test(), "\n```\nThe old terminals run ", vs.version4(), ".")


@T("answer_pos_incident", weight=3)
def answer_pos_incident(vs: Values, d: Doc) -> None:
    d.add("Summary of the incident:\n\n- Terminal ", vs.terminal_id(), " at ", vs.ip_v(private=True),
          " lost its route to the acquirer after firmware ", vs.version4(), ".\n- Declines were for cards like ",
          vs.masked_card(), "; ")
    if vs.chance(0.5):
        d.add("one log line leaked a full PAN (", vs.card_v(), "), purge that log.\n")
    else:
        d.add("no full PAN was logged.\n")
    d.add("- Cashier ", nm(vs, vs.person(), vs.pick(("full", "given"))), " switched to the backup terminal at ", clock(vs),
          ".\n- Escalate to the payment team; the on-call is reachable at ", vs.phone_v(), ".")


@T("pos_neg_receipt", weight=4)
def pos_neg_receipt(vs: Values, d: Doc) -> None:
    d.add("Why does this receipt show VAT twice?\n\nKESTREL HOME - ", vs.place(), "\nStore ", vs.store_id(), "  ",
          vs.terminal_id(), "\n")
    for _ in range(vs.rng.randrange(2, 5)):
        d.add(vs.ean13(), f"  {vs.pick(('T-shirt', 'Candle', 'Sneaker', 'Mug'))}  {vs.rng.randrange(3, 90)},99\n")
    d.add("VISA ", vs.masked_card(), "\nGift card ", vs.gift_card(), "\nVAT NL", N(vs.digits(9) + "B01", "vat_id", "IBAN_CODE"),
          "\nBrand partner: ", vs.brand(), "\n")


# --- crm: loyalty exports, dedupe, GDPR, campaigns ----------------------------------------------------


@T("crm_loyalty_export")
def crm_loyalty_export(vs: Values, d: Doc) -> None:
    d.add("Loyalty export, find members with more than one account:\n\nmember_id,last_name,first_name,email,phone,tier,points\n")
    for _ in range(vs.rng.randrange(3, 6)):
        p = vs.person()
        d.add(N(f"KL{vs.digits(8)}", "member_id", "PHONE_NUMBER"), ",", pv(p.last), ",", pv(p.first), ",", vs.email_v(p),
              ",", vs.phone_for(p, "e164") if vs.chance(0.8) else "", f",{vs.pick(('bronze', 'silver', 'gold'))},"
              f"{vs.rng.randrange(0, 9000)}\n")


@T("crm_dedupe")
def crm_dedupe(vs: Values, d: Doc) -> None:
    p = vs.person()
    d.add("Are these the same customer? Merge them if so:\n\n```json\n[{\"customer_name\": \"", nm(vs, p, "full"),
          "\", \"email\": \"", vs.email_v(p), "\", \"phone\": \"", vs.phone_for(p), "\"},\n {\"customer_name\": \"",
          nm(vs, p, vs.pick(("lower", "upper", "initial"))), "\", \"email\": \"", vs.email_v(p), "\", \"phone\": \"\", "
          "\"last_order\": \"", order(vs), "\"}]\n```\nThe second one came from the ", vs.brand(), " concession till.")


@T("crm_gdpr_request")
def crm_gdpr_request(vs: Values, d: Doc) -> None:
    p = vs.person()
    lang = vs.least("lang", ("de", "nl", "pl", "en", "it"))
    body = {"de": "Sehr geehrte Damen und Herren,\nhiermit verlange ich nach Art. 17 DSGVO die Löschung meiner Daten.",
            "nl": "Geachte heer/mevrouw,\nop grond van de AVG vraag ik u mijn gegevens te verwijderen.",
            "pl": "Szanowni Państwo,\nna podstawie RODO proszę o usunięcie moich danych.",
            "en": "Hello,\nunder the GDPR I ask you to delete all my data, including the loyalty account.",
            "it": "Gentili signori,\nai sensi del GDPR chiedo la cancellazione dei miei dati."}[lang]
    d.add("Draft the confirmation and tell me which systems to purge:\n\n", body, "\n", nm(vs, p, "full"), "\n")
    address(vs, d)
    d.add("\n", vs.email_v(p), " / ", vs.phone_for(p), "\n")
    if vs.chance(0.35):
        d.add("Refund any credit to ", vs.iban_v(), "\n")
    d.add("Loyalty card ", N(f"KL{vs.digits(8)}", "member_id", "PHONE_NUMBER"))


@T("crm_campaign_config")
def crm_campaign_config(vs: Values, d: Doc) -> None:
    d.add("Our Black Friday campaign sender fails, config below:\n\n```\n")
    credential(vs, d, ("sendgrid_key", "mailgun_key", "twilio_key", "slack_webhook", "google_api_key", "openai_key",
                       "anthropic_key", "huggingface_token"))
    if vs.chance(0.5):
        credential(vs, d)
    d.add("SEED_LIST=")
    for i in range(vs.rng.randrange(2, 4)):
        d.add("," if i else "", vs.email_v(vs.person()))
    d.add("\nSMS_TEST=", vs.phone_v(), "\n```\nUnsubscribe footer still points to ", vs.example_email(), ".")


@T("answer_crm_segment", weight=3)
def answer_crm_segment(vs: Values, d: Doc) -> None:
    d.add("This query returns gold members without an order in 90 days:\n\n```sql\nSELECT m.member_id, m.email\nFROM "
          "loyalty_member m\nLEFT JOIN orders o ON o.member_id = m.member_id AND o.created_at > now() - interval '90 days'\n"
          "WHERE m.tier = 'gold' AND o.id IS NULL;\n```\nOn your sample it returns ")
    for i in range(vs.rng.randrange(2, 4)):
        p = vs.person()
        d.add(", " if i else "", nm(vs, p, "full"), " (", vs.email_v(p), ")")
    d.add(". Note that ", nm(vs, vs.person(), "given"), "'s account has two e-mails.")


@T("crm_neg_segments", weight=4)
def crm_neg_segments(vs: Values, d: Doc) -> None:
    d.add("Turn these segment numbers into three slide bullets:\n\nsegment,members,avg_basket\n")
    for _ in range(vs.rng.randrange(3, 6)):
        d.add(vs.pick(("gold", "lapsed", "new", "app-only", "store-only")), "-", vs.store_id(),
              f",{vs.rng.randrange(100, 40000)},{vs.rng.randrange(20, 140)}.{vs.digits(2)}\n")
    d.add("\nTop brands: ", vs.brand(), ", ", vs.brand(), ", ", vs.brand(), ". Store ", vs.place(), " leads. Test "
          "member: ", vs.example_email(), ".")


# --- it: .env, compose, CI, scripts, app logs ---------------------------------------------------------


@T("it_env_file")
def it_env_file(vs: Values, d: Doc) -> None:
    d.add(vs.pick(("Settings and snippets of the Magento integration, why does the cron not pick them up?",
                   "Shopify sync app config, clean it up:", "Collected from the ERP connector container (.env and code):")),
          "\n\n```\n")
    for _ in range(vs.rng.randrange(3, 6)):
        credential(vs, d)
    d.add("APP_VERSION=", vs.version4(), "\n```")


@T("it_docker_compose")
def it_docker_compose(vs: Values, d: Doc) -> None:
    d.add("docker-compose for the staging shop, make it production ready:\n\n```yaml\n")
    credential(vs, d, ("password_yaml",))
    d.add("  app:\n    image: kestrel/storefront:", vs.version4(), "\n    env_file: .env\n    extra_hosts:\n      - \"erp:",
          vs.ip_v(private=True), "\"\n```\nand the .env it reads:\n```\n")
    for _ in range(vs.rng.randrange(1, 4)):
        credential(vs, d)
    d.add("```")


@T("it_ci_pipeline")
def it_ci_pipeline(vs: Values, d: Doc) -> None:
    d.add("The deploy job of the theme pipeline fails at the upload step:\n\n```yaml\n")
    for _ in range(vs.rng.randrange(2, 5)):
        credential(vs, d)
    d.add("```\nRunner ", vs.ip_v(), " commit ", vs.sha(), ". Failing since ", nm(vs, vs.person(), "handle"),
          " merged the PR.")


@T("it_script_question")
def it_script_question(vs: Values, d: Doc) -> None:
    d.add("This script syncs stock from the ERP to the shop, refactor it:\n\n```\n")
    for _ in range(vs.rng.randrange(2, 4)):
        credential(vs, d)
    d.add("for sku, qty in erp_stock():\n    shop.set_inventory(sku, qty)\n```\nIt runs on ", vs.ip_v(private=True),
          ", written by ", nm(vs, vs.person(), "full"), ".")


@T("it_app_logs")
def it_app_logs(vs: Values, d: Doc) -> None:
    d.add("Checkout errors spiked, logs:\n\n")
    for _ in range(vs.rng.randrange(2, 4)):
        d.add(f"{clock(vs)}:{vs.digits(2)} WARN checkout client=", vs.ip_v(v6=vs.chance(0.4), private=False),
              " cart=", N(vs.guid().text, "cart_id", "azure_openai_key"), f" err={vs.pick(('PAYMENT_TIMEOUT', 'ADDRESS_INVALID'))}\n")
    d.add(f"{clock(vs)}:{vs.digits(2)} ERROR ")
    credential(vs, d, ("connection_string", "jwt", "password_url", "sas_token", "bearer_token"))
    if vs.chance(0.5):
        d.add(f"{clock(vs)}:{vs.digits(2)} DEBUG env dump: ")
        credential(vs, d)
    d.add("customer=", vs.email_v(), " trace=", vs.md5(), "\n")


@T("answer_it_review", weight=4)
def answer_it_review(vs: Values, d: Doc) -> None:
    d.add("Reviewed config below. Main issues: secrets in plain text and the wrong region. Corrected:\n\n```\n")
    for _ in range(vs.rng.randrange(2, 4)):
        credential(vs, d)
    d.add("```\nRotate these values after the fix; the endpoint ", vs.doc_ip(), " in the sample is only an example.")


@T("it_neg_config", weight=4)
def it_neg_config(vs: Values, d: Doc) -> None:
    d.add("Is this config safe to commit?\n\n```\nSTRIPE_SECRET_KEY=", vs.placeholder("stripe_key"), "\nDB_PASSWORD=",
          vs.placeholder("password_kv"), "\nSFTP_USER=edi\nSFTP_PASSWORD=", vs.placeholder("password_kv"),
          "\nAWS_ACCESS_KEY_ID=", vs.aws_example(), "\nSTRIPE_TEST=", vs.stripe_test(), "\nALERT_EMAIL=",
          vs.example_email(), "\nUPSTREAM=", vs.doc_ip(), "\nRELEASE=", vs.version4(), "\nTENANT=", vs.guid(),
          "\nBUILD=", vs.sha(), "\nDEPLOY_TARGET=", target(vs, "deploy"), "\n```")


# --- chat: Slack, Teams, WhatsApp, escalations ---------------------------------------------------------


@T("chat_slack_thread")
def chat_slack_thread(vs: Values, d: Doc) -> None:
    a, b, c = vs.person(), vs.person(), vs.person()
    d.add("Summarise this #wms-ops thread:\n\n", pv(a.handle), f" {clock(vs)}\n@", pv(b.handle),
          " label printer in zone ", vs.bin_location(), " is offline again\n", pv(b.handle), f" {clock(vs)}\n"
          "restarting it, ", nm(vs, c, "given"), " can you cover dispatch?\n")
    if vs.chance(0.8):
        d.add(pv(b.handle), " fyi the spooler login: ")
        credential(vs, d, ("password_prose", "password_cli", "password_kv", "slack_token", "password_url"))
        d.add("\n")
    d.add(pv(c.handle), f" {clock(vs)}\non it, ", nm(vs, a, "given"), ". wave ", f"W{vs.digits(6)}", " is late anyway")


@T("chat_teams_shift")
def chat_teams_shift(vs: Values, d: Doc) -> None:
    a, b = vs.person(), vs.person()
    d.add("Teams chat, make a shift-swap request out of it:\n\n", nm(vs, a, "full"), f" {clock(vs)}\n"
          "Can anyone take my Saturday late shift at ", vs.place(), "? Call me ", vs.phone_for(a), "\n",
          nm(vs, b, "full"), f" {clock(vs)}\nI can, ", nm(vs, a, "given"), ". Text me on ", vs.phone_for(b), "\n",
          nm(vs, a, "full"), f" {clock(vs)}\nThanks! I'll tell ", nm(vs, vs.person(), vs.pick(("full", "given"))), ".")


@T("chat_whatsapp_drivers")
def chat_whatsapp_drivers(vs: Values, d: Doc) -> None:
    d.add("WhatsApp export of the drivers group, list the failed deliveries:\n\n")
    for _ in range(vs.rng.randrange(3, 5)):
        drv, r = vs.person(), vs.person()
        d.add(f"[{date(vs)}, {clock(vs)}] ", nm(vs, drv, vs.pick(("full", "given"))), ": ")
        d.add(vs.pick(("nobody home at ", "klant niet thuis, ", "nikogo nie ma, ", "kimse yok, ")), nm(vs, r, "full"),
              ", ")
        address(vs, d, sep=" ")
        if vs.chance(0.5):
            d.add(", tel ", vs.phone_for(r))
        d.add(" - ", tracking(vs), "\n")


@T("chat_escalation")
def chat_escalation(vs: Values, d: Doc) -> None:
    c, a = vs.person(), vs.person()
    d.add("Escalation from the chat team:\n\n", nm(vs, a, "given"), ": VIP customer ", nm(vs, c, "full"), " (",
          vs.email_v(c), ") is angry, ", nm(vs, c, "given"), "'s order ", order(vs), " arrived damaged. ")
    if vs.chance(0.6):
        d.add("She pasted her card in the chat (", vs.card_v(), "), I deleted the message. ")
    d.add("Callback on ", vs.phone_for(c), ". What compensation can we offer? Product was ", vs.product(), ".")


@T("answer_chat_summary", weight=4)
def answer_chat_summary(vs: Values, d: Doc) -> None:
    a, b = vs.person(), vs.person()
    d.add("Summary of the thread:\n\n- ", nm(vs, a, vs.pick(("full", "given", "handle"))), " reported the sorter jam at ",
          vs.bin_location(), ".\n- ", nm(vs, b, vs.pick(("full", "given"))), " takes dispatch until ", clock(vs), ".\n")
    if vs.chance(0.5):
        d.add("- The spooler password was posted in the channel (", )
        credential(vs, d, ("password_prose", "password_kv", "password_cli", "azure_ai_key_no_keyword", "slack_token"))
        d.add("); rotate it.\n")
    d.add("- Contact for the printer vendor: ", vs.phone_v(), ".")


@T("chat_neg_bot", weight=4)
def chat_neg_bot(vs: Values, d: Doc) -> None:
    d.add("What do these bot messages mean?\n\n[ops-bot] wave ", f"W{vs.digits(6)}", " released, ", str(vs.rng.randrange(40, 400)),
          " lines, dock ", vs.bin_location(), "\n[ops-bot] carrier cut-off for ", tracking(vs), " missed\n[ops-bot] stock "
          "alert: ", vs.brand(), " ", vs.sku(), " below 5 at ", vs.place(), "\n[ops-bot] deploy ", vs.version4(),
          " done (", vs.sha(), ")\n[ops-bot] test ping from ", vs.doc_ip())


# --- generation -----------------------------------------------------------------------------------------

NEGATIVE = frozenset(t.genre for t in REGISTRY.templates if "_neg_" in t.genre)


def generate(seed: int, count: int) -> list[Sample]:
    """`count` texts, the kinds in turn (shuffled), a share NEG_SHARE of each kind from its hard-negative templates;
    every template first once, then by weight."""
    rng = random.Random(seed)
    vs = Values(rng)
    plan = [KINDS[i % len(KINDS)] for i in range(count)]
    rng.shuffle(plan)
    seen: dict[str, int] = {}
    todo = {(k, neg): [t for t in REGISTRY.templates if kind_of(t.genre) == k and (t.genre in NEGATIVE) == neg]
            for k in KINDS for neg in (False, True)}
    fresh = {key: rng.sample(ts, len(ts)) for key, ts in todo.items()}
    cycle: dict[tuple[str, bool], list] = {key: [] for key in todo}
    samples = []
    for i, kind in enumerate(plan):
        j = seen.get(kind, 0)
        seen[kind] = j + 1
        neg = int((j + 1) * NEG_SHARE) > int(j * NEG_SHARE)
        pool = fresh[(kind, neg)]
        if not pool:
            pool = cycle[(kind, neg)]
            if not pool:
                pool.extend(t for t in todo[(kind, neg)] for _ in range(t.weight))
                rng.shuffle(pool)
        samples.append(write("b20", i, pool.pop(), vs))
    return samples


__all__ = ["KINDS", "KIND_NAMES", "NEGATIVE", "REGISTRY", "generate", "kind_of", "target"]
