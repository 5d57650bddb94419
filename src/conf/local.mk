# src/conf: added by its module
