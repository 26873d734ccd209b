"""`meeting-prep coordinator ...`: accounts for the web page, and the demo coordinator of `run`.

  meeting-prep coordinator add --email E --name N [--password P]   (asks for the password if not given)
  meeting-prep coordinator assign MEETING --email E                a meeting made on the command line
"""
from __future__ import annotations

import argparse
import getpass
import secrets

from bot.domain.clock import utcnow
from bot.domain.logins import MIN_PASSWORD_LENGTH, normalise_email
from bot.use_cases.coordinators import NoSuchCoordinator, add_coordinator, give_meeting_to
from bot.use_cases.demo import demo_coordinator
from bot.use_cases.export import NoSuchMeeting

# The demo meeting names its coordinator, and the chat tells people who will be told: the account is that person.
DEMO_EMAIL, DEMO_NAME = "demo@example.org", "Amira Khan"


def add_parser(commands) -> None:
    coordinator = commands.add_parser("coordinator", help="coordinator accounts for the web page")
    actions = coordinator.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create a coordinator who can log in to the web page")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--password", help=f"at least {MIN_PASSWORD_LENGTH} characters; asked for if left out")
    assign = actions.add_parser("assign", help="give a meeting to a coordinator, so they see it on the web page")
    assign.add_argument("meeting", help="meeting number or exact title")
    assign.add_argument("--email", required=True)


def run(args: argparse.Namespace) -> None:
    try:
        if args.action == "add":
            _add(args)
        else:
            _assign(args)
    except NoSuchMeeting:
        raise SystemExit(f"meeting-prep: No meeting '{args.meeting}'. Give its number or exact title.") from None
    except NoSuchCoordinator:
        raise SystemExit(f"meeting-prep: No coordinator with the email {args.email}. "
                         "Add one with `meeting-prep coordinator add`.") from None
    except ValueError as error:
        raise SystemExit(f"meeting-prep: {error}")


def _add(args: argparse.Namespace) -> None:
    password = args.password if args.password is not None else _ask_password()
    add_coordinator(args.email, args.name, password)
    print(f"Coordinator {args.name.strip()} <{normalise_email(args.email)}> can now log in to the web page.")


def _ask_password() -> str:
    password = getpass.getpass(f"Password (at least {MIN_PASSWORD_LENGTH} characters): ")
    if getpass.getpass("The same password again: ") != password:
        raise ValueError("The two passwords were different. Nothing was saved; please try again.")
    return password


def _assign(args: argparse.Namespace) -> None:
    meeting, name = give_meeting_to(args.meeting, args.email)
    print(f"Meeting {meeting.id} ({meeting.title}) now belongs to {name}.")


def seed_demo_coordinator(demo_title: str) -> tuple[str, str]:
    """The demo coordinator, owning the demo meeting, with a new password each run: (email, password)."""
    password = secrets.token_urlsafe(12)
    demo_coordinator(demo_title, DEMO_EMAIL, DEMO_NAME, password, utcnow())
    return DEMO_EMAIL, password
