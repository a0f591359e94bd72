"""Ibid: an offline reader for documents that live in footnotes."""

__version__ = "0.1.0"
APP_NAME = "Ibid"
APP_ID = "org.ibid.Ibid"
