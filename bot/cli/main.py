"""meeting-prep: set up meetings, run the assistant, and read what families said.

  meeting-prep run                 servers + local terminal chat (or Telegram if TELEGRAM_BOT_TOKEN is set)
  meeting-prep serve               servers (+ Telegram if a token is set), no terminal chat; stops on SIGTERM
  meeting-prep migrate             create or update the database
  meeting-prep seed-demo           a demo meeting; prints its invite code
  meeting-prep meeting create ...  a meeting with participants; prints their invite codes
  meeting-prep code new|revoke PARTICIPANT   a new invite code for someone, or none
  meeting-prep export MEETING --format csv|json
  meeting-prep flags [--meeting M] [--handled ID --by EMAIL --note TEXT]   urgent safeguarding flags
  meeting-prep coordinator add --email E --name N [--password P]   a login for the web page
  meeting-prep coordinator assign MEETING --email E                 show a meeting on their web page
  meeting-prep retention [--days N] [--dry-run]   delete answers N days (RETENTION_DAYS, 90) after a meeting
  meeting-prep say --sender ID TEXT   send one message through the signed channel; prints the replies as JSON
"""
from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import signal
import sys
from datetime import date, datetime

from bot.cli import coordinators as cli_coordinators, retention as cli_retention
from bot.domain.clock import utcnow
from bot.domain.people import PARTICIPANT_ROLES
from bot.domain.records import InviteCode, MeetingDetails
from bot.domain.safeguarding import category_words
from bot.store.migrate import migrate
from bot.use_cases import flags, invite_codes
from bot.use_cases.coordinators import account_of
from bot.use_cases.demo import demo_meeting
from bot.use_cases.export import NoSuchMeeting, export_meeting
from bot.use_cases.meeting_setup import set_up_unassigned_meeting

DEMO_TITLE = "Demo family group conference"


def say(message: str) -> None:
    try:
        print(f"meeting-prep: {message}", flush=True)
    except (BrokenPipeError, ValueError):
        pass  # the terminal or a `| tee` is gone (Ctrl-C stops it too): stopping must still go on


def _split_pair(text: str, what: str) -> tuple[str, str]:
    name, sep, role = text.rpartition(":")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"{what} must look like 'Name:role'")
    return name.strip(), role.strip()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("give the date as year-month-day, for example 2027-03-03") from None


def create_meeting_command(args: argparse.Namespace) -> None:
    people = [_split_pair(text, "--participant") for text in args.participant]
    details = MeetingDetails(args.title, args.kind, datetime.fromisoformat(args.date) if args.date else None,
                             tuple(_split_pair(p, "--professional") for p in args.professional),
                             review_on=args.review_date)
    meeting_id = set_up_unassigned_meeting(args.coordinator, details)
    print(f"Meeting {meeting_id}: {args.title}")
    for name, role in people:
        _print_code(invite_codes.add_participant(meeting_id, name, role))


def code_command(args: argparse.Namespace) -> None:
    """A participant's new code (the old one and the chat that used it stop working), or no code."""
    try:
        if args.action == "new":
            _print_code(invite_codes.new_code(args.participant))
        else:
            invite_codes.revoke_code(args.participant)
            print(f"Participant {args.participant}'s invite code is revoked; their chat is no longer linked.")
    except invite_codes.NoSuchParticipant:
        raise SystemExit(f"meeting-prep: no participant {args.participant}") from None


def _print_code(code: InviteCode) -> None:
    until = f", works until {code.expires_at:%d %B %Y}" if code.expires_at else ""
    print(f"  {code.name} ({code.role}), participant {code.participant_id}: invite code {code.code}{until}")


def seed_demo() -> str:
    """The demo meeting (made once) and the invite code of its demo parent."""
    details = MeetingDetails(DEMO_TITLE, professionals=((cli_coordinators.DEMO_NAME, "coordinator"),
                                                        ("Jo Patel", "social_worker"), ("Mr Evans", "teacher")))
    return demo_meeting(details, cli_coordinators.DEMO_NAME, [("Sam", "parent"), ("Pat", "wider_family")], utcnow())


