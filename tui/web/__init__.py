"""`syria-timeline serve`: the web server (textual-serve, the `web` extra) and its page."""
