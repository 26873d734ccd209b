"""Use cases: one function per thing a person does, called by every entry point that does it (the web
page, the command line, the actions), so each rule lives in one place. Each opens its own unit of
work (`uow`, replaceable in tests) and raises a plain error the entry point turns into its own words."""
