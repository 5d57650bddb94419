# src/ui: added by its module
