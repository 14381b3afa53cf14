#!/usr/bin/php
<?php
// A CGI program that tells who is signed in by opening signin.cgi's session cookie
// (docs/identity-for-other-programs.md). The same checks as examples/session_reader.py, with PHP's
// openssl, hash and zlib extensions only (no library).
//
// Run it as a CGI program with php-cli (this file's `#!/usr/bin/php` line, mode 0755) or with php-cgi; it
// writes its own CGI header under php-cli. Its environment names (the same as signin.cgi's settings):
//   SESSION_SECRET, SESSION_SECRET_PREVIOUS (optional), CLIENT_ID, ISSUER,
//   COOKIE_PATH (optional, default /), SESSION_IDLE_TIMEOUT (optional).
// signin.cgi needs COOKIE_PATH=/ (or a path above this program) so the browser sends the cookie here.
//
// The cookie is a JWE (RFC 7516) compact value: alg "dir", enc "A256CBC-HS512", optional zip "DEF".
//   key = HKDF-SHA256(IKM = decoded SESSION_SECRET, salt = empty, info = "signin.cgi cookie v1", L = 64)
//   kid = first 8 characters of base64url(SHA-256(key))

ini_set('display_errors', 'stderr');   // under php-cli a warning on stdout would break the CGI header

const BASE_NAME = 'signin_session';
const MAX_CHUNKS = 10;
const MAX_PAYLOAD = 1048576;   // the most a compressed payload may inflate to

final class Refused extends Exception {}

function respond(int $status, array $body): void {
    $reason = [200 => 'OK', 401 => 'Unauthorized', 500 => 'Internal Server Error'][$status];
    if (PHP_SAPI === 'cli') {
        echo "Status: $status $reason\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n\r\n";
    } else {
        http_response_code($status);
        header('Content-Type: application/json');
        header('Cache-Control: no-store');
    }
    echo json_encode($body), "\n";
}

function b64url_decode(string $text): string {
    if (preg_match('/\A[A-Za-z0-9_-]*\z/', $text) !== 1) throw new Refused('malformed');
    $raw = base64_decode(strtr($text, '-_', '+/') . str_repeat('=', (4 - strlen($text) % 4) % 4), true);
    if ($raw === false) throw new Refused('malformed');
    return $raw;
}

function b64url_encode(string $raw): string {
    return rtrim(strtr(base64_encode($raw), '+/', '-_'), '=');
}

/** SESSION_SECRET: base64, standard or URL alphabet, padding optional, at least 32 bytes. */
function decode_secret(string $text): string {
    $text = trim($text);
    $raw = base64_decode(strtr($text, '-_', '+/') . str_repeat('=', (4 - strlen($text) % 4) % 4), true);
    if ($raw === false || strlen($raw) < 32) throw new InvalidArgumentException('SESSION_SECRET');
    return $raw;
}

/** kid => 64-byte key for the current secret and any previous ones (RFC 5869 HKDF with SHA-256). */
function keys_from_environment(): array {
    $secrets = [(string)getenv('SESSION_SECRET')];
    foreach (explode(',', (string)getenv('SESSION_SECRET_PREVIOUS')) as $s) {
        if (trim($s) !== '') $secrets[] = $s;
    }
    $keys = [];
    foreach ($secrets as $secret) {
        $key = hash_hkdf('sha256', decode_secret($secret), 64, 'signin.cgi cookie v1', '');
        $keys[substr(b64url_encode(hash('sha256', $key, true)), 0, 8)] = $key;
    }
    return $keys;
}

/** `signin_session` over plain HTTP; over HTTPS `__Host-` when COOKIE_PATH is `/`, else `__Secure-`. */
function cookie_name(): string {
    $https = strtolower((string)getenv('HTTPS'));
    if ($https !== 'on' && $https !== '1') return BASE_NAME;
    $path = getenv('COOKIE_PATH');
    return (($path === false || $path === '/') ? '__Host-' : '__Secure-') . BASE_NAME;
}

/** The sealed session from the Cookie header: `<name>`, or `<name>.0`, `<name>.1`, … joined in order. */
function session_cookie(string $header, string $name): string {
    $jar = [];
    foreach (explode(';', $header) as $pair) {   // RFC 6265 §5.4; never $_COOKIE, which rewrites "." in names
        $parts = explode('=', trim($pair), 2);
        if (count($parts) === 2 && !array_key_exists($parts[0], $jar)) $jar[$parts[0]] = $parts[1];
    }
    if (array_key_exists($name, $jar)) return $jar[$name];
    $value = '';
    for ($i = 0; $i < MAX_CHUNKS && array_key_exists("$name.$i", $jar); $i++) $value .= $jar["$name.$i"];
    if ($value === '') throw new Refused('not_signed_in');
    return $value;
}

/** Decrypts and authenticates a JWE with alg "dir" and enc "A256CBC-HS512" (RFC 7518 §5.2.2.2); returns
 *  [protected header, plaintext]. */
