# src/card: added by its module
