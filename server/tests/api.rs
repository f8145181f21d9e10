//! The foundation of the API, driven through the real router: health, meta, the app's
//! files with SPA fallback, security headers, problem bodies for every kind of bad request,
//! and the OpenAPI document.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{TestApp, LOADER};

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = TestApp::new().await;
    let reply = app.get("/api/v1/health").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["status"], "ok");
    assert_eq!(reply.header("cache-control"), "no-store");

    app.state.db.close().await;
    let reply = app.get("/api/v1/health").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.header("content-type"), "application/problem+json");
}

#[tokio::test]
async fn meta_describes_the_demo_hospital() {
    let app = TestApp::new().await;
    let reply = app.get("/api/v1/meta").await;
    assert_eq!(reply.status, StatusCode::OK);
    let meta = reply.json();
    assert_eq!(meta["hospital"]["name"]["zh"], "康途示范医院");
    assert_eq!(
        meta["hospital"]["name"]["en"],
        "Careway Demonstration Hospital"
    );
    assert_eq!(meta["hospital"]["phone"], "020-8888 6666");
    assert_eq!(meta["time_zone"], "Asia/Shanghai");
    assert_eq!(meta["languages"], serde_json::json!(["zh-CN", "en"]));
    assert_eq!(meta["demo"], true);
    assert_eq!(meta["kiosk_idle_seconds"], 90);
    assert!(meta["department_count"].as_u64().unwrap() >= 15);
}

#[tokio::test]
async fn a_configured_hospital_replaces_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hospital.toml"),
        r#"
[hospital]
name = { zh = "南山医院", en = "Nanshan Hospital" }
address = { zh = "南山路 1 号", en = "1 Nanshan Road" }
phone = "0755-1234 5678"

[[departments]]
id = "pediatrics"
name = { zh = "儿科", en = "Paediatrics" }
location = "f1"
"#,
    )
    .unwrap();
    let hospital_dir = dir.path().to_owned();
    let app = TestApp::with_config(|c| {
        c.hospital_dir = Some(hospital_dir);
        common::hospital_mode(c, "http://127.0.0.1:9/unused");
        c.kiosk_idle_seconds = 20;
    })
    .await;
    let meta = app.get("/api/v1/meta").await.json();
    assert_eq!(meta["hospital"]["name"]["en"], "Nanshan Hospital");
    assert_eq!(meta["demo"], false);
    assert_eq!(meta["department_count"], 1);
    assert_eq!(meta["kiosk_idle_seconds"], 20);
}

#[tokio::test]
async fn deep_links_answer_with_the_app() {
    let app = TestApp::new().await;
    for path in [
        "/",
        "/index.html",
        "/booking",
        "/reports/abc/trend",
        "/kiosk",
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(
            reply.header("content-type").starts_with("text/html"),
            "{path}"
        );
        // Drawn for this device's cookie and language: revalidated, never shared.
        assert_eq!(reply.header("cache-control"), "private, no-cache", "{path}");
        assert!(reply.text().contains(LOADER), "{path}");
    }
}

#[tokio::test]
async fn index_carries_the_hospital_phone_for_old_webviews() {
    let app = TestApp::new().await;
    let html = app.get("/").await.text();
    assert!(html.contains("tel:02088886666"), "{html}");
    assert!(html.contains(">020-8888 6666<"), "{html}");
    assert!(!html.contains("__HOSPITAL"), "{html}");
}

