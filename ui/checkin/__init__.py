"""The widgets of the Accueil page (the check-in desk); ``ui.checkin.checkin_page`` assembles them."""
