"""What the templates share: a credential of the least-used kind written as one setting in the syntax of
the file around it (env, Dockerfile, Kubernetes, Ansible, JSON, properties, code), and the small
fillers (hard negatives, dates, amounts)."""

from __future__ import annotations

from tests.dlp_eval.corpus import N, V

from .values import Values

Part = V | N | str

# kind -> (setting name, how the value is made: returns text or (text, secret))
SETTING = {
    "github_token": ("GITHUB_TOKEN", "github"), "slack_token": ("SLACK_BOT_TOKEN", "slack"),
    "slack_webhook": ("SLACK_WEBHOOK_URL", "slack_webhook"), "gitlab_token": ("GITLAB_TOKEN", "gitlab"),
    "stripe_key": ("STRIPE_SECRET_KEY", "stripe"), "google_api_key": ("GOOGLE_MAPS_API_KEY", "google"),
    "npm_token": ("NPM_TOKEN", "npm"), "azure_devops_pat": ("AZURE_DEVOPS_EXT_PAT", "ado_pat"),
    "sendgrid_key": ("SENDGRID_API_KEY", "sendgrid"), "azure_storage_key": ("AZURE_STORAGE_KEY", "storage_key"),
    "connection_string": ("ConnectionStrings__Default", "connection_string"), "sas_token": ("BLOB_SAS_TOKEN", "sas"),
    "azure_openai_key": ("AZURE_OPENAI_API_KEY", "aoai_key"), "openai_key": ("OPENAI_API_KEY", "openai"),
    "aws_access_key_id": ("AWS_ACCESS_KEY_ID", "aws_id"), "aws_secret_key": ("AWS_SECRET_ACCESS_KEY", "aws_secret"),
    "jwt": ("ID_TOKEN", "jwt"), "bearer_token": ("API_AUTH_TOKEN", "opaque_token"),
    "password_kv": ("DB_PASSWORD", "password"), "anthropic_key": ("ANTHROPIC_API_KEY", "anthropic"),
    "entra_client_secret": ("AZURE_CLIENT_SECRET", "entra"), "cosmos_key": ("COSMOS_PRIMARY_KEY", "storage_key"),
    "twilio_key": ("TWILIO_AUTH_TOKEN", "twilio_token"), "mailgun_key": ("MAILGUN_API_KEY", "mailgun"),
    "pypi_token": ("PYPI_API_TOKEN", "pypi"), "huggingface_token": ("HF_TOKEN", "hf"),
    "private_key": ("JWT_SIGNING_KEY", "pem"),
}
SETTING_KINDS = tuple(SETTING)


def make(v: Values, kind: str, escaped: bool = True) -> tuple[str, str]:
    how = SETTING[kind][1]
    if how == "pem":
        return v.pem(escaped=escaped)
    if how == "twilio_token":
        token = v.twilio()[1]
        return token, token
    out = getattr(v, how)()
    return out if isinstance(out, tuple) else (out, out)


def camel(name: str) -> str:
    return "".join(w.capitalize() for w in name.lower().split("_")) if name.isupper() else name.replace("__", ":")


def setting(v: Values, style: str, kind: str | None = None) -> list[Part]:
    """One setting line (with its newline) holding a credential of the least-used kind that fits `style`."""
    yamlish = style in ("yaml", "k8s", "ansible", "gha")
    kinds = tuple("password_yaml" if k == "password_kv" and yamlish else k for k in SETTING_KINDS
                  if not (k == "private_key" and style in ("props", "docker")))
    kind = kind or v.next_kind(kinds)
    if kind == "password_kv" and yamlish:
        kind = "password_yaml"
    name = SETTING["password_kv" if kind == "password_yaml" else kind][0]
    text, secret = make(v, "password_kv" if kind == "password_yaml" else kind, escaped=style != "yaml")
    if kind == "private_key" and style in ("yaml", "ansible", "k8s", "gha"):
        ind = "        " if style in ("k8s", "gha") else "    "
        text = text.replace("\n", "\n" + ind)
        val = v.cred(kind, text, secret)
        key = {"k8s": "  tls.key", "ansible": "jwt_signing_key", "gha": "  JWT_SIGNING_KEY", "yaml": "signingKey"}[style]
        return [f"{key}: |\n{ind}", val, "\n"]
    val = v.cred(kind, text, secret)
    lower = name.lower().replace("connectionstrings__default", "default_connection")
    if style == "env":
        return [f"{name}=", val, "\n"]
    if style == "docker":
        return [f"{v.pick('ENV', 'ARG')} {name}=", val, "\n"]
    if style == "k8s":
        return [f"        - name: {name}\n          value: \"", val, "\"\n"]
    if style == "ansible":
        return [f"{lower}: \"", val, "\"\n"]
    if style == "gha":
        return [f"  {name}: ", val, "\n"]
    if style == "yaml":
        return [f"{camel(name)[0].lower() + camel(name)[1:]}: ", val, "\n"]
    if style == "json":
        return [f"    \"{camel(name)}\": \"", val, "\",\n"]
    if style == "props":
        return [f"app.{lower.replace('_', '.')}=", val, "\n"]
    if style == "py":
        return [f"{name} = \"", val, "\"\n"]
    if style == "js":
        return [f"const {camel(name)[0].lower() + camel(name)[1:]} = '", val, "';\n"]
    if style == "go":
        return [f"\t{camel(name)[0].lower() + camel(name)[1:]} = \"", val, "\"\n"]
    if style == "cs":
        return [f"    private const string {camel(name)} = \"", val, "\";\n"]
    if style == "rust":
        return [f"const {name}: &str = \"", val, "\";\n"]
    if style == "toml":
        return [f"{lower} = \"", val, "\"\n"]
    raise KeyError(style)


def negative_setting(v: Values, style: str) -> list[Part]:
    """A setting that looks secret but is not: a placeholder, a documented example, a reference, an id."""
    name, val = v.pick(("DB_PASSWORD", v.placeholder()), ("AWS_ACCESS_KEY_ID", v.aws_example()),
                       ("AZURE_STORAGE_KEY", v.azurite()), ("AZURE_CLIENT_ID", v.guid()), ("BUILD_SHA", v.commit()),
                       ("OPENAI_API_KEY", v.masked_secret()), ("ARTIFACT_DIGEST", v.sha256()),
                       ("API_KEY", v.placeholder("generic_api_key")))
    if style in ("yaml", "ansible", "k8s", "gha"):
        return [f"{name.lower()}: \"", val, "\"\n"]
    if style == "json":
        return [f"    \"{camel(name)}\": \"", val, "\",\n"]
    if style == "docker":
        return [f"ENV {name}=", val, "\n"]
    if style in ("py", "toml"):
        return [f"{name} = \"", val, "\"\n"]
    return [f"{name}=", val, "\n"]


def amount(v: Values) -> str:
    return f"{v.r.randrange(20, 9000)},{v.r.randrange(0, 100):02d}"


def neg(v: Values) -> N:
    """Any one hard negative of the kinds that sit in business documents."""
    return v.pick(v.order_number, v.policy_number, v.lot, v.date, v.postcode, v.test_card, v.masked_card, v.example_iban,
                  v.bad_ssn, v.masked_ssn, v.doc_ip, v.version, v.guid, v.luhn_fail, v.fict_phone, v.example_email,
                  v.bad_iban)()
