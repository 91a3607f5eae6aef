"""Helpers shared by the seventh corpus's templates: named settings of every credential kind, and
sprinkles of hard negatives."""

from __future__ import annotations

from tests.dlp_blind7.values import Values
from tests.dlp_eval.templates import Val

# (setting names, generator name); the password kind is chosen by the file format.
SETTINGS = [
    (("GITHUB_TOKEN", "GH_TOKEN", "github.token"), "github"),
    (("NPM_TOKEN", "NPM_AUTH_TOKEN", "npm.authToken"), "npm"),
    (("SLACK_BOT_TOKEN", "slack_token", "Slack.BotToken"), "slack"),
    (("SLACK_WEBHOOK_URL", "alerts.slack_webhook", "WebhookUrl"), "slack_webhook"),
    (("GITLAB_TOKEN", "CI_PUSH_TOKEN", "gitlab.private_token"), "gitlab"),
    (("STRIPE_SECRET_KEY", "stripe.apiKey", "Stripe__SecretKey"), "stripe"),
    (("GOOGLE_MAPS_API_KEY", "firebase.apiKey", "GEOCODER_KEY"), "google"),
    (("AZURE_DEVOPS_PAT", "ADO_PAT", "System.AccessToken"), "ado_pat"),
    (("SENDGRID_API_KEY", "mail.sendgrid.key", "Smtp__ApiKey"), "sendgrid"),
    (("AZURE_STORAGE_KEY", "storage.accountKey", "StorageAccountKey"), "storage_key"),
    (("AZURE_STORAGE_CONNECTION_STRING", "ConnectionStrings__Default", "conn_str"), "conn"),
    (("BLOB_SAS_TOKEN", "export.sas", "SasQuery"), "sas"),
    (("AZURE_OPENAI_API_KEY", "AzureOpenAI__ApiKey", "openai.azure.api_key"), "aoai_key"),
    (("OPENAI_API_KEY", "openai_api_key", "OpenAI:ApiKey"), "openai"),
    (("ANTHROPIC_API_KEY", "claude.api_key", "Anthropic__Key"), "anthropic"),
    (("AWS_ACCESS_KEY_ID", "aws_access_key_id", "aws.accessKeyId"), "aws_id"),
    (("AWS_SECRET_ACCESS_KEY", "aws_secret_access_key", "aws.secretAccessKey"), "aws_secret"),
    (("ID_TOKEN", "auth.jwt", "X_Auth_Jwt"), "jwt"),
    (("API_BEARER_TOKEN", "access_token", "Authorization__Token"), "bearer"),
    (("AZURE_CLIENT_SECRET", "AzureAd__ClientSecret", "sp_client_secret"), "entra"),
    (("COSMOS_KEY", "CosmosDb__PrimaryKey", "cosmos.masterKey"), "cosmos_key"),
    (("TWILIO_AUTH_TOKEN", "twilio.apiKey", "Sms__TwilioToken"), "twilio"),
    (("MAILGUN_API_KEY", "mailgun.key", "MG_KEY"), "mailgun"),
    (("PYPI_TOKEN", "TWINE_PASSWORD", "pypi.token"), "pypi"),
    (("HF_TOKEN", "HUGGINGFACE_HUB_TOKEN", "hf.token"), "hf"),
    (("DATABASE_URL", "SQLALCHEMY_DATABASE_URI", "spring.datasource.url"), "pw_url"),
    (("DB_PASSWORD", "POSTGRES_PASSWORD", "smtp.password", "redis_password", "ldap.bind.password", "admin_pass"), "password"),
]


def setting(v: Values, password_kind: str = "password_kv") -> tuple[str, Val]:
    names, gen = v.pick(SETTINGS)
    name = v.pick(names)
    if gen == "password":
        return name, v.pw(password_kind)
    return name, getattr(v, gen)()
