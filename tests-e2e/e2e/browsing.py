"""The sign-in as a person does it, in headless Chromium: index → login page → provider → back, signed in."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from .harness import Provider

WAIT = 20  # seconds for any one page to arrive


def sign_in(browser, script_url: str, provider: Provider, user: str = "ada") -> WebDriverWait:
    """Opens `script_url`/, follows Sign In, types `user` at the mock provider and waits for the welcome page.

    `script_url` is the program's address without a trailing slash, e.g. http://127.0.0.1:8080/cgi-bin/signin.cgi.
    """
    wait = WebDriverWait(browser, WAIT)
    browser.get(script_url + "/")
    wait.until(EC.url_to_be(script_url + "/login"))
    browser.find_element(By.LINK_TEXT, "Sign In").click()

    sub = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, 'input[name="sub"]')))
    assert browser.current_url.startswith(provider.issuer + "/oauth2/authorize")
    sub.send_keys(user)
    sub.submit()

    wait.until(EC.url_to_be(script_url + "/"))
    heading = wait.until(EC.presence_of_element_located((By.TAG_NAME, "h2")))
    assert heading.text == "Welcome Ada Lovelace!"
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Ada Lovelace" in body and "ada@example.org" in body
    return wait
