"""rasa-sdk imports this package, when it can, to extend its action server: see bot/action_server.py."""
import pluggy


def init_hooks(manager: pluggy.PluginManager) -> None:
    from bot import action_server

    manager.register(action_server)
