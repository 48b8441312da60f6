"""PrestaShop connector: Webservice client, nodes, connection type, sandbox and shop module."""
