<?php
/**
 * Signs Ferry webhook calls: the receiver recomputes the HMAC to know the call is ours.
 *
 * Header value: t=<unix time>,v1=<hex HMAC-SHA256 of "<unix time>.<raw body>" with the secret>.
 * Kept free of PrestaShop classes so it can be tested with plain php-cli.
 */
class FerrySigner
{
    /**
     * @param string $secret the signing secret shared with Ferry
     * @param int $timestamp unix seconds at sending time
     * @param string $body the exact bytes of the request body
     *
     * @return string the X-Ferry-Signature header value
     */
    public static function sign($secret, $timestamp, $body)
    {
        $timestamp = (int) $timestamp;
        $digest = hash_hmac('sha256', $timestamp . '.' . $body, (string) $secret);

        return 't=' . $timestamp . ',v1=' . $digest;
    }
}