#[tokio::test]
async fn fingerprinted_files_are_immutable_and_missing_files_are_404() {
    let app = TestApp::new().await;
    let reply = app.get("/app-0123456789abcdef.js").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(reply.text(), "export default 1;");

    let reply = app.get("/manifest.webmanifest").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("cache-control"), "no-cache");

    let reply = app.get("/app-ffffffffffffffff.js").await;
    assert_eq!(
        reply.status,
        StatusCode::NOT_FOUND,
        "a stale asset is not the app"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    for path in [
        "/",
        "/api/v1/meta",
        "/api/v1/nope",
        "/app-0123456789abcdef.js",
    ] {
        let reply = app.get(path).await;
        let csp = reply.header("content-security-policy");
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap_or_else(|| panic!("{path}: no script-src in {csp:?}"));
        assert!(script_src.contains("'self'"), "{path}: {script_src}");
        assert!(
            script_src.contains("'wasm-unsafe-eval'"),
            "{path}: {script_src}"
        );
        assert!(
            !script_src.contains("'unsafe-inline'"),
            "{path}: {script_src}"
        );
        assert!(
            !script_src.contains("'unsafe-eval'"),
            "{path}: {script_src}"
        );
        // The hash of the page's inline loader, computed independently here.
        let expected = {
            use base64::Engine;
            use sha2::Digest;
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(LOADER))
            )
        };
        assert!(script_src.contains(&expected), "{path}: {script_src}");
        assert!(csp.contains("object-src 'none'"), "{path}");
        assert!(csp.contains("base-uri 'none'"), "{path}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(reply.header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(reply.header("x-frame-options"), "DENY", "{path}");
        assert!(!reply.header("x-request-id").is_empty(), "{path}");
        assert!(
            reply.header("strict-transport-security").is_empty(),
            "{path}: http only"
        );
    }
}

#[tokio::test]
async fn webviews_can_be_allowed_to_frame_the_app() {
    let app = TestApp::with_config(|c| {
        c.frame_ancestors = "'self' https://servicewechat.com".into();
        c.public_url = Some("https://care.example.org".into());
    })
    .await;
    let reply = app.get("/").await;
    assert!(reply
        .header("content-security-policy")
        .contains("frame-ancestors 'self' https://servicewechat.com"));
    assert_eq!(reply.header("x-frame-options"), "", "CSP decides framing");
    assert!(reply
        .header("strict-transport-security")
        .contains("max-age="));
}

#[tokio::test]
async fn bad_json_is_a_400_problem_in_the_requests_language() {
    let app = TestApp::new().await;
    let reply = app
        .post_raw("/api/v1/client-errors", "application/json", "{bad")
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.header("content-type"), "application/problem+json");
    let problem = reply.json();
    assert_eq!(problem["type"], "urn:careway:problem:malformed-request");
    assert_eq!(problem["status"], 400);
    assert_eq!(problem["title"], "请求格式有误");
    assert_eq!(problem["request_id"], reply.header("x-request-id"));

    let reply = app
        .send(
            Request::post("/api/v1/client-errors")
                .header("content-type", "application/json")
                .header("accept-language", "en-GB,en;q=0.9")
                .body(Body::from("{bad"))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.json()["title"], "The request could not be read");
    assert_eq!(reply.header("content-language"), "en");
}

