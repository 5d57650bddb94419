# src/vcard: added by its module
