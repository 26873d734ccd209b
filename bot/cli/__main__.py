"""`python -m bot.cli ...` is the same command line as `meeting-prep ...`."""
from bot.cli.main import main

main()
