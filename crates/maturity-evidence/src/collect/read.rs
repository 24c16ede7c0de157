//! Reading one file safely: regular files only, never through a symbolic link, never more
//! than the size limit, and binaries (a NUL byte in the first 8 KiB) left alone.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// How much of a file's start is sniffed for NUL bytes, as git and ripgrep do.
const SNIFF: usize = 8 * 1024;

#[derive(Debug)]
pub enum ReadOutcome {
    Text(Vec<u8>),
    Binary,
    TooLarge(u64),
    Unreadable(Unreadable),
}

/// Why a file was not read. The I/O error is kept, not just its message, so whoever reports
/// it can show its cause.
#[derive(Debug, thiserror::Error)]
pub enum Unreadable {
    /// A symbolic link, FIFO, socket or device: opening one could follow a link or block.
    #[error("not a regular file")]
    NotARegularFile,
    /// The path was swapped (for a link, say) between the check and the open.
    #[error("changed while being read")]
    Changed,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

pub fn read_file(path: &Path, limit: u64) -> ReadOutcome {
    // lstat first: a symlink or a FIFO must never be opened (opening a FIFO blocks).
    let before = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => return ReadOutcome::Unreadable(error.into()),
    };
    if !before.file_type().is_file() {
        return ReadOutcome::Unreadable(Unreadable::NotARegularFile);
    }
    if before.len() > limit {
        return ReadOutcome::TooLarge(before.len());
    }
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => return ReadOutcome::Unreadable(error.into()),
    };
    // The path could have been swapped for a link between the lstat and the open; the
    // opened file must be the one that was checked.
    match file.metadata() {
        Ok(after) if same_file(&before, &after) => {}
        Ok(_) => return ReadOutcome::Unreadable(Unreadable::Changed),
        Err(error) => return ReadOutcome::Unreadable(error.into()),
    }
    let mut bytes = Vec::new();
    // Read one byte past the limit to notice a file that grew since the lstat.
    if let Err(error) = file.take(limit + 1).read_to_end(&mut bytes) {
        return ReadOutcome::Unreadable(error.into());
    }
    if bytes.len() as u64 > limit {
        return ReadOutcome::TooLarge(bytes.len() as u64);
    }
    if bytes[..bytes.len().min(SNIFF)].contains(&0) {
        return ReadOutcome::Binary;
    }
    ReadOutcome::Text(bytes)
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    b.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = dir.path().join("a.txt");
        std::fs::write(&text, "hello").expect("write");
        assert!(matches!(read_file(&text, 100), ReadOutcome::Text(b) if b == b"hello"));
        assert!(matches!(read_file(&text, 3), ReadOutcome::TooLarge(5)));
        let binary = dir.path().join("b.bin");
        std::fs::write(&binary, b"ab\0cd").expect("write");
        assert!(matches!(read_file(&binary, 100), ReadOutcome::Binary));
        // The I/O error itself is kept, so its kind and cause are not lost in a message.
        assert!(matches!(
            read_file(&dir.path().join("missing"), 100),
            ReadOutcome::Unreadable(Unreadable::Io(e)) if e.kind() == std::io::ErrorKind::NotFound
        ));
        match read_file(dir.path(), 100) {
            ReadOutcome::Unreadable(why) => assert_eq!(why.to_string(), "not a regular file"),
            other => panic!("a directory is not read: {other:?}"),
        }
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&text, &link).expect("symlink");
            assert!(matches!(read_file(&link, 100), ReadOutcome::Unreadable(_)));
        }
    }
}