def export_command(args: argparse.Namespace) -> None:
    try:
        text = export_meeting(args.meeting, args.format)
    except NoSuchMeeting:
        raise SystemExit(f"No meeting '{args.meeting}'. Give its number or exact title.") from None
    sys.stdout.write(text if args.format == "csv" else text + "\n")


def flags_command(args: argparse.Namespace) -> None:
    """Urgent safeguarding flags, those not yet handled first; or mark one handled."""
    if args.handled:
        mark_flag_handled(args)
        return
    lines = flags.list_flags(args.meeting)
    if not lines:
        print("No safeguarding flags.")
    for line in lines:
        flag = line.flag
        state = f"handled by {flag.handled_by}" if flag.handled_at else "URGENT, not yet handled"
        name = f"{line.name} ({line.role})" if line.name else "unknown person"
        where = line.meeting_title or "no meeting (not joined)"
        print(f"#{flag.id} {flag.created_at:%Y-%m-%d %H:%M} {state}: {category_words(flag.category)} "
              f"- {name}, {where}")


def mark_flag_handled(args: argparse.Namespace) -> None:
    """The same use case as the web page's button: who (a coordinator account), when, what they did."""
    if not args.by:
        raise SystemExit("Say who handled it: --by THEIR-EMAIL (a coordinator account), and --note what was done.")
    coordinator_id = account_of(args.by)
    if coordinator_id is None:
        raise SystemExit(f"No coordinator account for {args.by}. Make one with `meeting-prep coordinator add`.")
    try:
        done = flags.mark_handled(args.handled, coordinator_id, args.note or "")
    except flags.NoSuchFlag:
        raise SystemExit(f"No flag {args.handled}.") from None
    print(f"Flag {args.handled} marked handled by {args.by}." if done else f"Flag {args.handled} was already handled.")


