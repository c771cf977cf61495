"""The projector window on a second screen, and the controller the main window owns."""
