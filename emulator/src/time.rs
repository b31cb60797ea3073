//! Wall-clock helpers: epoch milliseconds, RFC 3339 formatting and parsing, ISO-8601 durations.

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// `2024-05-01T12:00:00Z` style (seconds precision, UTC).
pub fn rfc3339(ms: i64) -> String {
    match Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.to_rfc3339_opts(SecondsFormat::Secs, true),
        None => "1970-01-01T00:00:00Z".to_string(),
    }
}

/// Parses a date-time filter value: RFC 3339, or epoch milliseconds / seconds as digits.
pub fn parse_instant_ms(s: &str) -> Option<i64> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp_millis());
    }
    let n: i64 = s.parse().ok()?;
    // Heuristic: values below 10^11 are seconds, others milliseconds.
    if n.abs() < 100_000_000_000 {
        n.checked_mul(1000)
    } else {
        Some(n)
    }
}

/// ISO-8601 duration like `PT5S`, `PT1M30S`, `PT2.5S`.
pub fn iso_duration(ms: i64) -> String {
    let ms = ms.max(0);
    let h = ms / 3_600_000;
    let m = (ms / 60_000) % 60;
    let s = (ms / 1000) % 60;
    let frac = ms % 1000;
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || frac > 0 || (h == 0 && m == 0) {
        if frac > 0 {
            let f = format!("{:03}", frac);
            out.push_str(&format!("{s}.{}S", f.trim_end_matches('0')));
        } else {
            out.push_str(&format!("{s}S"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn durations() {
        assert_eq!(iso_duration(5000), "PT5S");
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(90_000), "PT1M30S");
        assert_eq!(iso_duration(2_500), "PT2.5S");
        assert_eq!(iso_duration(3_600_000), "PT1H");
    }
    #[test]
    fn instants() {
        assert_eq!(parse_instant_ms("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_instant_ms("1687450500000"), Some(1687450500000));
        assert_eq!(parse_instant_ms("1687450500"), Some(1687450500000));
        assert_eq!(parse_instant_ms("nope"), None);
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
