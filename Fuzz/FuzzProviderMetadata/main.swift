// The OpenID Provider discovery document (OpenID Connect Discovery 1.0 §3).
import FuzzSupport
import OIDC

fuzz { bytes in
    _ = try? ProviderMetadata.parse(bytes)
}
