"""Users, roles and the scope each role may see and change."""
