//! `api-spec`: are the service's interfaces described by a machine-readable spec?

use crate::check::Check;
use crate::checks::support::{conclude, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "api-spec",
    question: "Are interfaces described by a machine-readable specification (OpenAPI, AsyncAPI, Protocol Buffers, GraphQL schema)?",
    informs_no_level: Some(
        "A specification shows that some interfaces are described, not whether everything the user interface does is available through them or how shared components are installed, which is what the levels ask.",
    ),
    remediation: "Describe the public interfaces in OpenAPI, AsyncAPI, .proto or a GraphQL schema kept in the repository, and generate clients and docs from it.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_paths(CHECK.id, raw.of(PathKind::ApiSpec), "interface specification"),
        has_code(raw),
        "no API specification found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(
            outcomes(&CHECK, &[("api/openapi.yaml", "openapi: 3.1.0\n")]),
            [Pass]
        );
        assert_eq!(outcomes(&CHECK, &[("proto/orders.proto", "")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("a.go", "")]), [Fail]);
    }
}
