"""The two ways an alert leaves: email over SMTP (aiosmtplib, STARTTLS and login when set) and a
Telegram message to a coordinator's linked chat (the Bot API's sendMessage). Each raises SendFailed
with a short reason, never the alert's words or an address."""
from __future__ import annotations

import ssl
from email.message import EmailMessage

import aiosmtplib
import httpx

from bot.alerts.settings import AlertSettings

TIMEOUT = 20.0  # seconds


class SendFailed(Exception):
    """Not delivered; the message is a short reason for the flag's trail."""


async def send_email(settings: AlertSettings, to: str, subject: str, body: str) -> None:
    if not settings.smtp_host:
        raise SendFailed("email is not set up (SMTP_HOST)")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.sender, to, subject
    message.set_content(body)
    trusted = ssl.create_default_context(cafile=settings.smtp_ca_file) if settings.smtp_ca_file else None
    try:
        await aiosmtplib.send(
            message, hostname=settings.smtp_host, port=settings.smtp_port, start_tls=settings.smtp_starttls,
            username=settings.smtp_user, password=settings.smtp_password, timeout=TIMEOUT, tls_context=trusted,
        )
    except (aiosmtplib.SMTPException, OSError) as error:
        raise SendFailed(f"mail server: {type(error).__name__}") from error


async def send_telegram(settings: AlertSettings, chat_id: int, text: str) -> None:
    if not settings.telegram_token:
        raise SendFailed("Telegram is not set up (TELEGRAM_BOT_TOKEN)")
    url = f"{settings.telegram_api}{settings.telegram_token}/sendMessage"
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            response = await client.post(url, data={"chat_id": chat_id, "text": text})
    except httpx.HTTPError as error:
        raise SendFailed(f"Telegram: {type(error).__name__}") from error
    if response.status_code != 200:
        raise SendFailed(f"Telegram answered {response.status_code}")
