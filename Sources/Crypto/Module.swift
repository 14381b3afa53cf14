// Crypto module: see README.md (Architecture).
