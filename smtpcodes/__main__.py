"""``python -m smtpcodes``: the same as the ``smtpcode`` command."""


from .cli import main_exit

main_exit()
