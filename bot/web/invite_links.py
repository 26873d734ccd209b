"""A participant's Telegram deep link, and the same link as a QR code to print or send."""
from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg

from bot.web.config import bot_username


def deep_link(code: str) -> str:
    """Opening it starts the bot with /start <code>, which joins the participant to their meeting."""
    return f"https://t.me/{bot_username()}?start={code}"


def qr_data_uri(link: str) -> str:
    """An SVG QR code as a data: URI, for an <img> with alt text (no JavaScript, prints well)."""
    svg = qrcode.make(link, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