#[tokio::test]
async fn wrong_fields_are_a_422_naming_each_field() {
    let app = TestApp::new().await;
    let reply = app
        .post_raw(
            "/api/v1/client-errors",
            "application/json",
            r#"{"route":"/booking"}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = reply.json();
    assert_eq!(problem["type"], "urn:careway:problem:validation");
    assert_eq!(problem["errors"][0]["field"], "message");
    assert_eq!(problem["errors"][0]["code"], "required");
    assert_eq!(problem["errors"][0]["message"], "此项为必填项");

    let reply = app
        .post_raw(
            "/api/v1/client-errors",
            "application/json",
            r#"{"message":"x","route":42}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["field"], "route");
    assert_eq!(reply.json()["errors"][0]["code"], "wrong_type");

    let reply = app
        .post_raw(
            "/api/v1/client-errors",
            "application/json",
            serde_json::json!({"message": " ", "route": "/x?phone=13800000000"}).to_string(),
        )
        .await;
    let fields: Vec<_> = reply.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        vec![
            ("message".to_owned(), "required".to_owned()),
            ("route".to_owned(), "format".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_good_report_is_accepted_and_reaches_the_log() {
    let app = TestApp::new().await;
    let reply = app
        .post_raw(
            "/api/v1/client-errors",
            "application/json",
            r#"{"message":"meta failed: network (report 7f3a)","route":"/booking","request_id":"abc-123"}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    let request_id = reply.header("x-request-id");
    assert!(!request_id.is_empty());
    assert!(
        common::logs_contain(&[
            "the app reported a failure",
            "meta failed: network (report 7f3a)",
            "route=/booking",
            "failed_request_id=\"abc-123\"",
            request_id,
        ]),
        "the report is in the server's log, under the report's own request id"
    );

    // A refused report is not logged as a failure of the app.
    let reply = app
        .post_raw(
            "/api/v1/client-errors",
            "application/json",
            r#"{"message":"spoof (report 9c1d)","route":"no-slash"}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!common::logs_contain(&["spoof (report 9c1d)"]));
}

#[tokio::test]
async fn wrong_media_type_and_oversized_bodies_are_problems() {
    let app = TestApp::new().await;
    let reply = app
        .post_raw("/api/v1/client-errors", "text/plain", "{}")
        .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        reply.json()["type"],
        "urn:careway:problem:unsupported-media-type"
    );

    let big = format!(r#"{{"message":"{}","route":"/"}}"#, "x".repeat(200 * 1024));
    let reply = app
        .post_raw("/api/v1/client-errors", "application/json", big)
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        reply.json()["type"],
        "urn:careway:problem:payload-too-large"
    );
}

#[tokio::test]
async fn unknown_api_routes_and_methods_are_problems_not_the_app() {
    let app = TestApp::new().await;
    for path in ["/api/v1/nope", "/api/v2/meta", "/api", "/api/"] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            reply.header("content-type"),
            "application/problem+json",
            "{path}"
        );
        assert_eq!(
            reply.json()["type"],
            "urn:careway:problem:not-found",
            "{path}"
        );
    }
    let reply = app.call(Method::DELETE, "/api/v1/meta", None, None).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        reply.json()["type"],
        "urn:careway:problem:method-not-allowed"
    );
    assert!(reply.header("allow").contains("GET"));
}

#[tokio::test]
async fn the_openapi_document_lists_the_routes_and_the_problem_schema() {
    let app = TestApp::new().await;
    let reply = app.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/health",
        "/api/v1/meta",
        "/api/v1/client-errors",
        "/api/v1/slots/{id}",
        "/api/v1/appointments/{id}/send-to-phone",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let schemas = &doc["components"]["schemas"];
    for schema in [
        "Problem",
        "Meta",
        "SlotDetail",
        "ClinicSession",
        "Arrival",
        "RescheduledTo",
        "SentToPhone",
    ] {
        assert!(schemas[schema].is_object(), "{schema} missing");
    }
    assert!(
        schemas["Problem"]["properties"]["appointment_id"].is_object(),
        "the extension member is documented"
    );
    assert!(schemas["Appointment"]["properties"]["rescheduled_to"].is_object());
}

#[tokio::test]
async fn the_openapi_document_says_what_the_server_refuses() {
    let app = TestApp::new().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let mut body_ops = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let responses = &op["responses"];
            // Every JSON body can be refused before its handler runs, in four ways.
            if op["requestBody"].is_object() {
                body_ops += 1;
                for status in ["400", "413", "415", "422"] {
                    assert!(
                        responses[status]["content"]["application/problem+json"].is_object(),
                        "{method} {path} does not document {status}"
                    );
                }
            }
        }
    }
    assert!(body_ops >= 10, "{body_ops} operations with a body");
    for (path, method) in [
        ("/api/v1/me", "get"),
        ("/api/v1/patients", "post"),
        ("/api/v1/appointments/{id}/qr.svg", "get"),
    ] {
        assert!(
            doc["paths"][path][method]["responses"]["401"].is_object(),
            "{method} {path} needs a session"
        );
    }
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["TriageRequest"]["properties"]["age"]["maximum"],
        255
    );
    let triage = &doc["paths"]["/api/v1/triage"]["post"]["requestBody"]["content"]
        ["application/json"]["schema"];
    assert_eq!(triage["$ref"], "#/components/schemas/TriageBody");
    let either = &schemas["TriageBody"]["allOf"][1]["anyOf"];
    assert_eq!(either[0]["required"], serde_json::json!(["text"]));
    assert_eq!(either[1]["required"], serde_json::json!(["symptom_ids"]));
    assert_eq!(
        doc["paths"]["/api/v1/appointments"]["get"]["parameters"][0]["schema"]["enum"],
        serde_json::json!(["upcoming", "past"])
    );
    assert_eq!(
        schemas["CodeRequest"]["properties"]["phone"]["pattern"]
            .as_str()
            .map(|p| p.starts_with('^')),
        Some(true)
    );
}

