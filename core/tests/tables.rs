use airbyte_core::generated::{OPERATIONS, SCHEMAS};
use airbyte_core::spec::{Kind, Method, ParamLoc, RequestShape, ResponseKind, Ty};
use airbyte_core::{operation, schema, schema_id};

/// Issue 2's list of groups and methods, verbatim.
const GROUPS: &[(&str, &[&str])] = &[
    (
        "connections",
        &[
            "createConnection",
            "listConnections",
            "getConnection",
            "patchConnection",
            "deleteConnection",
        ],
    ),
    (
        "declarativeSourceDefinitions",
        &[
            "listDeclarativeSourceDefinitions",
            "createDeclarativeSourceDefinition",
            "getDeclarativeSourceDefinition",
            "updateDeclarativeSourceDefinition",
            "deleteDeclarativeSourceDefinition",
        ],
    ),
    (
        "destinationDefinitions",
        &[
            "listDestinationDefinitions",
            "createDestinationDefinition",
            "getDestinationDefinition",
            "updateDestinationDefinition",
            "deleteDestinationDefinition",
        ],
    ),
    (
        "destinations",
        &[
            "listDestinations",
            "createDestination",
            "getDestination",
            "deleteDestination",
            "patchDestination",
            "putDestination",
        ],
    ),
    ("health", &["getHealthCheck"]),
    ("jobs", &["listJobs", "createJob", "getJob", "cancelJob"]),
    (
        "organizations",
        &[
            "listOrganizationsForUser",
            "createOrUpdateOrganizationOAuthCredentials",
            "deleteOrganizationOAuthCredentials",
        ],
    ),
    (
        "permissions",
        &[
            "getPermission",
            "updatePermission",
            "deletePermission",
            "listPermissions",
            "createPermission",
        ],
    ),
    (
        "sourceDefinitions",
        &[
            "listSourceDefinitions",
            "createSourceDefinition",
            "getSourceDefinition",
            "updateSourceDefinition",
            "deleteSourceDefinition",
        ],
    ),
    (
        "sources",
        &[
            "listSources",
            "createSource",
            "getSource",
            "patchSource",
            "putSource",
            "deleteSource",
            "initiateOAuth",
        ],
    ),
    ("streams", &["getStreamProperties"]),
    (
        "tags",
        &["listTags", "createTag", "getTag", "deleteTag", "updateTag"],
    ),
    ("users", &["listUsersWithinAnOrganization"]),
    (
        "workspaces",
        &[
            "listWorkspaces",
            "createWorkspace",
            "getWorkspace",
            "updateWorkspace",
            "deleteWorkspace",
            "createOrUpdateWorkspaceOAuthCredentials",
            "deleteWorkspaceOAuthCredentials",
        ],
    ),
];

#[test]
fn sixty_operations_in_the_listed_groups() {
    assert_eq!(OPERATIONS.len(), 60);
    let mut listed: Vec<(&str, &str)> = GROUPS
        .iter()
        .flat_map(|(g, ids)| ids.iter().map(move |id| (*g, *id)))
        .collect();
    let mut actual: Vec<(&str, &str)> = OPERATIONS.iter().map(|o| (o.group, o.id)).collect();
    listed.sort();
    actual.sort();
    assert_eq!(actual, listed);
    for (i, op) in OPERATIONS.iter().enumerate() {
        assert_eq!(
            operation(op.id).map(|(j, o)| (j, o.path)),
            Some((i, op.path))
        );
    }
    assert!(operation("nope").is_none());
}

#[test]
fn shapes_as_issue_2_says() {
    let body = [
        "createConnection",
        "createSource",
        "createDestination",
        "createJob",
        "createWorkspace",
        "createPermission",
        "createTag",
        "initiateOAuth",
    ];
    let none = ["getHealthCheck", "listOrganizationsForUser"];
    for op in OPERATIONS {
        let want = if body.contains(&op.id) {
            RequestShape::Body
        } else if none.contains(&op.id) {
            RequestShape::None
        } else {
            RequestShape::Object
        };
        assert_eq!(op.shape, want, "{}", op.id);
    }
    let mut args: Vec<&str> = OPERATIONS
        .iter()
        .filter(|o| o.shape == RequestShape::Object)
        .filter_map(|o| o.body.map(|b| b.arg))
        .collect();
    args.sort();
    args.dedup();
    let mut want = vec![
        "connectionPatchRequest",
        "sourcePatchRequest",
        "sourcePutRequest",
        "destinationPatchRequest",
        "destinationPutRequest",
        "workspaceUpdateRequest",
        "workspaceOAuthCredentialsRequest",
        "organizationOAuthCredentialsRequest",
        "permissionUpdateRequest",
        "tagPatchRequest",
        "createDefinitionRequest",
        "updateDefinitionRequest",
        "createDeclarativeSourceDefinitionRequest",
        "updateDeclarativeSourceDefinitionRequest",
    ];
    want.sort();
    assert_eq!(args, want);
}

