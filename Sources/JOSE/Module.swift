// JOSE module: see README.md (Architecture).
