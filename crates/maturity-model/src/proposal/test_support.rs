//! A small valid catalog and its parser, shared by the catalog's tests.

use super::{Catalog, parse_catalog};
use crate::diagnostic::Diagnostics;
use crate::model_set::ModelSet;

pub(crate) const GOOD: &str = r#"
[[proposals]]
id = "a"
title = "A"
description = "Do a."
difficulty = "S"
raises = [{ criterion = "devops.leadership", to = 2 }]

[[proposals]]
id = "b"
title = "B"
description = "Do b."
difficulty = "M"
requires = ["a"]
raises = [{ criterion = "devops.leadership", to = 3 }, { criterion = "testing.unit", to = 4 }]
"#;

pub(crate) fn parse(text: &str) -> Result<Catalog, Diagnostics> {
    parse_catalog("c.toml", text, &ModelSet::builtin())
}
