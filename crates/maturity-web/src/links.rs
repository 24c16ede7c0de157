//! Survey links an assessor can see again (issue 15, point 4). A link's token is derived,
//! not drawn: `HMAC-SHA256(link key, nonce)` with a random nonce per link. The database keeps
//! the nonce and the token's SHA-256 (what a survey request is looked up by), never the token;
//! the link key lives outside the database (`maturity serve --link-key-file`), so a copy of the
//! database alone opens no survey, while the server can derive a link again on request.
//!
//! Derived rather than encrypted: nothing secret is stored at all, there is no ciphertext to
//! get wrong, and a rotated link needs only a new nonce. A derived token is checked against the
//! stored hash before it is shown, so a changed key or a link made before nonces were kept is
//! told as "rotate to get a new link", never shown wrong.

use std::fmt;
use std::path::Path;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use maturity_store::Id;

use crate::auth::{hex, random_token, same, token_hash};
use crate::error::AppError;
use crate::state::AppState;

/// The server's key for deriving survey links: 256 random bits.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkKey([u8; 32]);

impl fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never printed: a log line must not carry it.
        f.write_str("LinkKey(…)")
    }
}

impl LinkKey {
    /// A new random key.
    pub fn generate() -> Result<LinkKey, AppError> {
        let mut bytes = [0_u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        Ok(LinkKey(bytes))
    }

    /// A key written as 64 hex digits (surrounding white space ignored).
    pub fn from_hex(text: &str) -> Result<LinkKey, String> {
        let text = text.trim();
        let bad = || "a link key is 64 hex digits (256 bits)".to_string();
        if text.len() != 64 || !text.is_ascii() {
            return Err(bad());
        }
        let mut bytes = [0_u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(LinkKey(bytes))
    }

    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// The key in `path`, or a new one written there (readable by its owner only) when the file
    /// does not exist yet.
    pub fn load_or_create(path: &Path) -> Result<LinkKey, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => LinkKey::from_hex(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = LinkKey::generate().map_err(|e| e.to_string())?;
                write_private(path, &format!("{}\n", key.to_hex()))
                    .map_err(|e| format!("cannot write the link key to {}: {e}", path.display()))?;
                Ok(key)
            }
            Err(e) => Err(format!("cannot read the link key {}: {e}", path.display())),
        }
    }

    /// The token of the link made from `nonce`.
    fn derive(&self, nonce: &str) -> String {
        // A 32-byte key always fits HMAC.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"maturity-survey-link\0");
        mac.update(nonce.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// Creates `path` for its owner alone and writes `text` into it; an existing file is kept.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// A new survey link: its token (to hand out once), the hash the store keeps, and the nonce
/// it was derived from (none without a link key: that link can only be rotated).
pub struct NewLink {
    pub token: String,
    pub hash: String,
    pub nonce: Option<String>,
}

pub fn new_link(state: &AppState) -> Result<NewLink, AppError> {
    let (token, nonce) = match &state.config.link_key {
        Some(key) => {
            let nonce = random_token()?;
            (key.derive(&nonce), Some(nonce))
        }
        None => (random_token()?, None),
    };
    Ok(NewLink {
        hash: token_hash(&token),
        token,
        nonce,
    })
}

/// Records which nonce a respondent's link now comes from (or that it comes from none).
pub async fn remember(
    state: &AppState,
    assessment: Id,
    respondent: Id,
    link: &NewLink,
) -> Result<(), AppError> {
    state
        .store
        .set_link_nonce(assessment, respondent, link.nonce.as_deref())
        .await?;
    Ok(())
}

/// The token of a respondent's current link, derived again; `None` when it cannot be: no
/// link key, no nonce kept (invited before links could be shown again, or imported), or a
/// key that no longer derives the link in use.
pub async fn recover(state: &AppState, assessment: Id, respondent: Id) -> Result<Option<String>, AppError> {
    let Some(key) = &state.config.link_key else {
        return Ok(None);
    };
    let Some(kept) = state.store.link_nonce(assessment, respondent).await? else {
        return Ok(None);
    };
    let token = key.derive(&kept.nonce);
    Ok(same(&token_hash(&token), &kept.token_hash).then_some(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_and_refuse_what_is_not_one() {
        let key = LinkKey::generate().expect("key");
        assert_eq!(
            LinkKey::from_hex(&format!(" {}\n", key.to_hex())),
            Ok(key.clone())
        );
        for bad in ["", "abc", &"g".repeat(64), &"0".repeat(66), &"é".repeat(32)] {
            assert!(LinkKey::from_hex(bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{key:?}"), "LinkKey(…)");
    }

    #[test]
    fn a_link_depends_on_key_and_nonce() {
        let a = LinkKey::from_hex(&"11".repeat(32)).expect("key");
        let b = LinkKey::from_hex(&"22".repeat(32)).expect("key");
        let token = a.derive("n1");
        assert_eq!(token.len(), 64);
        assert_eq!(token, a.derive("n1"), "the same link again");
        assert_ne!(token, a.derive("n2"));
        assert_ne!(token, b.derive("n1"));
    }

    #[test]
    fn a_key_file_is_made_once_for_its_owner() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("link.key");
        let first = LinkKey::load_or_create(&path).expect("made");
        assert_eq!(LinkKey::load_or_create(&path).expect("read"), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "nonsense").expect("write");
        assert!(
            LinkKey::load_or_create(&path)
                .expect_err("bad")
                .contains("64 hex digits")
        );
    }
}
