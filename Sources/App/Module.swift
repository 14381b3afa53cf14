// App module: see README.md (Architecture).
