//! The hospital's venue: one JSON document at the address the meta data names
//! (`/venue-<hash>.json`), loaded once; routes are then planned in the app.
//!
//! The venue is the largest document the app reads (the demo hospital's: 2 600 objects,
//! 165 KB). Read in one go it was the longest task of the navigation page: 35–65 ms on a
//! fast machine the first time, several times that on a cheap phone, with the page frozen
//! meanwhile. So its long lists are read a slice at a time, with a pause between slices in
//! which the browser can answer a tap or paint.

use careway_core::locale::Lang;
use careway_core::navigation::Venue;
use js_sys::{Array, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use super::{json, ApiError, Method};

/// Objects read between two pauses: a few milliseconds of work on a fast machine the
/// first time (when the browser has not optimised the reading yet).
const SLICE: u32 = 128;

/// The venue published at `url`.
pub async fn get(url: &str, lang: Lang, signal: Option<&AbortSignal>) -> Result<Venue, ApiError> {
    let (status, content_type, text) =
        super::send(Method::GET, url, None, None, lang, signal).await?;
    if !(200..300).contains(&status) {
        return Err(super::refusal(status, &content_type, &text));
    }
    let document = js_sys::JSON::parse(&text).map_err(|_| ApiError::Decode)?;
    drop(text);
    let member = |name: &str| Reflect::get(&document, &JsValue::from_str(name));
    let read =
        |name: &str| -> Result<JsValue, ApiError> { member(name).map_err(|_| ApiError::Decode) };
    Ok(Venue {
        id: whole(read("id")?)?,
        name: whole(read("name")?)?,
        levels: whole(read("levels")?)?,
        places: in_slices(read("places")?).await?,
        nodes: in_slices(read("nodes")?).await?,
        edges: in_slices(read("edges")?).await?,
        anchors: whole(read("anchors")?)?,
    })
}

/// `value` read at once.
fn whole<T: DeserializeOwned>(value: JsValue) -> Result<T, ApiError> {
    json::from_value(value).map_err(|_| ApiError::Decode)
}

/// The list `value`, read [`SLICE`] items at a time with a pause (a new task) between.
async fn in_slices<T: DeserializeOwned>(value: JsValue) -> Result<Vec<T>, ApiError> {
    let list: Array = value.dyn_into().map_err(|_| ApiError::Decode)?;
    let mut items = Vec::with_capacity(list.length() as usize);
    for index in 0..list.length() {
        if index > 0 && index % SLICE == 0 {
            gloo::timers::future::TimeoutFuture::new(0).await;
        }
        items.push(whole(list.get(index))?);
    }
    Ok(items)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use careway_core::navigation::Venue;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Read in slices, a venue longer than a slice comes out as a reading at once makes it;
    /// a list that is not one is refused, as the whole reading refuses it.
    #[wasm_bindgen_test]
    async fn a_venue_read_in_slices_is_the_venue() {
        let nodes: Vec<String> = (0..(SLICE * 2 + 7))
            .map(|i| format!(r#"{{"id":"n{i}","level":"1F","x":{i}.5,"y":2}}"#))
            .collect();
        let text = format!(
            r#"{{"id":"v","name":{{"zh":"楼","en":"Building"}},"levels":[],"places":[],
                "nodes":[{}],"edges":[],"anchors":[]}}"#,
            nodes.join(",")
        );
        let expected: Venue = serde_json::from_str(&text).unwrap();
        let document = js_sys::JSON::parse(&text).unwrap();
        let read = Reflect::get(&document, &JsValue::from_str("nodes")).unwrap();
        let read: Vec<careway_core::navigation::Node> = in_slices(read).await.unwrap();
        assert_eq!(read, expected.nodes);
        assert_eq!(read.len(), (SLICE * 2 + 7) as usize);
        let not_a_list = JsValue::from_str("nodes");
        assert!(matches!(
            in_slices::<careway_core::navigation::Node>(not_a_list).await,
            Err(ApiError::Decode)
        ));
        let bad_item =
            js_sys::JSON::parse(r#"[{"id":"a","level":"1F","x":1,"y":2},{"id":3}]"#).unwrap();
        assert!(in_slices::<careway_core::navigation::Node>(bad_item)
            .await
            .is_err());
    }
}
