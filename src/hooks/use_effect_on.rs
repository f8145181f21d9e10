//! [`use_effect_on`]: yew's `use_effect_with` (run after render when the dependencies
//! changed, tear down before the next run and on unmount) with its machinery in the bundle
//! once.
//!
//! yew's hook is generic over the dependencies, the effect and its teardown, so each call
//! adds its own copy of the hook's state, comparison and bookkeeping to the WebAssembly.
//! Here the dependencies pass through as `dyn Any`, compared with their own type's `==`,
//! and the effect as a boxed closure: only a thin typed layer is repeated per call.

use std::any::Any;

use yew::functional::TearDown;
use yew::prelude::*;

/// Dependencies of any type, compared with their own type's `==`.
struct AnyDeps {
    value: Box<dyn Any>,
    same: fn(&dyn Any, &dyn Any) -> bool,
}

impl PartialEq for AnyDeps {
    fn eq(&self, other: &Self) -> bool {
        (self.same)(&*self.value, &*other.value)
    }
}

/// `a == b` for two values of type `D`.
fn same<D: PartialEq + 'static>(a: &dyn Any, b: &dyn Any) -> bool {
    matches!((a.downcast_ref::<D>(), b.downcast_ref::<D>()), (Some(a), Some(b)) if a == b)
}

/// An effect with the types taken out: runs on the dependencies, returns its teardown.
type AnyEffect = Box<dyn FnOnce(&dyn Any) -> Box<dyn FnOnce()>>;

/// Runs `effect` after the render whenever `deps` differ from the last run's (and after the
/// first render); what it returns is run before the next run and when the component
/// unmounts. The same contract as yew's `use_effect_with`, which it wraps.
pub fn use_effect_on<D, F, T>(deps: D, effect: F) -> impl Hook<Output = ()>
where
    D: PartialEq + 'static,
    F: FnOnce(&D) -> T + 'static,
    T: TearDown,
{
    let effect: AnyEffect = Box::new(move |deps: &dyn Any| -> Box<dyn FnOnce()> {
        match deps.downcast_ref::<D>() {
            Some(deps) => {
                let teardown = effect(deps);
                Box::new(move || teardown.tear_down())
            }
            // Never: the dependencies are the effect's own.
            None => Box::new(|| ()),
        }
    });
    let deps = AnyDeps {
        value: Box::new(deps),
        same: same::<D>,
    };
    use_any_effect(deps, effect)
}

/// [`use_effect_on`] without the types.
#[hook]
fn use_any_effect(deps: AnyDeps, effect: AnyEffect) {
    use_effect_with(deps, move |deps| effect(&*deps.value));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `.rs` files under `dir` that call yew's `use_effect_with` themselves.
    #[cfg(not(target_arch = "wasm32"))]
    fn callers_of_yews_hook(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                callers_of_yews_hook(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("hooks/use_effect_on.rs")
                && std::fs::read_to_string(&path)
                    .unwrap()
                    .contains("use_effect_with(")
            {
                out.push(path.display().to_string());
            }
        }
    }

    /// Each direct call would bring yew's effect machinery into the download once more
    /// (twenty of them weighed 5 KB brotli): effects go through [`use_effect_on`].
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_app_runs_its_effects_through_this_hook_only() {
        let mut callers = Vec::new();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        callers_of_yews_hook(&src, &mut callers);
        assert_eq!(callers, Vec::<String>::new(), "use `use_effect_on` there");
    }

    #[test]
    fn dependencies_compare_by_their_own_equality() {
        let deps = |value: (bool, &'static str)| AnyDeps {
            value: Box::new(value),
            same: same::<(bool, &'static str)>,
        };
        assert!(deps((true, "a")) == deps((true, "a")));
        assert!(deps((true, "a")) != deps((false, "a")));
        let other = AnyDeps {
            value: Box::new(1_u32),
            same: same::<u32>,
        };
        assert!(deps((true, "a")) != other, "another type is never equal");
    }
}
