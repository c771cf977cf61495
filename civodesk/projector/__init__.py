"""What the projector may show: a Qt-free read model, where the privacy rules live and are tested."""