/// Answers with the route a request matched, so a test can tell "no such route" from a
/// handler's own 404.
async fn matched_path(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let matched = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let mut response = next.run(request).await;
    if let Some(path) = matched {
        response
            .headers_mut()
            .insert("x-test-matched-path", path.parse().unwrap());
    }
    response
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_the_router_serves() {
    let app = TestApp::new().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let documented: std::collections::BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |method| (path.clone(), method.to_ascii_uppercase()))
        })
        .collect();

    // The router's own list of paths (its Debug output names every route it holds).
    let listing = format!("{:?}", app.router);
    let mut paths: std::collections::BTreeSet<String> = listing
        .split('"')
        .filter(|s| s.starts_with("/api/"))
        .map(str::to_owned)
        .collect();
    assert!(
        paths.remove(&format!(
            "{}{}",
            careway_core::api::BASE_PATH,
            careway_server::http::OPENAPI_PATH
        )),
        "the document itself is served: {paths:?}"
    );
    let documented_paths: std::collections::BTreeSet<String> =
        documented.iter().map(|(p, _)| p.clone()).collect();
    assert!(
        documented_paths.len() >= 20,
        "every resource is documented: {documented_paths:?}"
    );
    assert_eq!(paths, documented_paths, "paths served vs documented");

    // Every method each path answers (anything but 405 on a matched route) is documented,
    // and every documented operation is answered. Requests carry no session and no body,
    // so none changes anything.
    let probe = app
        .router
        .clone()
        .route_layer(axum::middleware::from_fn(matched_path));
    let mut served = std::collections::BTreeSet::new();
    for path in &paths {
        let uri = path.replace("{id}", "probe");
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
        ] {
            let request = Request::builder()
                .method(method.clone())
                .uri(&uri)
                .header(careway_core::api::CSRF_HEADER, "1")
                .body(Body::empty())
                .unwrap();
            let response = tower::ServiceExt::oneshot(probe.clone(), request)
                .await
                .unwrap();
            let matched = response
                .headers()
                .get("x-test-matched-path")
                .map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(matched.as_deref(), Some(path.as_str()), "{method} {uri}");
            if response.status() != StatusCode::METHOD_NOT_ALLOWED {
                served.insert((path.clone(), method.to_string()));
            }
        }
    }
    assert_eq!(served, documented, "operations served vs documented");
}

#[tokio::test]
async fn a_server_without_a_built_app_says_so() {
    let app = TestApp::with_config(|c| c.dist_dir = c.data_dir.join("nowhere")).await;
    let reply = app.get("/booking").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.text().contains("cargo xtask run"));
    assert_eq!(app.get("/api/v1/health").await.status, StatusCode::OK);
}

#[tokio::test]
async fn on_a_real_port_json_is_compressed_and_static_files_are_precompressed() {
    let app = TestApp::new().await;
    careway_server::http::spa::precompress(&app.state.config.dist_dir);
    assert!(app.state.config.dist_dir.join("index.html.br").exists());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await });

    let head = raw_get(addr, "/api/v1/openapi.json", "br").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("content-encoding: br"),
        "{head}"
    );

    let head = raw_get(addr, "/app-0123456789abcdef.js", "br, gzip").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("content-encoding: br"),
        "{head}"
    );
}

/// A bare HTTP/1.1 GET over TCP, returning the status line and headers.
async fn raw_get(addr: std::net::SocketAddr, path: &str, encoding: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept-Encoding: {encoding}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(response.len());
    String::from_utf8_lossy(&response[..end]).into_owned()
}
