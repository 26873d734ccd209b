# Our package (actions, Telegram front end, commands) on the official action server image.
# Used by docker-compose.yml; Rasa itself runs from the official rasa/rasa image.
FROM rasa/rasa-sdk:3.6.2
USER root
WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements/app.lock requirements/app.lock
COPY bot bot
COPY actions actions
COPY rasa_sdk_plugins rasa_sdk_plugins
RUN pip install --no-cache-dir -c requirements/app.lock . && chgrp -R 0 /app && chmod -R g=u /app
USER 1001
