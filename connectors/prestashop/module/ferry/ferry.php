<?php
/**
 * Ferry: tells a Ferry integration server what happens in this shop.
 *
 * Each selected event is written to an outbox table inside the shop's own request, then posted
 * to Ferry signed with HMAC-SHA256 (X-Ferry-Signature) and an event id (X-Ferry-Event-Id),
 * until Ferry acknowledges it: right after the hook, and again from the cron URL.
 * Works on PrestaShop 1.7, 8 and 9.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once __DIR__ . '/classes/FerrySigner.php';
require_once __DIR__ . '/classes/FerryEvent.php';
require_once __DIR__ . '/classes/FerryOutbox.php';
require_once __DIR__ . '/classes/FerrySender.php';

class Ferry extends Module
{
    const CONFIG_URL = 'FERRY_URL';
    const CONFIG_SECRET = 'FERRY_SECRET';
    const CONFIG_EVENTS = 'FERRY_EVENTS';
    const CONFIG_CRON_TOKEN = 'FERRY_CRON_TOKEN';

    /** Event => the hooks that raise it. */
    const EVENTS = array(
        'order.created' => array('actionValidateOrder'),
        'order.status_changed' => array('actionOrderStatusPostUpdate'),
        'customer.created' => array('actionObjectCustomerAddAfter'),
        'customer.updated' => array('actionObjectCustomerUpdateAfter'),
        'address.created' => array('actionObjectAddressAddAfter'),
        'address.updated' => array('actionObjectAddressUpdateAfter'),
        'product.updated' => array('actionProductUpdate'),
        'stock.changed' => array('actionUpdateQuantity', 'actionObjectStockAvailableUpdateAfter'),
    );

    public function __construct()
    {
        $this->name = 'ferry';
        $this->tab = 'administration';
        $this->version = '1.0.0';
        $this->author = 'Ferry';
        $this->need_instance = 0;
        $this->ps_versions_compliancy = array('min' => '1.7.0.0', 'max' => '9.99.99');
        $this->bootstrap = true;
        parent::__construct();
        $this->displayName = $this->l('Ferry webhooks');
        $this->description = $this->l('Sends order, customer, product and stock events to Ferry, signed, until Ferry acknowledges them.');
    }

    public function install()
    {
        $hooks = array();
        foreach (self::EVENTS as $names) {
            $hooks = array_merge($hooks, $names);
        }

        return parent::install()
            && FerryOutbox::createTable()
            && $this->registerHook($hooks)
            && Configuration::updateValue(self::CONFIG_EVENTS, implode(',', array_keys(self::EVENTS)))
            && Configuration::updateValue(self::CONFIG_CRON_TOKEN, bin2hex(random_bytes(16)));
    }

    public function uninstall()
    {
        foreach (array(self::CONFIG_URL, self::CONFIG_SECRET, self::CONFIG_EVENTS, self::CONFIG_CRON_TOKEN) as $key) {
            Configuration::deleteByName($key);
        }

        return FerryOutbox::dropTable() && parent::uninstall();
    }

    // -- configuration page ---------------------------------------------------------------

    public function getContent()
    {
        $output = '';
        if (Tools::isSubmit('submitFerry')) {
            $output .= $this->saveConfiguration();
        }
        $cron = $this->context->link->getModuleLink($this->name, 'cron', array(
            'token' => Configuration::get(self::CONFIG_CRON_TOKEN),
        ));

        return $output
            . $this->displayInformation(sprintf($this->l('Retries: call %s every few minutes from cron.'), $cron))
            . $this->renderForm();
    }

    private function saveConfiguration()
    {
        $url = trim((string) Tools::getValue(self::CONFIG_URL));
        if ($url !== '' && !Validate::isAbsoluteUrl($url)) {
            return $this->displayError($this->l('The Ferry URL must be a full address such as https://ferry.example.com/hooks/...'));
        }
        Configuration::updateValue(self::CONFIG_URL, $url);
        $secret = (string) Tools::getValue(self::CONFIG_SECRET);
        if ($secret !== '') {
            Configuration::updateValue(self::CONFIG_SECRET, $secret);
        }
        $chosen = array();
        foreach (array_keys(self::EVENTS) as $event) {
            if (Tools::getValue('FERRY_EVENT_' . str_replace('.', '_', $event))) {
                $chosen[] = $event;
            }
        }
        Configuration::updateValue(self::CONFIG_EVENTS, implode(',', $chosen));

        return $this->displayConfirmation($this->l('Settings saved.'));
    }

    private function renderForm()
    {
        $events = array();
        foreach (array_keys(self::EVENTS) as $event) {
            $events[] = array('id' => str_replace('.', '_', $event), 'name' => $event);
        }
        $form = array('form' => array(
            'legend' => array('title' => $this->l('Ferry')),
            'input' => array(
                array('type' => 'text', 'label' => $this->l('Ferry URL'), 'name' => self::CONFIG_URL,
                    'desc' => $this->l('The hook URL of the Ferry workflow.'), 'required' => true),
                array('type' => 'password', 'label' => $this->l('Signing secret'), 'name' => self::CONFIG_SECRET,
                    'desc' => $this->l('The same secret as in the PrestaShop shop connection in Ferry. Leave empty to keep the current one.')),
                array('type' => 'checkbox', 'label' => $this->l('Events'), 'name' => 'FERRY_EVENT',
                    'values' => array('query' => $events, 'id' => 'id', 'name' => 'name')),
            ),
            'submit' => array('title' => $this->l('Save'), 'name' => 'submitFerry'),
        ));
        $helper = new HelperForm();
        $helper->module = $this;
        $helper->name_controller = $this->name;
        $helper->token = Tools::getAdminTokenLite('AdminModules');
        $helper->currentIndex = AdminController::$currentIndex . '&configure=' . $this->name;
        $helper->submit_action = 'submitFerry';
        $helper->fields_value[self::CONFIG_URL] = Configuration::get(self::CONFIG_URL);
        $helper->fields_value[self::CONFIG_SECRET] = '';
        foreach ($this->enabledEvents() as $event) {
            $helper->fields_value['FERRY_EVENT_' . str_replace('.', '_', $event)] = true;
        }

        return $helper->generateForm(array($form));
    }

    private function enabledEvents()
    {
        return array_filter(explode(',', (string) Configuration::get(self::CONFIG_EVENTS)));
    }

    // -- hooks ----------------------------------------------------------------------------

    public function hookActionValidateOrder($params)
    {
        $order = $params['order'];
        $this->record('order.created', 'order', $order->id, array(
            'reference' => $order->reference,
            'current_state' => (int) $order->current_state,
            'id_customer' => (int) $order->id_customer,
            'total_paid_tax_incl' => (string) $order->total_paid_tax_incl,
        ));
    }

    public function hookActionOrderStatusPostUpdate($params)
    {
        $state = $params['newOrderStatus'];
        $previous = isset($params['oldOrderStatus']) && $params['oldOrderStatus'] ? (int) $params['oldOrderStatus']->id : 0;
        // The customer goes with the change so that Ferry orders it after that customer's
        // other events (its business key), as it does for order.created.
        $order = new Order((int) $params['id_order']);
        $this->record('order.status_changed', 'order', $params['id_order'], array(
            'reference' => $order->reference,
            'id_customer' => (int) $order->id_customer,
            'current_state' => (int) $state->id,
            'previous_state' => $previous,
        ));
    }

    public function hookActionObjectCustomerAddAfter($params)
    {
        $this->record('customer.created', 'customer', $params['object']->id, FerryEvent::snapshot($params['object']));
    }

    public function hookActionObjectCustomerUpdateAfter($params)
    {
        $this->record('customer.updated', 'customer', $params['object']->id, FerryEvent::snapshot($params['object']));
    }

    public function hookActionObjectAddressAddAfter($params)
    {
        $this->record('address.created', 'address', $params['object']->id, FerryEvent::snapshot($params['object']));
    }

    public function hookActionObjectAddressUpdateAfter($params)
    {
        $this->record('address.updated', 'address', $params['object']->id, FerryEvent::snapshot($params['object']));
    }

    public function hookActionProductUpdate($params)
    {
        $product = isset($params['product']) ? $params['product'] : new Product((int) $params['id_product']);
        $this->record('product.updated', 'product', $params['id_product'], array(
            'reference' => $product->reference,
            'active' => (int) $product->active,
            'price' => (string) $product->price,
        ));
    }

    public function hookActionUpdateQuantity($params)
    {
        $this->record('stock.changed', 'product', $params['id_product'], array(
            'id_product' => (int) $params['id_product'],
            'id_product_attribute' => (int) $params['id_product_attribute'],
            'quantity' => (int) $params['quantity'],
            'delta_quantity' => isset($params['delta_quantity']) ? (int) $params['delta_quantity'] : null,
        ));
    }

    public function hookActionObjectStockAvailableUpdateAfter($params)
    {
        $stock = $params['object'];
        $this->record('stock.changed', 'stock_available', $stock->id, array(
            'id_product' => (int) $stock->id_product,
            'id_product_attribute' => (int) $stock->id_product_attribute,
            'quantity' => (int) $stock->quantity,
        ));
    }

    /**
     * Writes the event to the outbox (same database, same request as the change), then tries
     * to deliver what is due. A failed delivery stays in the outbox for the cron retry.
     */
    private function record($event, $type, $id, array $data)
    {
        if (!in_array($event, $this->enabledEvents(), true) || !Configuration::get(self::CONFIG_URL)) {
            return;
        }
        $shop = array(
            'url' => Tools::getShopDomainSsl(true) . __PS_BASE_URI__,
            'id' => (int) $this->context->shop->id,
            'version' => _PS_VERSION_,
        );
        FerryOutbox::add(FerryEvent::build($event, $type, $id, $data, $shop));
        self::deliver(10);
    }

    /**
     * @return int how many events Ferry acknowledged
     */
    public static function deliver($limit)
    {
        return FerrySender::flush(
            Configuration::get(self::CONFIG_URL),
            Configuration::get(self::CONFIG_SECRET),
            $limit
        );
    }
}
