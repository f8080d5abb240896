//! Daily counters.

use super::harness::Harness;
use chrono::NaiveDate;
use std::collections::BTreeMap;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, d).expect("date")
}

pub async fn daily_counters_count_and_roll_up(h: &Harness) {
    let (c, t) = (&h.coord, &h.twin);
    assert_eq!(
        c.counter(day(1), "visitors:t1").await.expect("read"),
        0,
        "never counted"
    );
    assert_eq!(
        c.incr_counter(day(1), "visitors:t1", 1)
            .await
            .expect("incr"),
        1
    );
    assert_eq!(
        t.incr_counter(day(1), "visitors:t1", 2)
            .await
            .expect("incr"),
        3
    );
    assert_eq!(
        c.incr_counter(day(1), "bytes:t1", 5_000_000_000)
            .await
            .expect("incr"),
        5_000_000_000
    );
    assert_eq!(
        c.incr_counter(day(2), "visitors:t1", 7)
            .await
            .expect("incr"),
        7,
        "days are separate"
    );
    assert_eq!(t.counter(day(1), "visitors:t1").await.expect("read"), 3);
    let taken = t.take_day(day(1)).await.expect("take");
    let expected = BTreeMap::from([
        ("bytes:t1".to_owned(), 5_000_000_000),
        ("visitors:t1".to_owned(), 3),
    ]);
    assert_eq!(taken, expected);
    assert_eq!(
        c.counter(day(1), "visitors:t1").await.expect("read"),
        0,
        "taking resets the day"
    );
    assert!(c.take_day(day(1)).await.expect("take").is_empty());
    assert_eq!(
        c.counter(day(2), "visitors:t1").await.expect("read"),
        7,
        "other days untouched"
    );
}

pub async fn increments_racing_a_roll_up_are_never_lost(h: &Harness) {
    let increments = (0..100).map(|i| {
        let coord = h.either(i);
        tokio::spawn(async move { coord.incr_counter(day(3), "hits", 1).await })
    });
    let takers = (0..5).map(|i| {
        let coord = h.either(i);
        tokio::spawn(async move { coord.take_day(day(3)).await })
    });
    let (incremented, taken) = futures::future::join(
        futures::future::join_all(increments),
        futures::future::join_all(takers),
    )
    .await;
    for result in incremented {
        result.expect("task").expect("incr");
    }
    let mut total: i64 = 0;
    for result in taken {
        total += result
            .expect("task")
            .expect("take")
            .get("hits")
            .copied()
            .unwrap_or(0);
    }
    total += h
        .coord
        .take_day(day(3))
        .await
        .expect("final take")
        .get("hits")
        .copied()
        .unwrap_or(0);
    assert_eq!(total, 100, "every increment landed in exactly one roll-up");
}
