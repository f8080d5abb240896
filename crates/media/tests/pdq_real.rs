//! PDQ on frames decoded by ffmpeg: a re-encoded frame matches, another does not.

mod common;

use std::path::Path;

use streamvault_media::pdq::DEFAULT_THRESHOLD;
use streamvault_media::{pdq_of_image, Process, Tools};

async fn ffmpeg(args: &[&str], dir: &Path) {
    let mut p =
        Process::new("ffmpeg").args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y"]);
    for a in args {
        // Bare names are files in `dir`; options and filter graphs go as they are.
        p = if a.ends_with(".png") || a.ends_with(".jpg") {
            p.arg(dir.join(a))
        } else {
            p.arg(a)
        };
    }
    p.run().await.expect("ffmpeg");
}

#[tokio::test]
async fn reencoded_frame_matches_and_different_frame_does_not() {
    if !common::require("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let src = "testsrc2=size=1280x720:rate=25:duration=1";
    ffmpeg(
        &["-f", "lavfi", "-i", src, "-frames:v", "1", "frame.png"],
        d,
    )
    .await;
    // Same frame, scaled to half size, slightly brightened and saved as a low-quality JPEG.
    let edit = "scale=640:360,eq=brightness=0.04";
    ffmpeg(
        &["-i", "frame.png", "-vf", edit, "-q:v", "25", "copy.jpg"],
        d,
    )
    .await;
    let other = "mandelbrot=size=1280x720:rate=25";
    ffmpeg(
        &["-f", "lavfi", "-i", other, "-frames:v", "1", "other.png"],
        d,
    )
    .await;
    let bars = "smptebars=size=1280x720:rate=25";
    ffmpeg(
        &["-f", "lavfi", "-i", bars, "-frames:v", "1", "bars.png"],
        d,
    )
    .await;

    let tools = Tools::default();
    let frame = pdq_of_image(&tools, &d.join("frame.png"))
        .await
        .expect("hash");
    let copy = pdq_of_image(&tools, &d.join("copy.jpg"))
        .await
        .expect("hash");
    let other = pdq_of_image(&tools, &d.join("other.png"))
        .await
        .expect("hash");
    let bars = pdq_of_image(&tools, &d.join("bars.png"))
        .await
        .expect("hash");
    let near = frame.hash.distance(&copy.hash);
    eprintln!(
        "re-encoded: {near}, mandelbrot: {}, bars: {}",
        frame.hash.distance(&other.hash),
        frame.hash.distance(&bars.hash)
    );
    assert!(
        near <= DEFAULT_THRESHOLD,
        "re-encoded copy at distance {near}"
    );
    for (name, h) in [("mandelbrot", &other), ("bars", &bars)] {
        let far = frame.hash.distance(&h.hash);
        assert!(far > DEFAULT_THRESHOLD, "{name} at distance {far}");
    }
    assert_eq!(
        frame,
        pdq_of_image(&tools, &d.join("frame.png"))
            .await
            .expect("again"),
        "deterministic"
    );
}

#[tokio::test]
async fn non_image_input_is_an_error() {
    if !common::require("ffmpeg") {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let bad = dir.path().join("x.png");
    std::fs::write(&bad, common::noise(5000, 3)).expect("write");
    assert!(pdq_of_image(&Tools::default(), &bad).await.is_err());
}
