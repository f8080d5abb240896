//! The typed result of parsing a release name.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a release contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseKind {
    /// A film (no season, episode or air date found).
    #[default]
    Movie,
    /// One or more episodes: `S01E02`, `S01E01-E03`, `1x02`, an anime absolute number
    /// (`Title - 05`) or a daily show's air date (`2024.01.15`).
    Episode,
    /// Whole seasons without episode numbers: `S01`, `Season 1`, `S01-S03`, `Complete Series`.
    SeasonPack,
}

impl ReleaseKind {
    /// The lowercase name used in JSON (`movie`, `episode`, `season_pack`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseKind::Movie => "movie",
            ReleaseKind::Episode => "episode",
            ReleaseKind::SeasonPack => "season_pack",
        }
    }
}

impl fmt::Display for ReleaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares a string-like enum whose JSON form and `Display` are the canonical spelling.
macro_rules! canonical_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// The canonical spelling used in clean names and JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

canonical_enum! {
    /// Vertical video resolution. `4K`/`UHD` map to 2160p, `8K` to 4320p, `1080i` to 1080p.
    Resolution {
        /// 360p.
        P360 => "360p",
        /// 480p (SD).
        P480 => "480p",
        /// 540p.
        P540 => "540p",
        /// 576p (PAL SD).
        P576 => "576p",
        /// 720p.
        P720 => "720p",
        /// 1080p or 1080i.
        P1080 => "1080p",
        /// 1440p.
        P1440 => "1440p",
        /// 2160p, 4K, UHD.
        P2160 => "2160p",
        /// 4320p, 8K.
        P4320 => "4320p",
    }
}

canonical_enum! {
    /// Where the video was captured from.
    Source {
        /// Camera recording in a cinema.
        Cam => "CAM",
        /// Telesync.
        Telesync => "TS",
        /// Telecine.
        Telecine => "TC",
        /// Screener (`SCR`, `DVDSCR`).
        Screener => "SCR",
        /// Workprint.
        Workprint => "WORKPRINT",
        /// R5 retail.
        R5 => "R5",
        /// Full DVD image.
        Dvd => "DVD",
        /// Encode from a DVD.
        DvdRip => "DVDRip",
        /// HDTV capture.
        Hdtv => "HDTV",
        /// PDTV capture.
        Pdtv => "PDTV",
        /// SDTV capture.
        Sdtv => "SDTV",
        /// Generic TV rip.
        TvRip => "TVRip",
        /// Untouched web download.
        WebDl => "WEB-DL",
        /// Re-encoded web capture.
        WebRip => "WEBRip",
        /// Web source of unspecified kind.
        Web => "WEB",
        /// Encode of an HD source of unspecified kind.
        HdRip => "HDRip",
        /// Blu-ray (untouched or remux).
        BluRay => "BluRay",
        /// Encode from a Blu-ray.
        BdRip => "BDRip",
        /// Encode from a Blu-ray (re-encoded from a smaller rip).
        BrRip => "BRRip",
        /// HD DVD.
        HdDvd => "HD-DVD",
        /// VHS capture.
        VhsRip => "VHSRip",
    }
}

canonical_enum! {
    /// Video codec as named by the release (x264 and H.264 are kept apart on purpose).
    VideoCodec {
        /// x264 encoder.
        X264 => "x264",
        /// x265 encoder.
        X265 => "x265",
        /// H.264 (untouched stream, usually web).
        H264 => "H.264",
        /// H.265.
        H265 => "H.265",
        /// HEVC (same codec as H.265, spelled so by the release).
        Hevc => "HEVC",
        /// AVC (same codec as H.264, spelled so by the release).
        Avc => "AVC",
        /// AV1.
        Av1 => "AV1",
        /// VP9.
        Vp9 => "VP9",
        /// XviD.
        Xvid => "XviD",
        /// DivX.
        Divx => "DivX",
        /// MPEG-2.
        Mpeg2 => "MPEG-2",
        /// VC-1.
        Vc1 => "VC-1",
    }
}

/// Everything [`parse`](super::parse) found in a release name. Unknown pieces are `None`
/// or empty; nothing here is guessed from outside the name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReleaseInfo {
    /// Movie, episode(s) or season pack.
    pub kind: ReleaseKind,
    /// Clean title: separators turned into spaces, spam and tags removed. May be empty
    /// when the name holds no title at all.
    pub title: String,
    /// Release year (`1900..=max_year`), when one is present.
    pub year: Option<u16>,
    /// First (or only) season.
    pub season: Option<u32>,
    /// Last season of a multi-season pack (`S01-S03` → 3); `None` for one season.
    pub season_end: Option<u32>,
    /// All episode numbers, ranges expanded (`S01E01-E03` → `[1, 2, 3]`). For anime
    /// absolute numbering (`Title - 05`) `season` is `None`.
    pub episodes: Vec<u32>,
    /// Air date of a daily show, `YYYY-MM-DD`.
    pub air_date: Option<String>,
    /// Episode title found between the episode marker and the technical tags.
    pub episode_title: Option<String>,
    /// Video resolution.
    pub resolution: Option<Resolution>,
    /// Capture source.
    pub source: Option<Source>,
    /// The release is a remux (untouched streams in a new container).
    pub remux: bool,
    /// Video codec.
    pub video_codec: Option<VideoCodec>,
    /// Audio tracks in canonical spelling, e.g. `DDP 5.1`, `TrueHD Atmos 7.1`, `AAC 2.0`.
    pub audio: Vec<String>,
    /// Dynamic range tags: `HDR`, `HDR10`, `HDR10+`, `DV`, `HLG`, `SDR`.
    pub hdr: Vec<String>,
    /// Colour bit depth (`10bit`, `Hi10P` → 10).
    pub bit_depth: Option<u8>,
    /// Edition: `Extended`, `Director's Cut`, `Unrated`, `IMAX`…
    pub edition: Option<String>,
    /// Streaming service tag: `AMZN`, `NF`, `DSNP`, `HMAX`, `ATVP`…
    pub streaming_service: Option<String>,
    /// Language tags (`FRENCH`, `German`, `Hindi`, `MULTi`…), canonical English names.
    pub languages: Vec<String>,
    /// Release flags: `PROPER`, `REPACK`, `INTERNAL`, `LIMITED`, `Dual Audio`…
    pub flags: Vec<String>,
    /// Release group (`x264-GROUP`, or `[Group]` in front of an anime release).
    pub group: Option<String>,
    /// File extension in lower case without the dot, when the name had a known one.
    pub extension: Option<String>,
}

impl ReleaseInfo {
    /// First episode number, if any.
    pub fn first_episode(&self) -> Option<u32> {
        self.episodes.first().copied()
    }
}
