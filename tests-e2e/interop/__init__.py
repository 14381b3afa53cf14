"""Interop helpers: an independent JOSE implementation (joserfc) reading and writing signin.cgi cookies."""
