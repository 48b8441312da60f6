<?php
/**
 * Builds the JSON payload of one shop event, in the format docs/prestashop-webhooks.md describes.
 */
class FerryEvent
{
    /**
     * @param string $event e.g. order.status_changed
     * @param string $entityType order, customer, address, product or stock_available
     * @param int $entityId the entity's id in the shop
     * @param array $data a small snapshot of the entity (no secrets)
     * @param array $shop url, id and version of the shop
     *
     * @return array
     */
    public static function build($event, $entityType, $entityId, array $data, array $shop)
    {
        return array(
            'id' => self::uuid(),
            'event' => (string) $event,
            'occurredAt' => gmdate('Y-m-d\TH:i:s\Z'),
            'shop' => $shop,
            'entity' => array('type' => (string) $entityType, 'id' => (int) $entityId),
            'data' => $data,
        );
    }

    /**
     * The exact bytes sent and signed.
     */
    public static function encode(array $payload)
    {
        return json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    }

    /**
     * A random (version 4) UUID: the event id Ferry de-duplicates on.
     */
    public static function uuid()
    {
        $bytes = random_bytes(16);
        $bytes[6] = chr((ord($bytes[6]) & 0x0f) | 0x40);
        $bytes[8] = chr((ord($bytes[8]) & 0x3f) | 0x80);
        $hex = bin2hex($bytes);

        return substr($hex, 0, 8) . '-' . substr($hex, 8, 4) . '-' . substr($hex, 12, 4) . '-'
            . substr($hex, 16, 4) . '-' . substr($hex, 20, 12);
    }

    /**
     * Public fields of a PrestaShop object, without the ones that must never leave the shop.
     */
    public static function snapshot($object)
    {
        $hidden = array('passwd', 'secure_key', 'reset_password_token', 'last_passwd_gen');
        $data = array();
        foreach (get_object_vars($object) as $name => $value) {
            if (in_array($name, $hidden, true) || is_object($value) || $name[0] === '_') {
                continue;
            }
            $data[$name] = $value;
        }

        return $data;
    }
}
