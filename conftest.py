import pytest


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Tests run in the product's default language (Chinese) unless they switch."""
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture(autouse=True)
def _fresh_working_day_cache():
    """Loaded holiday schedules live in a process cache that a rolled-back test leaves behind."""
    from anxin.core import workdays

    workdays.clear_cache()
    yield
    workdays.clear_cache()


def pytest_sessionfinish(session, exitstatus):
    """A run in which no test passed is a failure, even if pytest would call it a success."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    passed = len(reporter.stats.get("passed", [])) if reporter else 0
    if exitstatus == 0 and passed == 0 and not session.config.option.collectonly:
        session.exitstatus = 1
