// Effects module: see README.md (Architecture).
