"""Who is calling and what they may do: principal, roles, scope and the route dependencies."""
