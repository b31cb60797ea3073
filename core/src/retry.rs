//! Retry policy arithmetic: which failures may be retried, how long to wait (exponential
//! backoff with full jitter), and `Retry-After` / `retry-after-ms` parsing. Pure functions; the
//! wasm client does the sleeping and the sending.

/// Exponential backoff parameters, all in milliseconds except `exponent`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    pub initial_interval_ms: f64,
    pub max_interval_ms: f64,
    pub exponent: f64,
    pub max_elapsed_ms: f64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            initial_interval_ms: 500.0,
            max_interval_ms: 8_000.0,
            exponent: 2.0,
            max_elapsed_ms: 30_000.0,
        }
    }
}

/// A complete retry policy. `enabled == false` is `{ strategy: "none" }`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    pub enabled: bool,
    pub backoff: Backoff,
    pub max_retries: u32,
    pub retry_connection_errors: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            enabled: true,
            backoff: Backoff::default(),
            max_retries: 2,
            retry_connection_errors: true,
        }
    }
}

impl Policy {
    /// The policy that never retries.
    pub const NONE: Policy = Policy {
        enabled: false,
        backoff: Backoff {
            initial_interval_ms: 500.0,
            max_interval_ms: 8_000.0,
            exponent: 2.0,
            max_elapsed_ms: 30_000.0,
        },
        max_retries: 0,
        retry_connection_errors: false,
    };
}

/// How one attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A complete response with this status.
    Status(u16),
    /// The connection was refused: nothing can have reached the server.
    Refused,
    /// Any other connection failure (reset, dropped, body cut short): the request may have
    /// been processed.
    Connection,
    /// The per-attempt timeout elapsed: the request may have been processed.
    Timeout,
}

/// Whether `method` is replayed after `outcome`. POST only when the request cannot have taken
/// effect (429, refused connection); the others on transient statuses and connection errors.
pub fn retryable(method: &str, outcome: Outcome, retry_connection_errors: bool) -> bool {
    let idempotent = matches!(
        method.to_ascii_uppercase().as_str(),
        "GET" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
    );
    match outcome {
        Outcome::Status(429) => true,
        Outcome::Status(s) => idempotent && matches!(s, 408 | 500 | 502 | 503 | 504),
        Outcome::Refused => retry_connection_errors,
        Outcome::Connection | Outcome::Timeout => idempotent && retry_connection_errors,
    }
}

/// The un-jittered ceiling of the wait before retry number `retry` (0-based):
/// `min(maxInterval, initial * exponent^retry)`.
pub fn ceiling_ms(b: &Backoff, retry: u32) -> f64 {
    let exp = i32::try_from(retry).unwrap_or(i32::MAX);
    let raw = b.initial_interval_ms * b.exponent.powi(exp);
    let raw = if raw.is_finite() && raw >= 0.0 {
        raw
    } else {
        b.max_interval_ms
    };
    raw.min(b.max_interval_ms).max(0.0)
}

/// Full jitter: a uniform pick in `[0, ceiling]`; `random` is in `[0, 1)` (clamped).
pub fn jittered_ms(b: &Backoff, retry: u32, random: f64) -> f64 {
    let r = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    ceiling_ms(b, retry) * r
}

/// The wait before retry number `retry`, or `None` when the policy gives up: retries
/// exhausted, retrying disabled, or no time left of `maxElapsedTime` (`elapsed_ms` since the
/// first attempt). A server-given `retry_after_ms` replaces the jittered backoff; either is
/// capped by `maxInterval` and by the time remaining.
pub fn next_delay_ms(
    p: &Policy,
    retry: u32,
    random: f64,
    retry_after_ms: Option<f64>,
    elapsed_ms: f64,
) -> Option<f64> {
    if !p.enabled || retry >= p.max_retries {
        return None;
    }
    let elapsed = if elapsed_ms.is_finite() {
        elapsed_ms.max(0.0)
    } else {
        f64::INFINITY
    };
    let remaining = p.backoff.max_elapsed_ms - elapsed;
    if remaining.is_nan() || remaining <= 0.0 {
        return None;
    }
    let wanted = match retry_after_ms {
        Some(ms) if ms.is_finite() && ms >= 0.0 => ms,
        _ => jittered_ms(&p.backoff, retry, random),
    };
    Some(
        wanted
            .min(p.backoff.max_interval_ms)
            .min(remaining)
            .max(0.0),
    )
}

/// The server's requested wait from response headers (names compared case-insensitively):
/// `retry-after-ms` (milliseconds) wins over `Retry-After` (delta-seconds or an HTTP date,
/// relative to `now_ms`). Dates in the past give 0. Unparseable values are ignored.
pub fn retry_after_ms<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    now_ms: f64,
) -> Option<f64> {
    let mut ms_header = None;
    let mut header = None;
    for (k, v) in headers {
        if k.eq_ignore_ascii_case("retry-after-ms") {
            ms_header = ms_header.or_else(|| parse_number(v));
        } else if k.eq_ignore_ascii_case("retry-after") {
            header = header.or_else(|| parse_retry_after(v, now_ms));
        }
    }
    ms_header.or(header)
}

