"""Runs the tutorial's app as a CGI program (one process per request), with the standard library's CGI handler."""
from wsgiref.handlers import CGIHandler

from app import app

CGIHandler().run(app)
