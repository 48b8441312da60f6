"""A PrestaShop Webservice simulator for tests, demos and trials; it never imports Ferry."""
