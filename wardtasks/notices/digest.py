"""The daily e-mail digest (``flask send-digests``): each user who asked for it gets one
message listing their unread notices not yet mailed, in their language, as plain text and
HTML, through the SMTP server of the configuration.

A notice is marked mailed (``mailed_at``) only after the server accepted its message, so a
server that is down or refuses loses nothing: the next run sends it. Every run is recorded
(:class:`~wardtasks.models.DigestRun`) with its error, which the secretariat sees under
Quản trị.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import exists, func, select, update

from ..database import write_transaction
from ..dates import format_datetime
from ..extensions import db
from ..models import DigestRun, Notice, User
from ..models.base import utcnow
from ..web import safe_next
from .kinds import notice_text, read_params
from .links import site_path

ERROR_MAX = 500  # characters of the server's error kept for the secretariat


@dataclass
class DigestResult:
    """What a run did: messages sent and failed, and the error that stopped it."""

    sent: int = 0
    failed: int = 0
    error: str | None = None


@dataclass(frozen=True)
class Recipient:
    id: int
    email: str
    full_name: str
    locale: str


_WAITING = (Notice.mailed_at.is_(None), Notice.read_at.is_(None))


def _asked() -> list[Any]:
    """Users who asked for the digest and gave an address."""
    return [
        User.active.is_(True),
        User.email_digest.is_(True),
        User.email.is_not(None),
        User.email != "",
    ]


def waiting_count() -> int:
    """Notices waiting for the digest of a user who asked for it (the secretariat's view)."""
    query = (
        select(func.count())
        .select_from(Notice)
        .join(User, User.id == Notice.user_id)
        .where(*_asked(), *_WAITING)
    )
    return int(db.session.scalar(query) or 0)


def recipients() -> list[Recipient]:
    """Active users who asked for the digest, have an address and a notice to send."""
    query = (
        select(User.id, User.email, User.full_name, User.locale)
        .where(*_asked(), exists().where(Notice.user_id == User.id, *_WAITING))
        .order_by(User.id)
    )
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    return [
        Recipient(uid, email, name, locale if locale in languages else default)
        for uid, email, name, locale in db.session.execute(query)
    ]


def _open_connection() -> smtplib.SMTP:
    """A connection to the configured server, secured and logged in as configured."""
    config = current_app.config
    host, port = config["SMTP_HOST"], int(config["SMTP_PORT"])
    timeout = float(config["SMTP_TIMEOUT"])
    security = str(config["SMTP_TLS"] or "none").lower()
    if not host:
        raise smtplib.SMTPException("SMTP_HOST is not set")
    smtp: smtplib.SMTP
    if security == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        if security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if config["SMTP_USER"]:
        smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
    return smtp


def compose(user: Recipient, notices: list[Notice]) -> EmailMessage:
    """The digest of ``user`` in their language: plain text with an HTML alternative."""
    config = current_app.config
    base = str(config["PUBLIC_URL"]).rstrip("/")
    # A fresh app context: the templates' catalogue is kept per context (i18n.page_translations).
    with current_app.app_context(), force_locale(user.locale):
        items = [
            {
                "text": notice_text(n.kind, read_params(n.params)),
                "url": base + (safe_next(n.link) or site_path("notices.page")),
                "when": format_datetime(n.created_at),
            }
            for n in notices
        ]
        context: dict[str, Any] = {
            "user": user,
            "items": items,
            "notices_url": base + site_path("notices.page"),
            "settings_url": base + site_path("notices.email_settings"),
            "ward_name": config["WARD_NAME"],
        }
        subject = ngettext(
            "%(num)d new notice from the ward's task list",
            "%(num)d new notices from the ward's task list",
            len(items),
        )
        text = render_template("notices/digest.txt", **context)
        html = render_template("notices/digest.html", subject=subject, **context)
        sender_name = _("Ward tasks")
    message = EmailMessage()
    message["Subject"] = subject
    sender = config["SMTP_FROM"] or config["SMTP_USER"] or "wardtasks@localhost"
    message["From"] = formataddr((sender_name, sender))
    message["To"] = formataddr((user.full_name, user.email))
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "wardtasks")
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def _waiting_notices(user_id: int) -> list[Notice]:
    query = select(Notice).where(Notice.user_id == user_id, *_WAITING).order_by(Notice.id)
    return list(db.session.scalars(query))


def send_digests(now: datetime | None = None) -> DigestResult:
    """Send every waiting digest; record the run. A failure to connect fails every
    recipient (all wait for the next run); a refused message fails its own recipient."""
    result = DigestResult()
    users = recipients()
    if users:
        try:
            smtp = _open_connection()
        except (OSError, smtplib.SMTPException) as exc:
            result.failed, result.error = len(users), _describe(exc)
        else:
            with smtp:
                _send_each(smtp, users, result, now)
    with write_transaction():
        db.session.add(
            DigestRun(
                started_at=now or utcnow(),
                sent=result.sent,
                failed=result.failed,
                error=result.error,
            )
        )
    return result


def _send_each(
    smtp: smtplib.SMTP, users: list[Recipient], result: DigestResult, now: datetime | None
) -> None:
    for index, user in enumerate(users):
        notices = _waiting_notices(user.id)
        if not notices:
            continue
        ids = [n.id for n in notices]
        try:
            # A name or address stored with a line break cannot be a header (ValueError).
            smtp.send_message(compose(user, notices))
        except smtplib.SMTPServerDisconnected as exc:
            # The connection is gone: this one and the rest wait for the next run.
            result.failed += len(users) - index
            result.error = _describe(exc)
            return
        except (OSError, smtplib.SMTPException, ValueError) as exc:
            result.failed += 1
            result.error = _describe(exc)
            continue
        with write_transaction():
            db.session.execute(
                update(Notice)
                .where(Notice.id.in_(ids), Notice.mailed_at.is_(None))
                .values(mailed_at=now or utcnow())
            )
        result.sent += 1


def _describe(exc: BaseException) -> str:
    """The error as the secretariat reads it: its kind and the server's words."""
    if isinstance(exc, smtplib.SMTPResponseException):
        raw = exc.smtp_error
        words = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        text = f"{type(exc).__name__} {exc.smtp_code}: {words}"
    elif isinstance(exc, smtplib.SMTPRecipientsRefused):
        text = f"{type(exc).__name__}: {exc.recipients}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text[:ERROR_MAX]
