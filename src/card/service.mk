# card service (pcsc thread, operations, --card-info): added by its module
