"""The Qt front-end: thin views over ``app.core``."""
