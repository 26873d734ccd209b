"""The production configuration (endpoints.prod.yml, docker-compose.yml, haproxy.cfg) hangs together: Rasa itself
reads the endpoints with values from the environment, and the compose file provides every value."""
import json
import os
import re
import subprocess

import pytest
import yaml

from bot.store.db import PROJECT_ROOT
from debian_packages import installed_program

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
ENDPOINTS = PROJECT_ROOT / "endpoints.prod.yml"
COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
ENVIRONMENT = {"ACTION_ENDPOINT_URL": "http://actions:5055/webhook", "DB_HOST": "postgres", "DB_NAME": "meeting_prep",
               "DB_USER": "meeting_prep", "DB_PASSWORD": "p@ss word", "REDIS_HOST": "redis",
               "REDIS_PASSWORD": "redis pass", "MEETING_PREP_ACTION_TOKEN": "t0ken"}
ENCRYPTED_STORE = "bot.rasa_components.encrypted_tracker_store.EncryptedSQLTrackerStore"
READ_AS_RASA_DOES = """
import json, sys
from rasa.utils.endpoints import read_endpoint_config
found = {}
for part in ("action_endpoint", "tracker_store", "lock_store"):
    config = read_endpoint_config(sys.argv[1], part)
    found[part] = {"url": config.url, "type": config.type, **config.kwargs}
found["action_endpoint"]["token"] = read_endpoint_config(sys.argv[1], "action_endpoint").token
print(json.dumps(found))
"""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="Rasa is not installed in .venv-rasa (make test installs it)")
def test_rasa_reads_postgresql_for_conversations_and_redis_for_locks_from_the_environment():
    done = subprocess.run([str(RASA_PYTHON), "-c", READ_AS_RASA_DOES, str(ENDPOINTS)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **ENVIRONMENT, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["action_endpoint"]["url"] == "http://actions:5055/webhook"
    assert found["action_endpoint"]["token"] == "t0ken"
    assert found["tracker_store"] == {"url": "postgres", "type": ENCRYPTED_STORE, "dialect": "postgresql", "port": 5432,
                                      "db": "meeting_prep", "username": "meeting_prep", "password": "p@ss word"}
    assert found["lock_store"] == {"url": "redis", "type": "bot.rasa_components.lock_store.AtomicRedisLockStore",
                                   "port": 6379, "db": 1, "key_prefix": "meetingprep", "password": "redis pass"}


def test_compose_uses_the_official_images_at_our_versions():
    assert COMPOSE["services"]["rasa"]["image"] == "rasa/rasa:3.6.21-full"
    assert "FROM rasa/rasa-sdk:3.6.2\n" in (PROJECT_ROOT / "Dockerfile").read_text()
    assert COMPOSE["services"]["rasa"]["deploy"]["replicas"] >= 2


def test_compose_gives_rasa_every_value_the_endpoints_ask_for():
    settings = [line for line in ENDPOINTS.read_text().splitlines() if not line.lstrip().startswith("#")]
    wanted = set(re.findall(r"\$\{(\w+)\}", "\n".join(settings)))
    assert wanted == set(ENVIRONMENT)
    assert wanted <= set(COMPOSE["services"]["rasa"]["environment"])
    assert "MEETING_PREP_KEY" in COMPOSE["services"]["rasa"]["environment"]  # for the encrypted tracker store


def test_compose_points_our_store_at_postgresql_with_a_key_for_the_answers():
    for service in ("migrate", "actions", "telegram"):
        environment = COMPOSE["services"][service]["environment"]
        assert environment["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "MEETING_PREP_KEY" in environment


def test_the_action_server_image_has_our_plugin_and_the_request_size_limit():
    from bot.cli.supervisor import ACTION_REQUEST_MAX_SIZE
    assert "COPY rasa_sdk_plugins rasa_sdk_plugins\n" in (PROJECT_ROOT / "Dockerfile").read_text()
    assert '"rasa_sdk_plugins*"' in (PROJECT_ROOT / "pyproject.toml").read_text()
    environment = COMPOSE["services"]["actions"]["environment"]
    assert int(environment["SANIC_REQUEST_MAX_SIZE"]) == ACTION_REQUEST_MAX_SIZE
    assert environment["DATABASE_URL"].startswith("postgresql+psycopg://")  # the shared settings still apply


def test_compose_keeps_each_part_to_its_neighbours_and_signs_messages_to_rasa():
    services = COMPOSE["services"]
    assert all(COMPOSE["networks"][name].get("internal") for name in ("chat", "actions", "data"))
    assert set(services["postgres"]["networks"]) == set(services["redis"]["networks"]) == {"data"}
    assert "chat" not in services["actions"]["networks"]  # the front end cannot call actions
    assert "actions" not in services["telegram"]["networks"]
    reaching_out = {name for name, service in services.items() if "outside" in service.get("networks", [])}
    assert reaching_out == {"telegram", "alerts"}
    for name in ("rasa", "telegram"):
        assert services[name]["environment"]["MEETING_PREP_CHANNEL_KEY_FILE"] == "/run/secrets/rasa_channel_key"
        assert services[name]["secrets"] == ["rasa_channel_key"]
    assert "MEETING_PREP_ACTION_TOKEN" in services["actions"]["environment"]
    assert "--requirepass" in services["redis"]["command"]
    credentials = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text())
    assert list(credentials) == ["bot.rasa_components.signed_channel.SignedChannel"]  # no open REST channel


def test_compose_puts_haproxy_in_front_of_every_replicated_server_each_on_its_own_network():
    services = COMPOSE["services"]
    assert services["rasa"]["deploy"]["replicas"] >= 2 and services["actions"]["deploy"]["replicas"] >= 2
    assert services["rasa"]["environment"]["ACTION_ENDPOINT_URL"].startswith("http://actions-balancer:5055/")
    assert services["telegram"]["environment"]["RASA_URL"] == "http://chat-balancer:5005"
    assert services["chat-balancer"]["networks"] == ["chat"] and services["actions-balancer"]["networks"] == ["actions"]
    for name in ("chat-balancer", "actions-balancer"):
        assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in services[name]["volumes"]
    config = (PROJECT_ROOT / "haproxy.cfg").read_text()
    for server, port in (("rasa", 5005), ("actions", 5055), ("telegram", 8443)):
        assert f"server-template {server} 8 {server}:{port}" in config and f"bind :{port}" in config


def test_haproxy_reads_its_configuration():
    program = installed_program("haproxy", "haproxy")
    if program is None:
        pytest.skip("haproxy is not installed and could not be")
    checked = subprocess.run([program, "-c", "-f", str(PROJECT_ROOT / "haproxy.cfg")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
