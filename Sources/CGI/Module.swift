// CGI module: see README.md (Architecture).
