//! Token buckets behind the sandbox's flood limits.

use crate::config::Rate;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at_ms: i64,
}

/// Token buckets by key. Not persisted: a restart forgives floods, as it is harmless.
#[derive(Debug, Default)]
pub struct Limiter {
    buckets: HashMap<String, Bucket>,
}

impl Limiter {
    /// Takes one token from every bucket, or none when one is empty; then returns the
    /// seconds until every bucket has a token again (at least 1).
    pub fn take(&mut self, keys: &[(String, Rate)], now_ms: i64) -> Result<(), u32> {
        let mut wait_ms: i64 = 0;
        let mut refreshed = Vec::with_capacity(keys.len());
        for (key, rate) in keys {
            let bucket = self.refill(key, *rate, now_ms);
            if bucket.tokens < 1.0 {
                let missing = 1.0 - bucket.tokens;
                wait_ms = wait_ms.max((missing * rate.interval_ms as f64).ceil() as i64);
            }
            refreshed.push((key.clone(), bucket));
        }
        if wait_ms > 0 {
            let seconds = (wait_ms + 999) / 1000;
            return Err(u32::try_from(seconds.max(1)).unwrap_or(u32::MAX));
        }
        for (key, mut bucket) in refreshed {
            bucket.tokens -= 1.0;
            self.buckets.insert(key, bucket);
        }
        Ok(())
    }

    fn refill(&self, key: &str, rate: Rate, now_ms: i64) -> Bucket {
        let burst = f64::from(rate.burst.max(1));
        match self.buckets.get(key) {
            None => Bucket {
                tokens: burst,
                at_ms: now_ms,
            },
            Some(b) => {
                let earned = (now_ms - b.at_ms).max(0) as f64 / rate.interval_ms.max(1) as f64;
                Bucket {
                    tokens: (b.tokens + earned).min(burst),
                    at_ms: now_ms,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_wait_then_refill() {
        let mut l = Limiter::default();
        let keys = vec![(
            "chat".to_string(),
            Rate {
                burst: 3,
                interval_ms: 1000,
            },
        )];
        for _ in 0..3 {
            assert_eq!(l.take(&keys, 0), Ok(()));
        }
        assert_eq!(l.take(&keys, 0), Err(1));
        assert_eq!(l.take(&keys, 400), Err(1));
        assert_eq!(l.take(&keys, 1000), Ok(()));
        assert_eq!(l.take(&keys, 1000), Err(1));
    }

    #[test]
    fn slow_bucket_gives_long_wait_and_nothing_is_taken_on_refusal() {
        let mut l = Limiter::default();
        let fast = (
            "g".to_string(),
            Rate {
                burst: 5,
                interval_ms: 10,
            },
        );
        let slow = (
            "c".to_string(),
            Rate {
                burst: 1,
                interval_ms: 3000,
            },
        );
        assert_eq!(l.take(&[fast.clone(), slow.clone()], 0), Ok(()));
        assert_eq!(l.take(&[fast.clone(), slow.clone()], 0), Err(3));
        for _ in 0..4 {
            assert_eq!(l.take(std::slice::from_ref(&fast), 0), Ok(()));
        }
    }
}
