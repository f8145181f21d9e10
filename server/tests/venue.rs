//! The hospital's building for navigation: published at a fingerprinted address the meta
//! data names, cached for good, compressed, and the same venue the planner validates; a
//! hospital without a venue file has no map.

mod common;

use careway_core::api::Meta;
use careway_core::navigation::Venue;
use common::{hospital_mode, TestApp};

#[tokio::test]
async fn the_demo_building_is_published_where_the_meta_data_says() {
    let app = TestApp::new().await;
    let meta: Meta = app.get_as("/api/v1/meta", None).await;
    let path = meta.venue.expect("the demo hospital has a building");
    assert!(
        path.starts_with("/venue-") && path.ends_with(".json"),
        "{path}"
    );
    let reply = app.get(&path).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), "application/json");
    assert_eq!(
        reply.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let venue: Venue = reply.parse();
    assert!(venue.validate().is_ok());
    assert!(venue.places.len() >= 150 && venue.nodes.len() >= 1000);
    // Every department the booking pages point at is a place of the building.
    for department in &app.state.content.departments {
        assert!(
            venue.places.iter().any(|p| p.id == department.location),
            "{} points at {}, which the building does not have",
            department.id,
            department.location
        );
    }
    // Another fingerprint is not the venue.
    assert_eq!(app.get("/venue-0000000000000000.json").await.status, 404);
}

/// A hospital folder with the demo hospital's files and, when given, a venue file.
fn hospital_dir(venue: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/demo");
    for file in ["hospital.toml", "doctors.toml"] {
        std::fs::copy(demo.join(file), dir.path().join(file)).unwrap();
    }
    if let Some(venue) = venue {
        std::fs::write(dir.path().join("venue.json"), venue).unwrap();
    }
    dir
}

#[tokio::test]
async fn a_hospital_without_a_venue_file_has_no_map() {
    let dir = hospital_dir(None);
    let path = dir.path().to_owned();
    let app = TestApp::with_config(|c| {
        hospital_mode(c, "http://127.0.0.1:9/sms");
        c.hospital_dir = Some(path);
    })
    .await;
    let meta: Meta = app.get_as("/api/v1/meta", None).await;
    assert_eq!(meta.venue, None);
}

#[tokio::test]
async fn a_hospitals_venue_file_is_checked_at_start() {
    let mut venue = careway_core::navigation::demo_venue();
    venue.places[0].door = "n-nowhere".into();
    let dir = hospital_dir(Some(&serde_json::to_string(&venue).unwrap()));
    let mut config = careway_server::config::Config::for_data_dir(dir.path().join("data"));
    config.hospital_dir = Some(dir.path().to_owned());
    let clock = careway_server::clock::ManualClock::new("2026-11-23T01:00:00Z".parse().unwrap());
    let Err(err) = careway_server::AppState::open(config, std::sync::Arc::new(clock)).await else {
        panic!("a broken venue stops the server");
    };
    let err = format!("{err:#}");
    assert!(err.contains("venue.json"), "{err}");
    assert!(err.contains("n-nowhere"), "{err}");
}
