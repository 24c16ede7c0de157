//! `maturity healthcheck URL`: one GET of a plain `http://` URL, exit 0 on a 200. It lets a
//! container image without curl check its own server (the Containerfile's HEALTHCHECK).
//!
//! Must not depend on the web crate or a runtime: a few lines of HTTP/1.1 over a std socket,
//! since the server it asks is next to it and speaks plain HTTP.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use anyhow::Context;

use crate::cli::HealthcheckArgs;

pub fn run(args: HealthcheckArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let timeout = Duration::from_secs(args.timeout.max(1));
    let (host, path) = split_url(&args.url)?;
    let address = host
        .to_socket_addrs()
        .with_context(|| format!("{}: cannot resolve {host}", args.url))?
        .next()
        .with_context(|| format!("{}: {host} has no address", args.url))?;
    let mut stream = TcpStream::connect_timeout(&address, timeout)
        .with_context(|| format!("{}: cannot connect", args.url))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: maturity-healthcheck\r\nConnection: close\r\n\r\n"
    )
    .with_context(|| format!("{}: cannot send the request", args.url))?;
    // The status line is all that matters: read up to its end, at most 1 KiB, so a huge
    // answer costs nothing.
    let mut head = Vec::with_capacity(1024);
    let mut buffer = [0_u8; 256];
    while head.len() < 1024 && !head.windows(2).any(|w| w == b"\r\n") {
        let read = stream
            .read(&mut buffer)
            .with_context(|| format!("{}: no answer within {} s", args.url, timeout.as_secs()))?;
        if read == 0 {
            break;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    let head = String::from_utf8_lossy(&head);
    let status_line = head.lines().next().unwrap_or_default();
    match status_line.split(' ').nth(1) {
        Some("200") => {
            writeln!(out, "{}: {status_line}", args.url)?;
            Ok(())
        }
        Some(_) => anyhow::bail!("{}: unhealthy: {status_line}", args.url),
        None => anyhow::bail!("{}: not an HTTP answer: {status_line:?}", args.url),
    }
}

/// `http://HOST[:PORT][/PATH]` into `HOST:PORT` and `/PATH`.
fn split_url(url: &str) -> anyhow::Result<(String, String)> {
    let Some(rest) = url.strip_prefix("http://") else {
        anyhow::bail!(
            "{url}: give an http:// URL, e.g. http://127.0.0.1:8080/healthz (https is not spoken: the check runs beside the server)"
        );
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.is_empty() || authority.contains('@') {
        anyhow::bail!("{url}: give a host, e.g. http://127.0.0.1:8080/healthz");
    }
    let host = if authority
        .rsplit_once(':')
        .is_some_and(|(_, port)| port.parse::<u16>().is_ok())
    {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let path = if path.is_empty() { "/" } else { path };
    Ok((host, path.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_address_and_path() {
        let cases = [
            (
                "http://127.0.0.1:8080/healthz",
                Some(("127.0.0.1:8080", "/healthz")),
            ),
            ("http://localhost/healthz", Some(("localhost:80", "/healthz"))),
            ("http://localhost:8080", Some(("localhost:8080", "/"))),
            ("https://localhost/healthz", None),
            ("localhost:8080", None),
            ("http:///healthz", None),
            ("http://user@host/", None),
        ];
        for (url, expected) in cases {
            let got = split_url(url).ok();
            let got = got.as_ref().map(|(h, p)| (h.as_str(), p.as_str()));
            assert_eq!(got, expected, "{url}");
        }
    }
}
