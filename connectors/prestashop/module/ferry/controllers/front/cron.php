<?php
/**
 * The cron URL: delivers every due outbox event (the retries of events Ferry did not acknowledge).
 * Protected by the token shown on the module's configuration page.
 */
class FerryCronModuleFrontController extends ModuleFrontController
{
    public function initContent()
    {
        if (!hash_equals((string) Configuration::get(Ferry::CONFIG_CRON_TOKEN), (string) Tools::getValue('token'))) {
            header('HTTP/1.1 403 Forbidden');
            exit('Wrong token.');
        }
        $acknowledged = Ferry::deliver(200);
        header('Content-Type: application/json');
        exit(json_encode(array('acknowledged' => $acknowledged)));
    }
}
