//! An uploaded archive of an assessment folder (`.tar`, gzipped or not), as the import page
//! receives it (`import::from_uploads`). Invariant: an accepted import, exported and imported
//! again, is the same assessment.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_web::import::{Upload, from_uploads};

fuzz_target!(|data: &[u8]| {
    let upload = Upload {
        name: "assessment.tgz".to_string(),
        bytes: data.to_vec(),
    };
    if let Ok((assessment, new)) = from_uploads(vec![upload]) {
        maturity_fuzz::check_reimport(&assessment, &new);
    }
});
