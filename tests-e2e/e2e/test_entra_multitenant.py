"""signin.cgi with OIDC_AUTHORITY=https://<test provider>/common/v2.0: Entra's multi-tenant metadata (issuer
`https://host/{tenantid}/v2.0`) is accepted only for such an authority, and each ID token's iss must name its own tid
(Microsoft identity platform, "OpenID Connect on the Microsoft identity platform"; "ID token claims reference")."""

from __future__ import annotations

import pytest

from . import flow
from .adversarial_provider import ENTRA_TENANT
from .test_adversarial import assert_reason_mentions, assert_rejected, assert_signed_in, attempt

DISCOVERY = "GET /common/v2.0/.well-known/openid-configuration"
TOKEN = "POST /token"


@pytest.fixture
def entra(site, adversary):
    """The site pointed at the adversary's multi-tenant metadata, its request log marked, case reset after."""
    adversary.control(case="good")
    site.configure(adversary, OIDC_AUTHORITY=f"{adversary.issuer}/common/v2.0")
    adversary.mark()
    yield adversary
    adversary.control(case="good")


def test_a_token_of_its_own_tenant_signs_in(site, entra):
    answer = attempt(site, entra, "entra_tenant")
    assert_signed_in(site, answer)   # and the next request accepts the session's tenant issuer
    paths = entra.paths_since_mark()
    assert paths[0] == DISCOVERY and paths.count(TOKEN) == 1, paths
    assert entra.notes_since_mark() == ["RESULT token ok"]
    assert site.get("/").status_code == 200, "the session holds on later requests"


def test_a_token_whose_iss_names_another_tenant_than_its_tid_is_refused(site, entra):
    answer = attempt(site, entra, "entra_tid_mismatch")
    assert_rejected(site, answer)
    assert_reason_mentions(site, "reason=iss_claim_mismatch")
    assert entra.notes_since_mark() == ["RESULT token ok"]


def test_a_v1_token_is_refused_with_its_own_reason(site, entra):
    answer = attempt(site, entra, "entra_v1_token")
    assert_rejected(site, answer)
    assert_reason_mentions(site, "reason=v1_token")
    assert "accessTokenAcceptedVersion" in answer.text


@pytest.mark.parametrize("tenant", ["contoso.onmicrosoft.com", ENTRA_TENANT])
def test_the_template_is_refused_for_an_authority_that_is_not_multi_tenant(site, adversary, tenant):
    """The same template-issuer metadata under …/{tenant}/v2.0 for a single tenant: no sign-in link, issuer_mismatch."""
    adversary.control(case="good")
    site.configure(adversary, OIDC_AUTHORITY=f"{adversary.issuer}/{tenant}/v2.0")
    adversary.mark()
    answer = site.get("/login")
    assert answer.status_code >= 400 and "/authorize" not in answer.text, answer.text[:800]
    assert not flow.live_cookies(answer)
    assert adversary.paths_since_mark() == [f"GET /{tenant}/v2.0/.well-known/openid-configuration"]
    assert_reason_mentions(site, "reason=issuer_mismatch")


@pytest.mark.parametrize("tenant", ["organizations", "consumers"])
def test_organizations_and_consumers_accept_the_template_too(site, adversary, tenant):
    adversary.control(case="good")
    site.configure(adversary, OIDC_AUTHORITY=f"{adversary.issuer}/{tenant}/v2.0")
    answer = site.get("/login")
    assert answer.status_code == 200, f"{answer.status_code} {site.reasons()}"
    assert "/authorize?" in answer.text
