"""The browser test: a coordinator, in Debian's Chromium driven by Playwright, sets up the second
factor and logs in, creates a meeting, adds a participant and copies their invite code; the
participant then talks to the running assistant with that code; the coordinator sees the answers on
the consolidated view. Every page is checked with axe-core for WCAG 2.2 AA, and screenshotted into
results/browser/.

Set-up (`make test`) installs Playwright (pip), axe-core (npm, tests/browser) and Chromium (apt).
Skipped, saying why, only where no browser can be had.
"""
from __future__ import annotations

import asyncio
import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pyotp
import pytest

from bot.store import accounts
from bot.store.db import PROJECT_ROOT, unit_of_work
from tests_support import PARENT_WALK, Chat, walk

pytestmark = pytest.mark.stack

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = PROJECT_ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = PROJECT_ROOT / "results" / "browser"
PASSWORD = "plum ferry lantern otter"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _missing() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed (make test installs it)"
    if CHROMIUM is None:
        return "no Chromium here: `apt-get install chromium` (make test does, as root)"
    if not AXE.exists():
        return "axe-core is not installed: `npm install` in tests/browser (make test does)"
    return None


@pytest.fixture
def browser_page():
    if (why := _missing()) is not None:
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        # bypass_csp: so axe can be injected; the page's own strict CSP is checked by other tests
        page = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
        yield page
        browser.close()


def check(page, name: str) -> None:
    """No WCAG 2.2 AA violation that axe-core finds on this page; and a screenshot of it."""
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    problems = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in found["violations"]]
    (SHOTS / f"{name}.axe.json").write_text(json.dumps({"violations": problems, "passes": len(found["passes"])}))
    assert problems == [], f"{name}: {problems}"


def test_a_coordinator_enrols_logs_in_sets_up_a_meeting_and_reads_what_a_parent_said(stack, browser_page):
    page, site = browser_page, f"http://127.0.0.1:{stack.ports.web}"
    with unit_of_work() as session:
        accounts.create_coordinator(session, "browser@example.org", "Amira Khan", PASSWORD)

    page.goto(f"{site}/login")
    check(page, "01-login")
    page.fill("#email", "browser@example.org")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site}/login/code")
    check(page, "02-set-up-second-factor")
    secret = page.inner_text("li code")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Keep these recovery codes safe"
    check(page, "03-recovery-codes")
    page.click("text=I have kept them: carry on")

    page.goto(f"{site}/meetings/new")
    check(page, "04-new-meeting")
    page.fill("#title", "Browser family")
    page.fill("#professional_name_0", "Jo Patel")
    page.select_option("#professional_role_0", "social_worker")
    page.click("text=Create the meeting")
    page.wait_for_url(re.compile(r".*/meetings/\d+/participants"))
    meeting_url = page.url.rsplit("/participants", 1)[0]
    page.fill("#name", "Kerry")
    page.select_option("#role", "parent")
    page.click("text=Add and make their invite link")
    check(page, "05-participants")
    code = page.inner_text("span.code")

    with ThreadPoolExecutor(1) as other:  # Playwright's sync API keeps an event loop running in this thread
        other.submit(asyncio.run, _parent_answers(stack, code)).result()

    page.goto(meeting_url)
    check(page, "06-consolidated-view")
    view = page.inner_text("main")
    assert "Kerry" in view and "community centre" in view.lower()
    # the support network map, what is going well, and the first ideas for the plan
    assert "Support network" in view and "Sue" in view and "The same times as me" in view
    assert "the kids are doing better at school" in view and "nan could do the school run on mondays" in view
    page.goto(f"{meeting_url}/readiness")
    check(page, "06b-who-is-ready")
    assert "Feels safe" in page.inner_text("main") and "Plan ideas" in page.inner_text("main")
    page.goto(f"{site}/account")
    check(page, "07-account")


async def _parent_answers(stack, code: str) -> None:
    """Kerry, through the signed channel as the front ends speak to the assistant: the parent's whole walk."""
    chat = Chat(stack, f"browser-{code}")
    try:
        await walk(chat, code, PARENT_WALK)
    finally:
        await chat.rasa.close()
