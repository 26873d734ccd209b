"""The command line `meeting-prep` (main.py), its commands for coordinators' accounts and retention, and
the supervisor that starts and stops the servers for `meeting-prep run` and `serve`."""
