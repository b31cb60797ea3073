//! Access-token lifetimes and the Basic authorization header.

/// Without `expires_in` and without a JWT `exp`, a token is trusted for this long.
pub const DEFAULT_LIFETIME_MS: f64 = 300_000.0;

/// The `exp` claim of a JWT, in milliseconds since the epoch; `None` for anything else.
pub fn jwt_exp_ms(token: &str) -> Option<f64> {
    let mut parts = token.split('.');
    let (_header, payload, _sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = base64url_decode(payload)?;
    // `from_str`, not `from_slice`: the wasm then holds one copy of serde_json's parser, not
    // one per input kind. Bad UTF-8 fails either way (serde_json checks every string).
    let claims: serde_json::Value = serde_json::from_str(std::str::from_utf8(&bytes).ok()?).ok()?;
    let exp = claims.get("exp")?.as_f64()?;
    (exp.is_finite() && exp > 0.0).then_some(exp * 1000.0)
}

/// When a token fetched at `now_ms` stops being valid: the earlier of `now + expires_in` and
/// the JWT's `exp`; `now + 300 s` when neither is known.
pub fn expiry_ms(now_ms: f64, expires_in_s: Option<f64>, token: &str) -> f64 {
    let by_expires_in = expires_in_s
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| now_ms + s * 1000.0);
    match (by_expires_in, jwt_exp_ms(token)) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => now_ms + DEFAULT_LIFETIME_MS,
    }
}

/// `Basic <base64(user:pass)>`, UTF-8 encoded.
pub fn basic_auth_header(user: &str, pass: &str) -> String {
    let mut raw = String::with_capacity(user.len() + pass.len() + 1);
    raw.push_str(user);
    raw.push(':');
    raw.push_str(pass);
    format!("Basic {}", base64_encode(raw.as_bytes()))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn sextet_char(n: u32) -> char {
    ALPHABET
        .get((n & 63) as usize)
        .map(|b| char::from(*b))
        .unwrap_or('A')
}

/// Standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = u32::from(chunk.first().copied().unwrap_or(0));
        let b1 = u32::from(chunk.get(1).copied().unwrap_or(0));
        let b2 = u32::from(chunk.get(2).copied().unwrap_or(0));
        let n = (b0 << 16) | (b1 << 8) | b2;
        out.push(sextet_char(n >> 18));
        out.push(sextet_char(n >> 12));
        out.push(if chunk.len() > 1 {
            sextet_char(n >> 6)
        } else {
            '='
        });
        out.push(if chunk.len() > 2 { sextet_char(n) } else { '=' });
    }
    out
}

/// base64url (or standard base64), padding optional.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    if s.len() % 4 == 1 {
        return None;
    }
    Some(out)
}
