<?php
/**
 * The outbox table: every event is written here inside the shop's own request, so an event
 * exists exactly when its cause was saved, and survives a Ferry outage until it is delivered.
 */
class FerryOutbox
{
    const TABLE = 'ferry_outbox';

    public static function createTable()
    {
        $sql = 'CREATE TABLE IF NOT EXISTS `' . _DB_PREFIX_ . self::TABLE . '` (
            `id_ferry_outbox` INT UNSIGNED NOT NULL AUTO_INCREMENT,
            `event_id` CHAR(36) NOT NULL,
            `event` VARCHAR(64) NOT NULL,
            `payload` MEDIUMTEXT NOT NULL,
            `attempts` INT UNSIGNED NOT NULL DEFAULT 0,
            `last_error` VARCHAR(255) NULL,
            `next_attempt_at` DATETIME NOT NULL,
            `delivered_at` DATETIME NULL,
            `date_add` DATETIME NOT NULL,
            PRIMARY KEY (`id_ferry_outbox`),
            UNIQUE KEY `event_id` (`event_id`),
            KEY `due` (`delivered_at`, `next_attempt_at`)
        ) ENGINE=' . _MYSQL_ENGINE_ . ' DEFAULT CHARSET=utf8mb4';

        return Db::getInstance()->execute($sql);
    }

    public static function dropTable()
    {
        return Db::getInstance()->execute('DROP TABLE IF EXISTS `' . _DB_PREFIX_ . self::TABLE . '`');
    }

    /**
     * @return int the new row's id
     */
    public static function add(array $payload)
    {
        $now = date('Y-m-d H:i:s');
        Db::getInstance()->insert(self::TABLE, array(
            'event_id' => pSQL($payload['id']),
            'event' => pSQL($payload['event']),
            'payload' => pSQL(FerryEvent::encode($payload), true),
            'next_attempt_at' => $now,
            'date_add' => $now,
        ));

        return (int) Db::getInstance()->Insert_ID();
    }

    /**
     * Rows not yet acknowledged whose next attempt is due, oldest first.
     */
    public static function due($limit)
    {
        return Db::getInstance()->executeS(
            'SELECT * FROM `' . _DB_PREFIX_ . self::TABLE . '`'
            . ' WHERE `delivered_at` IS NULL AND `next_attempt_at` <= NOW()'
            . ' ORDER BY `id_ferry_outbox` ASC LIMIT ' . (int) $limit
        );
    }

    public static function delivered($id)
    {
        return Db::getInstance()->update(
            self::TABLE,
            array('delivered_at' => date('Y-m-d H:i:s')),
            '`id_ferry_outbox` = ' . (int) $id
        );
    }

    /**
     * Schedules the next attempt with exponential backoff: 1, 2, 4 ... minutes, at most 6 hours.
     */
    public static function failed($id, $attempts, $error)
    {
        $minutes = min(360, pow(2, max(0, (int) $attempts)));

        return Db::getInstance()->update(
            self::TABLE,
            array(
                'attempts' => (int) $attempts + 1,
                'last_error' => pSQL(substr((string) $error, 0, 255)),
                'next_attempt_at' => date('Y-m-d H:i:s', time() + 60 * $minutes),
            ),
            '`id_ferry_outbox` = ' . (int) $id
        );
    }
}
