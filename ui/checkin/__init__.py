"""The widgets of the Accueil page (the check-in desk); ``ui.pages.checkin_page`` assembles them."""
