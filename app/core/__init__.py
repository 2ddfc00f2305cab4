"""The product's knowledge, without Qt: shared by the GUI, the CLI and the tests."""
