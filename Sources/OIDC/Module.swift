// OIDC module: see README.md (Architecture).
