"""The JSON API for 预算管理一体化 systems: token authentication, the same scope as the pages."""
