//! Recognises technical tags (resolution, source, codecs, audio, HDR, editions, flags,
//! languages, services) in squashed lower-case text such as `webdl`, `h264`, `ddp51`.

use super::info::{Resolution, Source, VideoCodec};

/// One recognised tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tag {
    /// Video resolution.
    Resolution(Resolution),
    /// Resolution implied by a word like `UHD`, used only when no explicit one is given.
    ResolutionHint(Resolution),
    /// Capture source.
    Source(Source),
    /// `REMUX`.
    Remux,
    /// Video codec.
    Codec(VideoCodec),
    /// Audio track, canonical spelling.
    Audio(String),
    /// Dynamic range.
    Hdr(&'static str),
    /// Bit depth.
    BitDepth(u8),
    /// Edition.
    Edition(&'static str),
    /// Streaming service.
    Service(&'static str),
    /// Language.
    Language(&'static str),
    /// Release flag.
    Flag(&'static str),
    /// Recognised noise with no field of its own (`x` in `2x`, `Rip`, `HD`).
    Noise,
}

/// How sure we are that a word is a tag and not part of a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strength {
    /// Could be an ordinary word (`Web`, `Extended`, `French`): only counted after the
    /// title has ended, or when written in scene capitals at the end of the title.
    Weak,
    /// Never a title word (`1080p`, `x264`, `WEB-DL`): ends the title.
    Strong,
}

/// Tags and their strength for one squashed word.
pub(crate) type Classified = (Vec<Tag>, Strength);

const AUDIO_CODECS: &[(&str, &str)] = &[
    ("dtshdma", "DTS-HD MA"),
    ("dtshdhra", "DTS-HD HRA"),
    ("dtshd", "DTS-HD"),
    ("dtsx", "DTS-X"),
    ("dtses", "DTS-ES"),
    ("dts", "DTS"),
    ("truehd", "TrueHD"),
    ("atmos", "Atmos"),
    ("ddp", "DDP"),
    ("dd+", "DDP"),
    ("eac3", "EAC3"),
    ("ac3", "AC3"),
    ("dd", "DD"),
    ("heaac", "HE-AAC"),
    ("aac", "AAC"),
    ("flac", "FLAC"),
    ("opus", "Opus"),
    ("mp3", "MP3"),
    ("lpcm", "LPCM"),
    ("pcm", "PCM"),
];

/// Audio codecs that are also ordinary words or too short to trust on their own.
const WEAK_AUDIO: &[&str] = &["Atmos", "Opus", "DD", "PCM"];

fn audio(s: &str) -> Option<Classified> {
    let mut rest = s;
    let mut names: Vec<&str> = Vec::new();
    'outer: while !rest.is_empty() {
        for (prefix, name) in AUDIO_CODECS {
            if let Some(r) = rest.strip_prefix(prefix) {
                if !names.contains(name) {
                    names.push(name);
                }
                rest = r;
                continue 'outer;
            }
        }
        break;
    }
    if names.is_empty() {
        return None;
    }
    let channels = match rest.as_bytes() {
        [] => None,
        [a @ b'1'..=b'9', b @ b'0'..=b'2'] => Some(format!("{}.{}", *a as char, *b as char)),
        [a @ b'1'..=b'9', b'c', b'h'] => Some(format!("{}ch", *a as char)),
        _ => return None,
    };
    let strength = if channels.is_some() || names.len() > 1 || !WEAK_AUDIO.contains(&names[0]) {
        Strength::Strong
    } else {
        Strength::Weak
    };
    let mut text = names.join(" ");
    if let Some(ch) = channels {
        text.push(' ');
        text.push_str(&ch);
    }
    Some((vec![Tag::Audio(text)], strength))
}

fn resolution_of(n: u32) -> Option<Resolution> {
    Some(match n {
        360 => Resolution::P360,
        480 => Resolution::P480,
        540 => Resolution::P540,
        576 => Resolution::P576,
        720 => Resolution::P720,
        1080 => Resolution::P1080,
        1440 => Resolution::P1440,
        2160 => Resolution::P2160,
        4320 => Resolution::P4320,
        _ => return None,
    })
}

fn resolution(s: &str) -> Option<Resolution> {
    match s {
        "4k" | "uhd4k" => return Some(Resolution::P2160),
        "8k" => return Some(Resolution::P4320),
        "fhd" => return Some(Resolution::P1080),
        _ => {}
    }
    if let Some(num) = s.strip_suffix('p').or_else(|| s.strip_suffix('i')) {
        if num.len() >= 3 && num.len() <= 4 && num.bytes().all(|b| b.is_ascii_digit()) {
            return num.parse().ok().and_then(resolution_of);
        }
    }
    // `1920x1080`, `1280x720`.
    let (w, h) = s.split_once('x')?;
    if (3..=4).contains(&w.len())
        && (3..=4).contains(&h.len())
        && w.bytes().chain(h.bytes()).all(|b| b.is_ascii_digit())
    {
        return h.parse().ok().and_then(resolution_of);
    }
    None
}

fn simple(s: &str) -> Option<Classified> {
    use Strength::{Strong, Weak};
    use Tag as T;
    let one = |t: Tag, st: Strength| Some((vec![t], st));
    match s {
        // Sources.
        "bluray" | "bdremux" => one(T::Source(Source::BluRay), Strong),
        "bd" | "uhdbd" => one(T::Source(Source::BluRay), Weak),
        "bdrip" => one(T::Source(Source::BdRip), Strong),
        "hddvd" | "hddvdrip" => one(T::Source(Source::HdDvd), Strong),
        "brrip" => one(T::Source(Source::BrRip), Strong),
        "webdl" | "webdlrip" => one(T::Source(Source::WebDl), Strong),
        "webrip" => one(T::Source(Source::WebRip), Strong),
        "web" => one(T::Source(Source::Web), Weak),
        "hdtv" | "hdtvrip" => one(T::Source(Source::Hdtv), Strong),
        "pdtv" => one(T::Source(Source::Pdtv), Strong),
        "sdtv" => one(T::Source(Source::Sdtv), Strong),
        "tvrip" | "dsr" | "dsrip" | "satrip" => one(T::Source(Source::TvRip), Strong),
        "dvdrip" | "dvdmux" => one(T::Source(Source::DvdRip), Strong),
        "dvd" | "dvdr" | "dvd5" | "dvd9" | "ntsc" | "pal" => one(T::Source(Source::Dvd), Strong),
        "hdrip" => one(T::Source(Source::HdRip), Strong),
        "hdcam" | "camrip" => one(T::Source(Source::Cam), Strong),
        "cam" => one(T::Source(Source::Cam), Weak),
        "hdts" | "telesync" | "hdtelesync" | "pdvd" => one(T::Source(Source::Telesync), Strong),
        "ts" => one(T::Source(Source::Telesync), Weak),
        "telecine" | "hdtc" => one(T::Source(Source::Telecine), Strong),
        "tc" => one(T::Source(Source::Telecine), Weak),
        "dvdscr" | "bdscr" | "screener" | "webscr" => one(T::Source(Source::Screener), Strong),
        "scr" => one(T::Source(Source::Screener), Weak),
        "workprint" => one(T::Source(Source::Workprint), Strong),
        "r5" => one(T::Source(Source::R5), Weak),
        "vhsrip" => one(T::Source(Source::VhsRip), Strong),
        "vhs" => one(T::Source(Source::VhsRip), Weak),
        "remux" => one(T::Remux, Strong),
        "uhd" => one(T::ResolutionHint(Resolution::P2160), Strong),
        // Codecs.
        "x264" => one(T::Codec(VideoCodec::X264), Strong),
        "x265" => one(T::Codec(VideoCodec::X265), Strong),
        "h264" => one(T::Codec(VideoCodec::H264), Strong),
        "h265" => one(T::Codec(VideoCodec::H265), Strong),
        "hevc" | "hevc10" => one(T::Codec(VideoCodec::Hevc), Strong),
        "avc" => one(T::Codec(VideoCodec::Avc), Strong),
        "av1" => one(T::Codec(VideoCodec::Av1), Strong),
        "vp9" => one(T::Codec(VideoCodec::Vp9), Strong),
        "xvid" => one(T::Codec(VideoCodec::Xvid), Strong),
        "divx" => one(T::Codec(VideoCodec::Divx), Strong),
        "mpeg2" => one(T::Codec(VideoCodec::Mpeg2), Strong),
        "vc1" => one(T::Codec(VideoCodec::Vc1), Strong),
        // Dynamic range and bit depth.
        "hdr" => one(T::Hdr("HDR"), Strong),
        "hdr10" => one(T::Hdr("HDR10"), Strong),
        "hdr10+" | "hdr10plus" => one(T::Hdr("HDR10+"), Strong),
        "dv" => one(T::Hdr("DV"), Weak),
        "dovi" | "dolbyvision" => one(T::Hdr("DV"), Strong),
        "hlg" => one(T::Hdr("HLG"), Strong),
        "sdr" => one(T::Hdr("SDR"), Strong),
        "10bit" | "10bits" | "hi10p" | "hi10" => one(T::BitDepth(10), Strong),
        "8bit" | "8bits" => one(T::BitDepth(8), Strong),
        "12bit" => one(T::BitDepth(12), Strong),
        // Streaming services (ambiguous ones like `It`, `Red`, `Max` are left out).
        "amzn" => one(T::Service("AMZN"), Strong),
        "nf" | "nflx" => one(T::Service("NF"), Weak),
        "dsnp" | "dsny" => one(T::Service("DSNP"), Strong),
        "hmax" => one(T::Service("HMAX"), Strong),
        "atvp" => one(T::Service("ATVP"), Strong),
        "pcok" => one(T::Service("PCOK"), Strong),
        "pmtp" => one(T::Service("PMTP"), Strong),
        "hulu" => one(T::Service("HULU"), Weak),
        "crav" => one(T::Service("CRAV"), Strong),
        "cr" => one(T::Service("CR"), Weak),
        "funi" => one(T::Service("FUNI"), Weak),
        "bcore" => one(T::Service("BCORE"), Strong),
        // Editions.
        "extended" | "extendedcut" | "extendededition" => one(T::Edition("Extended"), Weak),
        "directorscut" | "director'scut" | "dc" => one(T::Edition("Director's Cut"), Weak),
        "unrated" => one(T::Edition("Unrated"), Weak),
        "uncut" => one(T::Edition("Uncut"), Weak),
        "remastered" => one(T::Edition("Remastered"), Weak),
        "theatrical" | "theatricalcut" => one(T::Edition("Theatrical"), Weak),
        "imax" => one(T::Edition("IMAX"), Weak),
        "criterion" => one(T::Edition("Criterion"), Weak),
        "specialedition" => one(T::Edition("Special Edition"), Weak),
        "finalcut" => one(T::Edition("Final Cut"), Weak),
        // Flags.
        "proper" => one(T::Flag("PROPER"), Weak),
        "repack" | "repack2" => one(T::Flag("REPACK"), Weak),
        "rerip" => one(T::Flag("RERIP"), Weak),
        "real" => one(T::Flag("REAL"), Weak),
        "internal" | "int" => one(T::Flag("INTERNAL"), Weak),
        "limited" => one(T::Flag("LIMITED"), Weak),
        "readnfo" | "nfofix" => one(T::Flag("READNFO"), Weak),
        "dubbed" => one(T::Flag("DUBBED"), Weak),
        "subbed" => one(T::Flag("SUBBED"), Weak),
        "hardsub" | "hardsubs" | "hc" => one(T::Flag("HARDSUB"), Weak),
        "dual" | "dualaudio" => one(T::Flag("Dual Audio"), Weak),
        "multisub" | "multisubs" => one(T::Flag("Multi Subs"), Weak),
        "complete" => one(T::Flag("COMPLETE"), Weak),
        "convert" => one(T::Flag("CONVERT"), Weak),
        "hybrid" => one(T::Flag("HYBRID"), Weak),
        "3d" => one(T::Flag("3D"), Weak),
        "hsbs" | "hou" | "sbs" => one(T::Flag("3D"), Strong),
        "retail" => one(T::Flag("RETAIL"), Weak),
        "docu" => one(T::Flag("DOCU"), Weak),
        "uncensored" => one(T::Flag("UNCENSORED"), Weak),
        "batch" => one(T::Flag("BATCH"), Weak),
        "ws" | "fs" => one(T::Flag("WS"), Weak),
        "subs" | "esub" | "esubs" => one(T::Flag("SUBS"), Weak),
        // Languages.
        "multi" => one(T::Language("Multi"), Weak),
        "english" | "eng" => one(T::Language("English"), Weak),
        "french" | "truefrench" | "vff" | "vfq" | "vf2" => one(T::Language("French"), Weak),
        "vostfr" => one(T::Language("French subs"), Weak),
        "german" | "ger" => one(T::Language("German"), Weak),
        "italian" | "ita" => one(T::Language("Italian"), Weak),
        "spanish" | "spa" | "esp" | "castellano" => one(T::Language("Spanish"), Weak),
        "latino" => one(T::Language("Latin American Spanish"), Weak),
        "russian" | "rus" => one(T::Language("Russian"), Weak),
        "hindi" | "hin" => one(T::Language("Hindi"), Weak),
        "tamil" | "tam" => one(T::Language("Tamil"), Weak),
        "telugu" | "tel" => one(T::Language("Telugu"), Weak),
        "japanese" | "jpn" | "jap" => one(T::Language("Japanese"), Weak),
        "korean" | "kor" => one(T::Language("Korean"), Weak),
        "chinese" | "chs" | "cht" => one(T::Language("Chinese"), Weak),
        "dutch" => one(T::Language("Dutch"), Weak),
        "swedish" | "swe" => one(T::Language("Swedish"), Weak),
        "nordic" => one(T::Language("Nordic"), Weak),
        "polish" | "pl" => one(T::Language("Polish"), Weak),
        "portuguese" | "por" | "ptbr" => one(T::Language("Portuguese"), Weak),
        // Noise.
        "rip" | "hd" | "sd" | "hq" | "x" => one(T::Noise, Weak),
        _ => None,
    }
}

/// Classifies one squashed, lower-case word (several tokens may have been joined).
pub(crate) fn classify(s: &str) -> Option<Classified> {
    if s.is_empty() {
        return None;
    }
    if let Some(r) = resolution(s) {
        return Some((vec![Tag::Resolution(r)], Strength::Strong));
    }
    if let Some(c) = simple(s) {
        return Some(c);
    }
    if let Some(c) = audio(s) {
        return Some(c);
    }
    // Glued source + resolution: `BD1080p`, `HD720p`, `WEB1080p`, `1080pBluRay`.
    for (prefix, source) in [
        ("bd", Some(Source::BluRay)),
        ("hd", None),
        ("web", Some(Source::Web)),
    ] {
        if let Some(r) = s.strip_prefix(prefix).and_then(resolution) {
            let mut tags = vec![Tag::Resolution(r)];
            tags.extend(source.map(Tag::Source));
            return Some((tags, Strength::Strong));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audio_with_channels() {
        assert_eq!(
            classify("ddp51"),
            Some((vec![Tag::Audio("DDP 5.1".into())], Strength::Strong))
        );
        assert_eq!(
            classify("truehdatmos71"),
            Some((
                vec![Tag::Audio("TrueHD Atmos 7.1".into())],
                Strength::Strong
            ))
        );
        assert_eq!(
            classify("dtshdma51"),
            Some((vec![Tag::Audio("DTS-HD MA 5.1".into())], Strength::Strong))
        );
        assert_eq!(classify("opus").map(|c| c.1), Some(Strength::Weak));
        assert_eq!(classify("aac9x"), None);
    }

    #[test]
    fn resolutions() {
        assert_eq!(
            classify("1080p"),
            Some((vec![Tag::Resolution(Resolution::P1080)], Strength::Strong))
        );
        assert_eq!(
            classify("1920x1080").map(|c| c.0),
            Some(vec![Tag::Resolution(Resolution::P1080)])
        );
        assert_eq!(
            classify("bd1080p").map(|c| c.0),
            Some(vec![
                Tag::Resolution(Resolution::P1080),
                Tag::Source(Source::BluRay)
            ])
        );
        assert_eq!(classify("1081p"), None);
        assert_eq!(classify("4k").map(|c| c.1), Some(Strength::Strong));
    }

    #[test]
    fn ordinary_words_are_not_tags() {
        for w in ["matrix", "the", "2049", "blade", "amélie"] {
            assert_eq!(classify(w), None, "{w}");
        }
        assert_eq!(classify("web").map(|c| c.1), Some(Strength::Weak));
    }
}
