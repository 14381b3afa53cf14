// Cookies module: see README.md (Architecture).
