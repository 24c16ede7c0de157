//! Uploaded files of an assessment folder (maturity.toml, model and benchmark files,
//! responses), as the import page receives them (`import::from_uploads`). The input is files
//! in `head` format (see the crate doc); each becomes one upload. Invariant: an accepted
//! import, exported and imported again, is the same assessment.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_web::import::{Upload, from_uploads};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let uploads: Vec<Upload> = maturity_fuzz::files(input)
        .into_iter()
        .map(|(name, text)| Upload {
            name,
            bytes: text.into_bytes(),
        })
        .collect();
    if let Ok((assessment, new)) = from_uploads(uploads) {
        maturity_fuzz::check_reimport(&assessment, &new);
    }
});
