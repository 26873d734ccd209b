"""What every chat front end shares: the signed client to Rasa, Rasa's replies as bubbles, messages kept
while Rasa is away, and the local chat in a terminal (`meeting-prep run` without a Telegram token).
The Telegram front end is bot/telegram."""