function open_jwe(string $value, array $keys): array {
    $parts = explode('.', $value);
    if (count($parts) !== 5 || $parts[1] !== '') throw new Refused('malformed');
    [$protected, , $iv64, $ciphertext64, $tag64] = $parts;
    $header = json_decode(b64url_decode($protected), true);
    if (!is_array($header)) throw new Refused('malformed');
    $zip = $header['zip'] ?? null;
    if (($header['alg'] ?? null) !== 'dir' || ($header['enc'] ?? null) !== 'A256CBC-HS512' || ($zip !== null && $zip !== 'DEF')) {
        throw new Refused('unexpected_algorithm');
    }
    $key = $keys[$header['kid'] ?? ''] ?? null;
    if ($key === null) throw new Refused('other_key');
    $iv = b64url_decode($iv64);
    $ciphertext = b64url_decode($ciphertext64);
    $tag = b64url_decode($tag64);
    if (strlen($iv) !== 16 || strlen($tag) !== 32) throw new Refused('malformed');
    // §5.2.2.1: MAC_KEY is the first half of the key, ENC_KEY the second; the AAD is the encoded protected
    // header and AL its length in bits as a 64-bit big-endian integer; T is the first half of the HMAC.
    $aad = $protected;
    $al = pack('J', strlen($aad) * 8);
    $expected = substr(hash_hmac('sha512', $aad . $iv . $ciphertext . $al, substr($key, 0, 32), true), 0, 32);
    if (!hash_equals($expected, $tag)) throw new Refused('tampered');
    $plaintext = openssl_decrypt($ciphertext, 'aes-256-cbc', substr($key, 32, 32), OPENSSL_RAW_DATA, $iv);
    if ($plaintext === false) throw new Refused('tampered');
    if ($zip === 'DEF') {   // RFC 7516 §4.1.3: raw DEFLATE (RFC 1951)
        $plaintext = @gzinflate($plaintext, MAX_PAYLOAD);
        if ($plaintext === false) throw new Refused('malformed');
    }
    return [$header, $plaintext];
}

/** The session payload after every check signin.cgi itself makes on it. */
function open_session(string $value, array $keys, string $clientId, string $issuer, int $now, ?int $idle): array {
    [$header, $plaintext] = open_jwe($value, $keys);
    if (($header['pur'] ?? null) !== 'session') throw new Refused('wrong_purpose');
    if (!is_int($header['exp'] ?? null) || $header['exp'] <= $now) throw new Refused('expired');
    $payload = json_decode($plaintext, true);
    if (!is_array($payload) || ($payload['v'] ?? null) !== 1) throw new Refused('unknown_version');
    if (!is_int($payload['exp'] ?? null) || $payload['exp'] <= $now) throw new Refused('expired');
    if ($idle !== null && (!is_int($payload['seen'] ?? null) || $now >= $payload['seen'] + $idle)) throw new Refused('idle');
    if (!hash_equals($clientId, (string)($payload['aud'] ?? ''))) throw new Refused('other_client');
    if (($payload['iss'] ?? null) !== $issuer) throw new Refused('other_issuer');
    if (!is_string($payload['sub'] ?? null) || !is_array($payload['claims'] ?? null)) throw new Refused('malformed');
    return $payload;
}

/** The subject, a display name and a few stable claims (never the tokens `at` or `rt`). */
function identity(array $payload): array {
    $claims = $payload['claims'];
    $name = $claims['name'] ?? $claims['preferred_username'] ?? $claims['email'] ?? $payload['sub'];
    $out = ['sub' => $payload['sub'], 'name' => $name];
    foreach (['preferred_username', 'email', 'oid', 'tid', 'roles', 'groups'] as $field) {
        if (array_key_exists($field, $claims)) $out[$field] = $claims[$field];
    }
    return $out;
}

try {
    $keys = keys_from_environment();
    $clientId = getenv('CLIENT_ID');
    $issuer = getenv('ISSUER');
    $idleText = getenv('SESSION_IDLE_TIMEOUT');
    if ($clientId === false || $clientId === '' || $issuer === false || $issuer === '') throw new InvalidArgumentException('CLIENT_ID/ISSUER');
    $idle = ($idleText === false || $idleText === '') ? null : (int)$idleText;
} catch (InvalidArgumentException $e) {
    error_log('session_reader.php: configuration error: ' . $e->getMessage());
    respond(500, ['error' => 'configuration']);
    exit(0);
}
try {
    $value = session_cookie((string)getenv('HTTP_COOKIE'), cookie_name());
    $payload = open_session($value, $keys, $clientId, $issuer, time(), $idle);
    respond(200, identity($payload));
} catch (Refused $r) {
    error_log('session_reader.php: refused reason=' . $r->getMessage());
    respond(401, ['error' => $r->getMessage()]);
}
