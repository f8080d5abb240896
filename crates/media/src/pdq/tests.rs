use super::*;
use streamvault_store::blocklist::{HashKind, NewBlockEntry};

/// A deterministic picture: diagonal bands plus a bright block, optionally noisy.
fn picture(w: u32, h: u32, seed: u32, noise: u8) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let mut px = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let jitter = if noise == 0 {
                0
            } else {
                (state % u32::from(noise)) as u8
            };
            let band = (((x + y * seed) / 16) % 2) as u8 * 160;
            let block = if x > w / 3 && x < w / 2 && y > h / 4 && y < h / 2 {
                90
            } else {
                0
            };
            let v = band.saturating_add(block).saturating_add(jitter);
            px.extend_from_slice(&[v, v / 2, 255 - v]);
        }
    }
    px
}

#[test]
fn hex_round_trip_and_errors() {
    let h = PdqHash([0xab; 32]);
    let text = h.to_string();
    assert_eq!(text, "ab".repeat(32));
    assert_eq!(text.to_uppercase().parse::<PdqHash>().expect("parses"), h);
    for bad in ["", "ab", &"zz".repeat(32), &"é".repeat(32), &"a".repeat(65)] {
        assert!(bad.parse::<PdqHash>().is_err(), "{bad}");
    }
    let json = serde_json::to_string(&h).expect("json");
    assert_eq!(serde_json::from_str::<PdqHash>(&json).expect("back"), h);
}

#[test]
fn distance_counts_differing_bits() {
    let a = PdqHash([0; 32]);
    let mut b = a;
    b.0[0] = 0b1011;
    b.0[31] = 0xff;
    assert_eq!(a.distance(&b), 11);
    assert!(a.matches(&b, 11) && !a.matches(&b, 10));
    assert_eq!(a.distance(&PdqHash([0xff; 32])), 256);
}

#[test]
fn noisy_copy_matches_and_other_picture_does_not() {
    let base = pdq_from_rgb(320, 240, picture(320, 240, 1, 0)).expect("hash");
    let noisy = pdq_from_rgb(320, 240, picture(320, 240, 1, 24)).expect("hash");
    let other = pdq_from_rgb(320, 240, picture(320, 240, 3, 0)).expect("hash");
    assert!(
        base.quality >= MIN_USEFUL_QUALITY,
        "quality {}",
        base.quality
    );
    let near = base.hash.distance(&noisy.hash);
    let far = base.hash.distance(&other.hash);
    assert!(near <= DEFAULT_THRESHOLD, "noisy copy at {near}");
    assert!(far > DEFAULT_THRESHOLD, "other picture at {far}");
}

#[test]
fn bad_pixel_buffers_are_errors() {
    assert!(matches!(
        pdq_from_rgb(10, 10, vec![0; 299]),
        Err(PdqError::BadFrame(_))
    ));
    assert!(matches!(
        pdq_from_rgb(4, 4, vec![0; 48]),
        Err(PdqError::TooSmall { .. })
    ));
}

#[test]
fn ppm_parsing() {
    let mut ppm = b"P6\n2 1\n255\n".to_vec();
    ppm.extend_from_slice(&[1, 2, 3, 4, 5, 6]);
    assert_eq!(
        parse_ppm(ppm.clone()).expect("ppm"),
        (2, 1, vec![1, 2, 3, 4, 5, 6])
    );
    ppm.pop();
    assert!(parse_ppm(ppm).is_err());
    for bad in [
        &b""[..],
        b"P6",
        b"P5\n2 1\n255\n",
        b"P6\n2 1\n65535\n",
        b"P6\nx 1\n255\n",
    ] {
        assert!(
            parse_ppm(bad.to_vec()).is_err(),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn blocklist_match_picks_the_closest_entry_within_threshold() {
    let entry = |id, value: String| BlockEntry {
        id,
        entry: NewBlockEntry {
            kind: HashKind::Pdq,
            value,
            reason: None,
            source: None,
        },
        created_at: 0,
    };
    let probe = PdqHash([0; 32]);
    let mut near = [0u8; 32];
    near[0] = 0xff; // 8 bits
    let mut nearer = [0u8; 32];
    nearer[5] = 0x03; // 2 bits
    let entries = vec![
        entry(1, "not a hash".into()),
        entry(2, PdqHash([0xff; 32]).to_string()),
        entry(3, PdqHash(near).to_string()),
        entry(4, PdqHash(nearer).to_string()),
    ];
    let (hit, d) = match_blocklist(&probe, &entries, DEFAULT_THRESHOLD).expect("match");
    assert_eq!((hit.id, d), (4, 2));
    assert!(match_blocklist(&probe, &entries, 1).is_none());
    assert!(match_blocklist(&probe, &entries[..2], DEFAULT_THRESHOLD).is_none());
}
