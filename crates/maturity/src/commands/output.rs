//! Where a command's text goes: a file named by `--out`, written atomically, or the writer
//! the command was given.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;

/// Writes `text` to `path` through a temporary file in the same folder, so an interrupted
/// write never leaves a half-written report where a good one was.
pub fn write_file_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    write_atomically(path, |file| file.write_all(text.as_bytes()))
}

/// Like [`write_file_atomically`], with what `write` writes.
fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .with_context(|| format!("{}: not a file path", path.display()))?;
    let tmp = dir.join(format!(".{}.tmp", file_name.to_string_lossy()));
    let written = fs::File::create(&tmp)
        .and_then(|mut file| write(&mut file))
        .with_context(|| format!("cannot write {}", tmp.display()))
        .and_then(|()| fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display())));
    if written.is_err() {
        // What was there before stays; the half-written copy goes.
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Emits text to the file named, or to `out`.
pub fn emit(text: &str, path: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<()> {
    match path {
        Some(path) => write_file_atomically(path, text),
        None => out
            .write_all(text.as_bytes())
            .context("cannot write to standard output"),
    }
}

/// Emits `value` as pretty JSON and a line end, written as it is made to the file named or
/// to `out`: a large result (a million work items' aging, two million tests) is never held
/// as one text.
pub fn emit_json(
    value: &impl serde::Serialize,
    path: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let write = |to: &mut dyn Write| {
        let mut to = io::BufWriter::with_capacity(1 << 16, to);
        serde_json::to_writer_pretty(&mut to, value)?;
        to.write_all(b"\n")?;
        to.flush()
    };
    match path {
        Some(path) => write_atomically(path, write),
        None => write(out).context("cannot write to standard output"),
    }
}
