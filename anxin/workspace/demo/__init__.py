"""Demo data for a fresh installation: `python manage.py load_demo`.

Nothing here is imported by product code; it only fills an empty database with fictional
organisations, staff and clients so that the screens have something realistic to show.
"""
