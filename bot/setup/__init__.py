"""Set-up steps `make setup` runs once (not at run time). Standard library only: the Rasa server
imports ENCODER_DIR from here, from .venv-rasa, where only Rasa is installed."""
