# src/crypto: added by its module
