"""The provincial exchange: catalog in, case steps / reviews up, complaints in and back."""