/// A non-negative decimal like `1`, `1.5` or `.25`. Hand-rolled: `str::parse::<f64>` brings
/// the whole float parser (~10 KB) into the wasm.
fn parse_number(v: &str) -> Option<f64> {
    let v = v.trim();
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut n = 0.0f64;
    for b in int.bytes() {
        n = n * 10.0 + f64::from(b - b'0');
    }
    let mut scale = 1.0f64;
    for b in frac.bytes() {
        scale /= 10.0;
        n += f64::from(b - b'0') * scale;
    }
    Some(n).filter(|n| n.is_finite())
}

/// `Retry-After` value: delta-seconds, or an HTTP date (IMF-fixdate, RFC 850 or asctime).
pub fn parse_retry_after(v: &str, now_ms: f64) -> Option<f64> {
    let v = v.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return parse_number(v).map(|s| s * 1000.0);
    }
    let at = parse_http_date(v)?;
    if !now_ms.is_finite() {
        return None;
    }
    Some((at - now_ms).max(0.0))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month(s: &str) -> Option<u32> {
    let s = s.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == s)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn num(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn hms(s: &str) -> Option<(u32, u32, u32)> {
    let mut it = s.split(':');
    let h = num(it.next()?, 2)?;
    let m = num(it.next()?, 2)?;
    let sec = num(it.next()?, 2)?;
    if it.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some((h, m, sec))
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn epoch_ms(y: i64, mo: u32, d: u32, (h, mi, s): (u32, u32, u32)) -> Option<f64> {
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s);
    // Exact for every representable year: |secs| stays far below 2^53.
    Some(secs as f64 * 1000.0)
}

/// An HTTP date (RFC 9110 §5.6.7) in milliseconds since the epoch.
pub fn parse_http_date(s: &str) -> Option<f64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    match parts.as_slice() {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        [wd, d, mo, y, t, "GMT"] if wd.ends_with(',') => {
            let y = i64::from(num(y, 4)?);
            epoch_ms(y, month(mo)?, num(d, 2)?, hms(t)?)
        }
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        [wd, date, t, "GMT"] if wd.ends_with(',') => {
            let mut it = date.split('-');
            let d = num(it.next()?, 2)?;
            let mo = month(it.next()?)?;
            let yy = num(it.next()?, 2)?;
            if it.next().is_some() {
                return None;
            }
            // Two-digit years: 70..99 are 1900s, the rest 2000s.
            let y = if yy >= 70 { 1900 + yy } else { 2000 + yy };
            epoch_ms(i64::from(y), mo, d, hms(t)?)
        }
        // asctime: Sun Nov  6 08:49:37 1994
        [_wd, mo, d, t, y] => {
            let y = i64::from(num(y, 4)?);
            epoch_ms(y, month(mo)?, num(d, 2)?, hms(t)?)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    #[test]
    fn defaults_match_the_documented_policy() {
        let p = Policy::default();
        assert!(p.enabled);
        assert_eq!(p.max_retries, 2);
        assert_eq!(p.backoff.initial_interval_ms, 500.0);
        assert_eq!(p.backoff.max_interval_ms, 8000.0);
        assert_eq!(p.backoff.exponent, 2.0);
        assert_eq!(p.backoff.max_elapsed_ms, 30000.0);
    }

    #[test]
    fn post_is_retried_only_when_nothing_can_have_happened() {
        for s in [408, 500, 502, 503, 504] {
            assert!(!retryable("POST", Outcome::Status(s), true), "{s}");
            assert!(retryable("GET", Outcome::Status(s), true), "{s}");
            assert!(retryable("DELETE", Outcome::Status(s), true), "{s}");
        }
        assert!(retryable("POST", Outcome::Status(429), true));
        assert!(retryable("POST", Outcome::Refused, true));
        assert!(!retryable("POST", Outcome::Refused, false));
        assert!(!retryable("POST", Outcome::Connection, true));
        assert!(!retryable("POST", Outcome::Timeout, true));
        assert!(retryable("PATCH", Outcome::Timeout, true));
        assert!(retryable("PUT", Outcome::Connection, true));
        assert!(!retryable("PUT", Outcome::Connection, false));
        for s in [200, 201, 204, 400, 401, 403, 404, 409, 422, 501] {
            assert!(!retryable("GET", Outcome::Status(s), true), "{s}");
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let b = Backoff::default();
        assert_eq!(ceiling_ms(&b, 0), 500.0);
        assert_eq!(ceiling_ms(&b, 1), 1000.0);
        assert_eq!(ceiling_ms(&b, 4), 8000.0);
        assert_eq!(ceiling_ms(&b, 40), 8000.0);
        assert_eq!(ceiling_ms(&b, u32::MAX), 8000.0);
        assert_eq!(jittered_ms(&b, 1, 0.5), 500.0);
    }

    #[test]
    fn next_delay_gives_up() {
        let p = Policy::default();
        assert!(next_delay_ms(&p, 2, 0.5, None, 0.0).is_none());
        assert!(next_delay_ms(&p, 0, 0.5, None, 30_000.0).is_none());
        assert!(next_delay_ms(&Policy::NONE, 0, 0.5, None, 0.0).is_none());
        // Retry-After capped by maxInterval and by what is left.
        assert_eq!(next_delay_ms(&p, 0, 0.5, Some(60_000.0), 0.0), Some(8000.0));
        assert_eq!(
            next_delay_ms(&p, 0, 0.5, Some(60_000.0), 29_000.0),
            Some(1000.0)
        );
        assert_eq!(next_delay_ms(&p, 1, 0.0, Some(1000.0), 0.0), Some(1000.0));
    }

    #[test]
    fn retry_after_forms() {
        let now = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(now));
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(now));
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(now));
        assert_eq!(parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"), None);
        let h = |k: &'static str, v: &'static str| vec![(k, v)];
        assert_eq!(retry_after_ms(h("Retry-After", "2"), now), Some(2000.0));
        assert_eq!(
            retry_after_ms(h("retry-after", "Sun, 06 Nov 1994 08:49:40 GMT"), now),
            Some(3000.0)
        );
        assert_eq!(
            retry_after_ms(h("retry-after", "Sun, 06 Nov 1994 08:49:00 GMT"), now),
            Some(0.0)
        );
        assert_eq!(
            retry_after_ms(h("Retry-After-Ms", "1500"), now),
            Some(1500.0)
        );
        assert_eq!(retry_after_ms(h("retry-after", "-1"), now), None);
        assert_eq!(retry_after_ms(h("retry-after", "soon"), now), None);
        assert_eq!(
            retry_after_ms(vec![("retry-after", "9"), ("retry-after-ms", "10")], now),
            Some(10.0)
        );
        assert_eq!(retry_after_ms(Vec::<(&str, &str)>::new(), now), None);
    }

    #[test]
    fn civil_days_agree_with_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2026, 11, 29), 20_786);
    }

    // proptest is a native-only dev-dependency (it does not build for wasm32).
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn delay_always_within_bounds(
            initial in 0.0f64..1e7, max in 0.0f64..1e7, exponent in 0.0f64..100.0,
            max_elapsed in 0.0f64..1e8, retry in 0u32..1000, max_retries in 0u32..1000,
            random in proptest::num::f64::ANY, ra in proptest::option::of(proptest::num::f64::ANY),
            elapsed in proptest::num::f64::ANY,
        ) {
            let p = Policy {
                enabled: true,
                backoff: Backoff { initial_interval_ms: initial, max_interval_ms: max, exponent, max_elapsed_ms: max_elapsed },
                max_retries,
                retry_connection_errors: true,
            };
            if let Some(d) = next_delay_ms(&p, retry, random, ra, elapsed) {
                prop_assert!(d.is_finite());
                prop_assert!(d >= 0.0);
                prop_assert!(d <= max);
                prop_assert!(elapsed.is_finite() && d <= max_elapsed - elapsed.max(0.0));
                prop_assert!(retry < max_retries);
            }
        }

        #[test]
        fn retry_after_never_panics_and_is_non_negative(k in ".{0,20}", v in ".{0,60}", now in proptest::num::f64::ANY) {
            if let Some(ms) = retry_after_ms(vec![(k.as_str(), v.as_str())], now) {
                prop_assert!(ms >= 0.0);
            }
        }

        #[test]
        fn delta_seconds_round_trip(s in 0u32..1_000_000) {
            let v = s.to_string();
            prop_assert_eq!(parse_retry_after(&v, 0.0), Some(f64::from(s) * 1000.0));
        }

        #[test]
        fn imf_fixdate_round_trip(days in 0i64..100_000, secs in 0u32..86_400) {
            // Build the date from a day count with the inverse of days_from_civil.
            let z = days + 719_468;
            let era = z.div_euclid(146_097);
            let doe = z - era * 146_097;
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            let mp = (5 * doy + 2) / 153;
            let d = doy - (153 * mp + 2) / 5 + 1;
            let m = if mp < 10 { mp + 3 } else { mp - 9 };
            let y = yoe + era * 400 + i64::from(m <= 2);
            prop_assume!(y <= 9999);
            let text = format!(
                "Mon, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
                d, ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"][(m - 1) as usize],
                y, secs / 3600, secs / 60 % 60, secs % 60
            );
            let want = (days * 86_400 + i64::from(secs)) as f64 * 1000.0;
            prop_assert_eq!(parse_http_date(&text), Some(want));
        }
    }
}
