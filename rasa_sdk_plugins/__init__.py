"""rasa-sdk imports this package, when it can, to extend its action server: see actions/server.py."""
import pluggy


def init_hooks(manager: pluggy.PluginManager) -> None:
    from actions import server as action_server

    manager.register(action_server)
