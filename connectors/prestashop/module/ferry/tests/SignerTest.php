<?php
/**
 * Unit test of FerrySigner, runnable with plain php-cli: php tests/SignerTest.php <secret> <t> <body-file>
 *
 * Checks the header's shape and a known vector, then prints the signature of the given input so
 * a test in Ferry's own language can check it computes the same value.
 */
require_once __DIR__ . '/../classes/FerrySigner.php';

function fail($message)
{
    fwrite(STDERR, $message . PHP_EOL);
    exit(1);
}

$known = FerrySigner::sign('secret', 1700000000, '{"a":1}');
$expected = 't=1700000000,v1=' . hash_hmac('sha256', '1700000000.{"a":1}', 'secret');
if ($known !== $expected) {
    fail('sign() does not compute HMAC-SHA256 over "<t>.<body>": ' . $known);
}
if (!preg_match('/^t=\d+,v1=[0-9a-f]{64}$/', FerrySigner::sign('', 0, ''))) {
    fail('sign() does not give t=<unix>,v1=<64 hex digits>.');
}
if ($argc === 4) {
    echo FerrySigner::sign($argv[1], (int) $argv[2], file_get_contents($argv[3]));
}
