"""The coordinator's web page: set up meetings, read what families said, see who is ready.

Server-rendered (Starlette + Jinja2), works without JavaScript, bound to 127.0.0.1.
`create_app()` in app.py; `python -m bot.web` serves it on WEB_PORT (default 8000).
"""
