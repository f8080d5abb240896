//! Tests of the grammers conversions.

use super::*;

fn doc_ref(kind: MediaKind) -> MediaRef {
    MediaRef {
        kind,
        id: 7,
        access_hash: 8,
        file_reference: vec![1, 2],
        dc_id: 4,
        size: 1000,
        mime_type: None,
        file_name: None,
        photo_size_type: Some("y".into()),
        origin: None,
    }
}

#[test]
fn stored_references_become_raw_locations_and_media() {
    let doc = doc_ref(MediaKind::Video);
    match RefLocation(&doc).to_raw_input_location() {
        Some(tl::enums::InputFileLocation::InputDocumentFileLocation(l)) => {
            assert_eq!(
                (l.id, l.access_hash, l.file_reference, l.thumb_size),
                (7, 8, vec![1, 2], String::new())
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(RefLocation(&doc).dc_id(), Some(4));
    let photo = doc_ref(MediaKind::Photo);
    assert!(matches!(
        RefLocation(&photo).to_raw_input_location(),
        Some(tl::enums::InputFileLocation::InputPhotoFileLocation(l)) if l.thumb_size == "y"
    ));
    assert!(matches!(
        stored_input_media(&photo),
        tl::enums::InputMedia::Photo(_)
    ));
    assert!(matches!(
        stored_input_media(&doc),
        tl::enums::InputMedia::Document(_)
    ));
}

#[test]
fn small_and_big_uploads_use_their_input_file_kinds() {
    let mut f = UploadedFile {
        id: 1,
        parts: 3,
        name: "a".into(),
        size: 3,
        big: false,
        md5: Some("ab".into()),
    };
    assert!(
        matches!(uploaded(&f).raw, tl::enums::InputFile::File(ref x) if x.md5_checksum == "ab" && x.parts == 3)
    );
    f.big = true;
    assert!(matches!(uploaded(&f).raw, tl::enums::InputFile::Big(ref x) if x.parts == 3));
}