def serve_command(args: argparse.Namespace, local_chat: bool) -> None:
    from bot.cli.supervisor import Services

    migrate()
    login = None
    if local_chat:  # `run` is for trying it out; `serve`, the deployment command, makes nothing up
        code = seed_demo()
        say(f"demo meeting ready: invite code {code}  (in the chat, type: /start {code})")
        login = cli_coordinators.seed_demo_coordinator(DEMO_TITLE)
    services = Services()
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):  # SIGHUP: the terminal was closed
        signal.signal(stop_signal, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        say("starting the action server, the Rasa server and the web page (about 20 seconds)...")
        services.start()
        services.wait_until_ready(progress=say)
        say(f"Rasa (signed requests only; `meeting-prep say` sends one): http://127.0.0.1:{services.ports.rasa}")
        say(f"coordinator page: http://127.0.0.1:{services.ports.web}"
            + (f"  log in as {login[0]}, password {login[1]}" if login
               else "  (no demo login: make accounts with `meeting-prep coordinator add`)"))
        asyncio.run(_front_end(services.ports.rasa, local_chat))
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the stopping short
        services.stop()  # first: the servers run in their own sessions, so nothing else stops them
        say("stopped.")


async def _front_end(rasa_port: int, local_chat: bool) -> None:
    from bot.chat.rasa_client import RasaClient

    rasa = RasaClient(f"http://127.0.0.1:{rasa_port}")
    token = os.environ.get("TELEGRAM_BOT_TOKEN")
    retention = asyncio.create_task(cli_retention.sweep_daily())  # as well as from cron
    try:
        if token:
            from bot.telegram.app import run_telegram

            say("Telegram front end running (Ctrl-C to stop)")
            await run_telegram(token, rasa)
        elif local_chat:
            from bot.chat.local import run_local_chat

            say("local chat: this is what Telegram would show. Buttons are numbered: type the number. /quit to stop.")
            _log_to_file("chat.log")  # the chat is the terminal: warnings go to the log, not between messages
            await run_local_chat(rasa, sender_id=f"local-{getpass.getuser()}")
        else:
            say("serving (no TELEGRAM_BOT_TOKEN, so no Telegram front end). Stop with Ctrl-C or SIGTERM.")
            await asyncio.Event().wait()
    finally:
        retention.cancel()
        await rasa.close()


def say_command(args: argparse.Namespace) -> None:
    """One message through the signed channel, for tests, the bench and operators. Only someone who
    can read the channel's secret file (the service's user) can sign; each use is logged, not the text."""
    import dataclasses
    import json

    from bot.chat.rasa_client import RasaClient, RasaRefused, RasaUnavailable

    async def send() -> list:
        rasa = RasaClient(args.rasa_url)
        try:
            return await rasa.send(args.sender, args.text)
        finally:
            await rasa.close()

    _log_to_file("say.log")
    logging.getLogger("meeting-prep.say").info("%s sent one message through the signed channel", getpass.getuser())
    try:
        replies = asyncio.run(send())
    except (RasaRefused, RasaUnavailable) as error:
        raise SystemExit(f"meeting-prep: Rasa did not answer ({error})")
    print(json.dumps([dataclasses.asdict(reply) for reply in replies], ensure_ascii=False, indent=1))


def _log_to_file(name: str) -> None:
    from bot.store.db import data_dir

    logs = data_dir() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(filename=logs / name, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="meeting-prep", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="servers and the local chat (or Telegram)")
    commands.add_parser("serve", help="servers only; stops on SIGTERM")
    commands.add_parser("migrate", help="create or update the database")
    commands.add_parser("seed-demo", help="make the demo meeting and print its invite code")

    meeting = commands.add_parser("meeting", help="set up meetings").add_subparsers(dest="action", required=True)
    create = meeting.add_parser("create", help="create a meeting and print invite codes")
    create.add_argument("--title", required=True)
    create.add_argument("--coordinator", required=True, help="the coordinator's name")
    create.add_argument("--kind", default="family group conference")
    create.add_argument("--date", help="e.g. 2026-12-03T10:00; leave out for 'to be agreed'")
    create.add_argument("--review-date", type=_day, help="the review meeting, e.g. 2027-03-03: a check-in comes a week before")
    create.add_argument("--participant", action="append", default=[],
                        help=f"'Name:role', role one of {', '.join(PARTICIPANT_ROLES)}")
    create.add_argument("--professional", action="append", default=[], help="'Name:role', e.g. 'Jo Patel:social_worker'")

    code = commands.add_parser("code", help="a participant's invite code").add_subparsers(dest="action", required=True)
    for action, words in (("new", "a new code (the old one stops working)"), ("revoke", "stop their code working")):
        code.add_parser(action, help=words).add_argument("participant", type=int, help="the participant's number")

    flags = commands.add_parser("flags", help="urgent safeguarding flags, newest first")
    flags.add_argument("--meeting", help="only this meeting (number or exact title)")
    flags.add_argument("--handled", type=int, metavar="FLAG", help="mark this flag handled")
    flags.add_argument("--by", metavar="EMAIL", help="who handled it: their coordinator account (with --handled)")
    flags.add_argument("--note", default="", help="what was done, in a few words (with --handled)")

    cli_coordinators.add_parser(commands)
    cli_retention.add_parser(commands)

    sender = commands.add_parser("say", help="send one message to Rasa (signed) and print the replies as JSON")
    sender.add_argument("--sender", required=True, help="the conversation's sender id")
    sender.add_argument("--rasa-url", help="default: RASA_URL or http://127.0.0.1:5005")
    sender.add_argument("text", help="the message, or a button's payload such as /affirm")

    exporter = commands.add_parser("export", help="what participants said")
    exporter.add_argument("meeting", help="meeting number or exact title")
    exporter.add_argument("--format", choices=["csv", "json"], default="csv")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    os.umask(0o077)  # what we write (databases, keys, logs, exports) is for this user only: 0600 / 0700
    if args.command in ("run", "serve"):
        serve_command(args, local_chat=args.command == "run")
        return
    if args.command == "say":
        say_command(args)
        return
    migrate()
    if args.command == "seed-demo":
        print(seed_demo())
    elif args.command == "meeting":
        try:
            create_meeting_command(args)
        except (ValueError, argparse.ArgumentTypeError) as error:
            raise SystemExit(f"meeting-prep: {error}")
    elif args.command == "code":
        code_command(args)
    elif args.command == "export":
        export_command(args)
    elif args.command == "flags":
        flags_command(args)
    elif args.command == "coordinator":
        cli_coordinators.run(args)
    elif args.command == "retention":
        cli_retention.run(args)


if __name__ == "__main__":
    main()
