//! Tests of the ranged-download arithmetic.

use super::ranges::*;
use crate::limits::{KIB, MIB};

fn plan(start: u64, end: u64, chunk: u64) -> Vec<PlannedChunk> {
    let range = ByteRange::new(start, end).expect("range");
    plan_range(range, ChunkSize::new(chunk).expect("chunk")).collect()
}

#[test]
fn single_chunk_inside_one_request() {
    let p = plan(5000, 6000, 4 * KIB);
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].request,
        GetFileRequest {
            offset: 4096,
            limit: 4096
        }
    );
    assert_eq!((p[0].skip, p[0].take), (904, 1001));
}

#[test]
fn range_across_a_window_boundary_is_split() {
    let p = plan(MIB - 10, MIB + 9, 512 * KIB);
    let offsets: Vec<u64> = p.iter().map(|c| c.request.offset).collect();
    assert_eq!(offsets, vec![512 * KIB, MIB]);
    assert_eq!((p[0].skip, p[0].take), (512 * KIB - 10, 10));
    assert_eq!((p[1].skip, p[1].take), (0, 10));
}

#[test]
fn last_byte_and_first_byte_edges() {
    let p = plan(0, 0, 4 * KIB);
    assert_eq!((p.len(), p[0].skip, p[0].take), (1, 0, 1));
    let p = plan(4095, 4096, 4 * KIB);
    assert_eq!(p.len(), 2);
    assert_eq!(
        (p[0].skip, p[0].take, p[1].skip, p[1].take),
        (4095, 1, 0, 1)
    );
}

#[test]
fn every_planned_request_obeys_get_file_rules_and_covers_the_range() {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..2000 {
        let start = next() % (40 * MIB);
        let len = 1 + next() % (3 * MIB);
        let chunk = (4 * KIB) << (next() % 9);
        let p = plan(start, start + len - 1, chunk);
        let mut pos = start;
        for c in &p {
            check_get_file(c.request, false).expect("request obeys the rules");
            assert_eq!(c.request.offset + c.skip, pos, "contiguous");
            assert!(c.skip + c.take <= c.request.limit);
            pos += c.take;
        }
        assert_eq!(pos, start + len, "covers exactly the range");
    }
}

#[test]
fn chunk_size_validation_and_fitting() {
    assert!(ChunkSize::new(3 * KIB).is_err());
    assert!(ChunkSize::new(12 * KIB).is_err());
    assert!(ChunkSize::new(2 * MIB).is_err());
    assert_eq!(ChunkSize::fitting(1, 512 * KIB).bytes(), 4 * KIB);
    assert_eq!(ChunkSize::fitting(100 * KIB, 512 * KIB).bytes(), 128 * KIB);
    assert_eq!(ChunkSize::fitting(10 * MIB, 512 * KIB).bytes(), 512 * KIB);
    assert_eq!(ChunkSize::fitting(10 * MIB, 700 * KIB).bytes(), 512 * KIB);
}

#[test]
fn get_file_rules() {
    let r = |offset, limit| GetFileRequest { offset, limit };
    assert_eq!(check_get_file(r(0, MIB), false), Ok(()));
    assert_eq!(
        check_get_file(r(0, 3 * KIB), false),
        Err(GetFileViolation::Limit)
    );
    assert_eq!(
        check_get_file(r(0, 12 * KIB), false),
        Err(GetFileViolation::Limit)
    );
    assert_eq!(
        check_get_file(r(0, 2 * MIB), false),
        Err(GetFileViolation::Limit)
    );
    assert_eq!(
        check_get_file(r(100, 4 * KIB), false),
        Err(GetFileViolation::Offset)
    );
    assert_eq!(
        check_get_file(r(MIB - 4 * KIB, 8 * KIB), false),
        Err(GetFileViolation::Window)
    );
    assert_eq!(check_get_file(r(KIB, 3 * KIB), true), Ok(()));
    assert_eq!(
        check_get_file(r(MIB - KIB, 2 * KIB), true),
        Err(GetFileViolation::Window)
    );
}

#[test]
fn clamping_like_http() {
    let r = ByteRange::new(10, 1000).expect("range");
    assert_eq!(
        r.clamp_to(100).expect("clamped"),
        ByteRange { start: 10, end: 99 }
    );
    assert!(r.clamp_to(10).is_err());
    assert!(ByteRange::new(5, 4).is_err());
    assert_eq!(ByteRange::whole(3).expect("whole").len(), 3);
}