#[test]
fn responses_auth_and_methods() {
    let op = |id| operation(id).unwrap().1;
    assert_eq!(op("getHealthCheck").response, ResponseKind::Empty);
    assert!(!op("getHealthCheck").auth);
    assert_eq!(OPERATIONS.iter().filter(|o| !o.auth).count(), 1);
    for id in [
        "initiateOAuth",
        "createOrUpdateWorkspaceOAuthCredentials",
        "createOrUpdateOrganizationOAuthCredentials",
    ] {
        assert_eq!(op(id).response, ResponseKind::OpenJson, "{id}");
    }
    assert_eq!(op("deleteConnection").response, ResponseKind::Empty);
    assert_eq!(op("deleteConnection").success_status, 204);
    assert_eq!(
        op("getConnection").response,
        ResponseKind::Json(schema_id("ConnectionResponse").unwrap())
    );
    assert_eq!(op("cancelJob").method, Method::Delete);
    assert_eq!(
        op("cancelJob").response,
        ResponseKind::Json(schema_id("JobResponse").unwrap())
    );
    let dws = op("deleteWorkspaceOAuthCredentials");
    let names: Vec<_> = dws.params.iter().map(|p| (p.name, p.location)).collect();
    assert_eq!(
        names,
        [
            ("workspaceId", ParamLoc::Path),
            ("actorType", ParamLoc::Path),
            ("name", ParamLoc::Path)
        ]
    );
    let lj: Vec<_> = op("listJobs").params.iter().map(|p| p.name).collect();
    assert_eq!(lj[..3], ["connectionId", "limit", "offset"]);
    // Path-item parameters merged in.
    assert_eq!(op("getJob").params.len(), 1);
    assert!(matches!(op("getJob").params[0].ty, Ty::Integer { .. }));
}

#[test]
fn schemas_sorted_and_special_cases() {
    assert_eq!(SCHEMAS.len(), 103);
    assert!(SCHEMAS.windows(2).all(|w| w[0].name < w[1].name));
    for (i, s) in SCHEMAS.iter().enumerate() {
        assert_eq!(schema_id(s.name), Some(i as u16));
        assert_eq!(schema(i as u16).unwrap().name, s.name);
        if let Kind::Object { props, .. } = s.kind {
            assert!(props.len() <= 64, "{}", s.name);
        }
    }
    assert!(schema(103).is_none());
    for n in [
        "SourceConfiguration",
        "DestinationConfiguration",
        "OAuthCredentialsConfiguration",
        "DeclarativeManifest",
    ] {
        assert!(
            matches!(
                schema(schema_id(n).unwrap()).unwrap().kind,
                Kind::Alias(Ty::AnyObject)
            ),
            "{n}"
        );
    }
    assert!(matches!(
        schema(schema_id("OAuthConfiguration").unwrap())
            .unwrap()
            .kind,
        Kind::Alias(Ty::Any)
    ));
    // The spec's stray required `workspaceId` is dropped.
    let Kind::Object { props, .. } =
        schema(schema_id("CreateDeclarativeSourceDefinitionRequest").unwrap())
            .unwrap()
            .kind
    else {
        panic!()
    };
    assert!(props.iter().all(|p| p.name != "workspaceId"));
    // `format: UUID` and `format: uuid` both count.
    let Kind::Object { props, .. } = schema(schema_id("ConnectionResponse").unwrap())
        .unwrap()
        .kind
    else {
        panic!()
    };
    let cid = props.iter().find(|p| p.name == "connectionId").unwrap();
    assert_eq!(cid.ty, Ty::String(airbyte_core::spec::StrFormat::Uuid));
    assert!(cid.required);
    let Kind::Object { additional, .. } = schema(schema_id("ScopedResourceRequirements").unwrap())
        .unwrap()
        .kind
    else {
        panic!()
    };
    assert!(!additional);
    let Kind::OneOf {
        discriminator,
        variants,
    } = schema(schema_id("RowFilteringOperation").unwrap())
        .unwrap()
        .kind
    else {
        panic!()
    };
    assert_eq!(variants.len(), 2);
    assert_eq!(discriminator.unwrap().property, "type");
}
