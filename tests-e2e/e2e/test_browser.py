"""The same sign-in once in headless Chromium (Debian's chromium + chromedriver), with a screenshot artifact."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from . import browsing, harness

SCREENSHOT = harness.REPO / "artifacts" / "signed-in.png"


def test_sign_in_in_headless_chromium_and_save_a_screenshot(site, provider, browser):
    site.configure(provider)
    wait = browsing.sign_in(browser, site.url(""), provider)

    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 1000
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    browser.find_element(By.LINK_TEXT, "Logout").click()
    wait.until(EC.url_contains(provider.issuer + "/oauth2/end_session"))
    browser.get(site.url("/"))
    wait.until(EC.url_to_be(site.url("/login")))
