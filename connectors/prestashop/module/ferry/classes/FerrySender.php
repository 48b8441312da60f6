<?php
/**
 * Posts due outbox rows to Ferry, signed, and marks them delivered when Ferry answers 2xx.
 * Runs right after the hook that wrote the row, and from the cron controller for retries.
 */
class FerrySender
{
    /** Seconds a delivery may take; the shopper's request must not wait for long. */
    const TIMEOUT = 3;

    /**
     * @return int how many events Ferry acknowledged
     */
    public static function flush($url, $secret, $limit = 50)
    {
        if (!$url) {
            return 0;
        }
        $acknowledged = 0;
        foreach (FerryOutbox::due($limit) ?: array() as $row) {
            $error = self::post($url, $secret, $row['event_id'], $row['payload']);
            if ($error === null) {
                FerryOutbox::delivered($row['id_ferry_outbox']);
                ++$acknowledged;
            } else {
                FerryOutbox::failed($row['id_ferry_outbox'], $row['attempts'], $error);
            }
        }

        return $acknowledged;
    }

    /**
     * @return string|null null when Ferry acknowledged the event, else why not
     */
    public static function post($url, $secret, $eventId, $body)
    {
        $headers = array(
            'Content-Type: application/json',
            'X-Ferry-Event-Id: ' . $eventId,
            'X-Ferry-Signature: ' . FerrySigner::sign($secret, time(), $body),
        );
        $curl = curl_init($url);
        curl_setopt_array($curl, array(
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => $body,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_CONNECTTIMEOUT => self::TIMEOUT,
            CURLOPT_TIMEOUT => self::TIMEOUT,
        ));
        $answer = curl_exec($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_HTTP_CODE);
        $failure = curl_error($curl);
        curl_close($curl);
        if ($answer === false) {
            return 'connection: ' . $failure;
        }

        return ($status >= 200 && $status < 300) ? null : 'HTTP ' . $status;
    }
}
