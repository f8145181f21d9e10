//! Prints a route's instructions on the demo venue, for checking the words by eye.
//!
//! `cargo run -p careway-core --example route_show -- kiosk-main-entrance dept-neurology [step-free]`

use careway_core::navigation::{demo_venue, Mode, Planner};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let venue = demo_venue();
    if let Err(errors) = venue.validate() {
        for e in errors {
            println!("invalid: {e}");
        }
    }
    let planner = Planner::new(&venue);
    let from = venue
        .anchor(&args[0])
        .map_or(args[0].clone(), |a| a.node.clone());
    let mode = if args.get(2).is_some_and(|a| a == "step-free") {
        Mode::WHEELCHAIR
    } else {
        Mode::WALKING
    };
    match planner.plan(&from, &args[1], mode) {
        Ok(route) => {
            println!("{:.1} m, {:.0} s", route.distance_m, route.seconds);
            for s in &route.steps {
                println!("[{}] {} | {}", s.level, s.text.zh, s.text.en);
            }
        }
        Err(e) => println!("{e:?}"),
    }
}
