//! Screenshots of a long video: ours vs one ffmpeg with the same seeks vs decoding from
//! the start.

use std::ffi::OsString;
use std::path::Path;
use std::time::Instant;

use streamvault_media::screenshots::positions;
use streamvault_media::synth::{generate, SynthSpec};
use streamvault_media::{probe, screenshots, ScreenshotOptions, Tools};

use crate::util::{median, secs, verdict};
use crate::Args;

const COUNT: usize = 4;

pub async fn run(args: &Args, dir: &Path) -> Vec<String> {
    let tools = Tools::default();
    let (w, h) = args.video;
    let video = dir.join(format!("long-{}m-{w}x{h}.mkv", args.minutes));
    if std::fs::metadata(&video).is_err() {
        let started = Instant::now();
        let spec = SynthSpec {
            seconds: f64::from(args.minutes) * 60.0,
            video_size: Some((w, h)),
            ..SynthSpec::default()
        };
        generate(&tools, &video, &spec)
            .await
            .expect("generate video");
        println!(
            "generated {} in {}",
            video.display(),
            secs(started.elapsed())
        );
    }
    let info = probe(&tools, &video).await.expect("probe");
    let duration = info.duration_ms.expect("duration");
    let fps = info.video.as_ref().and_then(|v| v.fps).expect("fps");
    let at = positions(duration, COUNT, 0.05);
    let out = dir.join("shots");
    println!(
        "\nscreenshots: {} min {w}x{h} H.264 (GOP 250), {COUNT} frames at {at:?} ms",
        args.minutes
    );

    let opts = ScreenshotOptions {
        count: COUNT,
        ..ScreenshotOptions::default()
    };
    let mut ours = Vec::new();
    let mut reference = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        screenshots(&tools, &video, &out, &opts)
            .await
            .expect("screenshots");
        ours.push(t.elapsed());
        let t = Instant::now();
        one_ffmpeg_same_seeks(&video, &at, &out);
        reference.push(t.elapsed());
    }
    let (ours, reference) = (median(ours), median(reference));
    let t = Instant::now();
    decode_from_start(&video, &at, fps, &out);
    let decode = t.elapsed();
    println!(
        "  ours (probe + {COUNT} seeked ffmpeg runs, 2 at a time): {}",
        secs(ours)
    );
    println!(
        "  one ffmpeg, {COUNT} seeked inputs:                      {}",
        secs(reference)
    );
    println!(
        "  one ffmpeg decoding from the start:               {}",
        secs(decode)
    );
    let speedup = decode.as_secs_f64() / ours.as_secs_f64();
    let vs_ref = ours.as_secs_f64() / reference.as_secs_f64();
    vec![
        verdict(
            "screenshots: decode-from-start time / ours",
            speedup,
            ">= 5",
            speedup >= 5.0,
        ),
        verdict(
            "screenshots: ours / one-ffmpeg-same-seeks",
            vs_ref,
            "<= 1.5",
            vs_ref <= 1.5,
        ),
    ]
}

/// `ffmpeg -ss t1 -i f -ss t2 -i f ... -map 0:v -frames:v 1 o1.jpg -map 1:v ...`
fn one_ffmpeg_same_seeks(video: &Path, at: &[i64], out: &Path) {
    let mut a: Vec<OsString> = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
        .map(OsString::from)
        .to_vec();
    for ms in at {
        a.extend([
            "-ss".into(),
            format!("{:.3}", *ms as f64 / 1000.0).into(),
            "-i".into(),
            video.into(),
        ]);
    }
    for i in 0..at.len() {
        a.extend([
            "-map".into(),
            format!("{i}:v:0").into(),
            "-frames:v".into(),
            "1".into(),
        ]);
        a.extend([
            "-q:v".into(),
            "2".into(),
            out.join(format!("ref-{i}.jpg")).into(),
        ]);
    }
    let refs: Vec<&std::ffi::OsStr> = a.iter().map(OsString::as_os_str).collect();
    crate::util::run("ffmpeg", &refs);
}

/// One pass over the whole file, keeping the frames at the same positions.
fn decode_from_start(video: &Path, at: &[i64], fps: f64, out: &Path) {
    let picks: Vec<String> = at
        .iter()
        .map(|ms| format!("eq(n\\,{})", (*ms as f64 / 1000.0 * fps).round() as i64))
        .collect();
    let filter = format!("select='{}'", picks.join("+"));
    let pattern = out.join("decode-%02d.jpg");
    let a: Vec<OsString> = vec![
        "-hide_banner".into(),
        "-loglevel".into(),
        "error".into(),
        "-nostdin".into(),
        "-y".into(),
        "-i".into(),
        video.into(),
        "-an".into(),
        "-vf".into(),
        filter.into(),
        "-vsync".into(),
        "vfr".into(),
        "-q:v".into(),
        "2".into(),
        pattern.into(),
    ];
    let refs: Vec<&std::ffi::OsStr> = a.iter().map(OsString::as_os_str).collect();
    crate::util::run("ffmpeg", &refs);
}
