"""Live SMTP: talking to a server (the probe), reading its EHLO reply, and the exceptions of
Python's SMTP clients, all explained through the same core as any other reply text."""
