import pytest


@pytest.fixture(autouse=True)
def _english_free_default_language(settings):
    """Tests run with the product's default language (Chinese) unless they switch."""
    settings.LANGUAGE_CODE = "zh-hans"
