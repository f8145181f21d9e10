//! The indoor venue model, its validation, the demo building and the route planner,
//! tested natively: optimality against a separately written brute-force Dijkstra, the
//! step-free and one-way rules, every validation error's text, and exact instructions.

mod navigation {
    use careway_core::api::LocalText;
    use careway_core::navigation::{
        demo_venue, Anchor, Edge, EdgeKind, Level, Mode, Node, Place, PlaceKind, Planner,
        RouteError, Search, Venue,
    };

    /// xorshift64*: deterministic, dependency-free.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() >> 33) as usize % n
        }
        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn t(s: &str) -> LocalText {
        LocalText {
            zh: s.to_owned(),
            en: s.to_owned(),
        }
    }

    /// Brute force: O(n²) Dijkstra straight off the venue's edge list, sharing no code
    /// with the planner.
    fn brute(venue: &Venue, from: &str, to_place: &str, step_free: bool) -> Option<f64> {
        let idx = |id: &str| venue.nodes.iter().position(|n| n.id == id);
        let ord = |n: &Node| {
            venue
                .levels
                .iter()
                .find(|l| l.id == n.level)
                .unwrap()
                .ordinal
        };
        let s = idx(from)?;
        let door = &venue.places.iter().find(|p| p.id == to_place)?.door;
        let goal = idx(door)?;
        let n = venue.nodes.len();
        let mut arcs = vec![Vec::new(); n];
        for e in &venue.edges {
            if e.staff_only || e.closed {
                continue;
            }
            if step_free && matches!(e.kind, EdgeKind::Stairs | EdgeKind::Escalator) {
                continue;
            }
            let (a, b) = (idx(&e.from).unwrap(), idx(&e.to).unwrap());
            let (na, nb) = (&venue.nodes[a], &venue.nodes[b]);
            let len = e.length.unwrap_or(
                ((na.x - nb.x).powi(2) + (na.y - nb.y).powi(2)).sqrt()
                    + 4.5 * f64::from((ord(na) - ord(nb)).abs()),
            );
            arcs[a].push((b, len));
            if e.kind != EdgeKind::Escalator {
                arcs[b].push((a, len));
            }
        }
        let mut dist = vec![f64::INFINITY; n];
        let mut done = vec![false; n];
        dist[s] = 0.0;
        loop {
            let u = (0..n)
                .filter(|&i| !done[i] && dist[i].is_finite())
                .min_by(|&a, &b| dist[a].total_cmp(&dist[b]))?;
            if u == goal {
                return Some(dist[u]);
            }
            done[u] = true;
            for &(v, len) in &arcs[u] {
                dist[v] = dist[v].min(dist[u] + len);
            }
        }
    }

    fn close(a: Option<f64>, b: Option<f64>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-6,
            (None, None) => true,
            _ => false,
        }
    }

    #[test]
    fn demo_venue_validates_and_is_big_enough() {
        let v = demo_venue();
        assert_eq!(v.validate(), Ok(()));
        assert!(v.places.len() >= 150, "{} places", v.places.len());
        assert!(v.nodes.len() >= 1000, "{} nodes", v.nodes.len());
        let count = |k| {
            v.places
                .iter()
                .filter(|p| p.kind == k && p.level == "1F")
                .count()
        };
        assert!(count(PlaceKind::Elevator) >= 3);
        assert!(count(PlaceKind::Stairs) >= 2);
        assert_eq!(count(PlaceKind::Escalator), 2);
        for id in [
            "dept-neurology",
            "dept-pediatrics",
            "dept-ent",
            "room-3-12",
            "blood-draw",
        ] {
            assert!(v.places.iter().any(|p| p.id == id), "{id}");
        }
        assert!(v.anchor("kiosk-main-entrance").is_some());
        for l in ["b1", "1f", "2f", "3f", "4f"] {
            assert!(v.anchor(&format!("qr-{l}-east")).is_some());
        }
        assert_eq!(demo_venue(), v, "deterministic");
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<Venue>(&json).unwrap(), v);
    }

    #[test]
    fn demo_routes_are_optimal_in_both_modes_and_searches() {
        let v = demo_venue();
        let planner = Planner::new(&v);
        let mut rng = Rng(7);
        for i in 0..300 {
            let from = &v.nodes[rng.below(v.nodes.len())].id;
            let to = &v.places[rng.below(v.places.len())].id;
            let step_free = i % 2 == 1;
            let mode = Mode {
                step_free,
                pace: 1.0,
            };
            let want = brute(&v, from, to, step_free);
            for search in [Search::AStar, Search::Dijkstra] {
                let got = planner.distance(from, to, mode, search);
                assert!(
                    close(got, want),
                    "{from} → {to} {search:?}: {got:?} vs {want:?}"
                );
            }
            if let Ok(route) = planner.plan(from, to, mode) {
                assert!(close(Some(route.distance_m), want));
                assert!((route.seconds - route.distance_m).abs() < 1e-9);
            }
        }
    }

    /// Multi-level grids with random gaps, lengths (some shorter than the geometry, to
    /// test the heuristic's bound), elevators, stairs, one-way escalators, staff-only and
    /// closed edges.
    fn random_venue(rng: &mut Rng) -> Venue {
        let levels = 2 + rng.below(3);
        let (w, h) = (3 + rng.below(4), 3 + rng.below(4));
        let mut v = Venue {
            id: "r".into(),
            name: t("r"),
            levels: Vec::new(),
            places: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
            anchors: Vec::new(),
        };
        let id = |l: usize, x: usize, y: usize| format!("n{l}-{x}-{y}");
        let edge = |v: &mut Venue, rng: &mut Rng, from: String, to: String, kind| {
            let length = match rng.below(4) {
                0 => None,
                1 => Some(rng.unit() * 3.0),
                _ => Some(1.0 + rng.unit() * 20.0),
            };
            let n = v.edges.len();
            v.edges.push(Edge {
                id: format!("e{n}"),
                from,
                to,
                length,
                kind,
                staff_only: rng.below(15) == 0,
                closed: rng.below(15) == 0,
            });
        };
        for l in 0..levels {
            v.levels.push(Level {
                id: format!("L{l}"),
                ordinal: l as i32 - 1,
                name: t("l"),
                outline: Vec::new(),
            });
            for x in 0..w {
                for y in 0..h {
                    let jitter = rng.unit();
                    v.nodes.push(Node {
                        id: id(l, x, y),
                        level: format!("L{l}"),
                        x: x as f64 * 5.0 + jitter,
                        y: y as f64 * 4.0,
                    });
                    v.places.push(Place {
                        id: format!("p{l}-{x}-{y}"),
                        level: format!("L{l}"),
                        kind: PlaceKind::Clinic,
                        name: t("p"),
                        polygon: Vec::new(),
                        door: id(l, x, y),
                    });
                    if x > 0 && rng.below(6) != 0 {
                        let kind = if rng.below(5) == 0 {
                            EdgeKind::Door
                        } else {
                            EdgeKind::Walk
                        };
                        edge(&mut v, rng, id(l, x - 1, y), id(l, x, y), kind);
                    }
                    if y > 0 && rng.below(6) != 0 {
                        edge(&mut v, rng, id(l, x, y - 1), id(l, x, y), EdgeKind::Ramp);
                    }
                }
            }
        }
        for _ in 0..(levels * 3) {
            let l = rng.below(levels - 1);
            let (a, b) = if rng.below(2) == 0 {
                (l, l + 1)
            } else {
                (l + 1, l)
            };
            let kind = [EdgeKind::Elevator, EdgeKind::Stairs, EdgeKind::Escalator][rng.below(3)];
            let from = id(a, rng.below(w), rng.below(h));
            let to = id(b, rng.below(w), rng.below(h));
            edge(&mut v, rng, from, to, kind);
        }
        v
    }

    #[test]
    fn random_multilevel_graphs_match_brute_force() {
        let mut rng = Rng(0xC0FFEE);
        let mut compared = 0;
        for _ in 0..40 {
            let v = random_venue(&mut rng);
            let planner = Planner::new(&v);
            for _ in 0..20 {
                let from = v.nodes[rng.below(v.nodes.len())].id.clone();
                let to = v.places[rng.below(v.places.len())].id.clone();
                for step_free in [false, true] {
                    let mode = Mode {
                        step_free,
                        pace: 1.0,
                    };
                    let want = brute(&v, &from, &to, step_free);
                    for search in [Search::AStar, Search::Dijkstra] {
                        let got = planner.distance(&from, &to, mode, search);
                        assert!(
                            close(got, want),
                            "{from}→{to} {mode:?} {search:?}: {got:?} vs {want:?}"
                        );
                    }
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, 1600);
    }

    #[test]
    fn step_free_routes_take_no_stairs_or_escalators() {
        let v = demo_venue();
        let planner = Planner::new(&v);
        let kind = |id: &str| v.edges.iter().find(|e| e.id == id).unwrap().kind;
        let mut rng = Rng(99);
        let mut changed_level = 0;
        for _ in 0..200 {
            let from = &v.nodes[rng.below(v.nodes.len())].id;
            let to = &v.places[rng.below(v.places.len())].id;
            let route = planner.plan(from, to, Mode::WHEELCHAIR).unwrap();
            assert!(
                route.edges.iter().all(|e| kind(e).is_step_free()),
                "{from} → {to}"
            );
            changed_level += usize::from(route.segments.len() > 1);
        }
        assert!(changed_level > 100);
    }

    /// Two floors, entrance and a lobby below; up top, a room reached by stairs only and
    /// a hall reached by an up escalator or a long ramp.
    fn small_venue() -> Venue {
        let node = |id: &str, level: &str, x: f64, y: f64| Node {
            id: id.into(),
            level: level.into(),
            x,
            y,
        };
        let edge = |id: &str, from: &str, to: &str, kind| Edge {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            length: None,
            kind,
            staff_only: false,
            closed: false,
        };
        let place = |id: &str, level: &str, kind, door: &str| Place {
            id: id.into(),
            level: level.into(),
            kind,
            name: t(id),
            polygon: Vec::new(),
            door: door.into(),
        };
        let level = |id: &str, ordinal| Level {
            id: id.into(),
            ordinal,
            name: t(id),
            outline: Vec::new(),
        };
        Venue {
            id: "small".into(),
            name: t("small"),
            levels: vec![level("G", 0), level("U", 1)],
            places: vec![
                place("entrance", "G", PlaceKind::Entrance, "g0"),
                place("loft", "U", PlaceKind::Clinic, "u1"),
                place("hall", "U", PlaceKind::Clinic, "u2"),
            ],
            nodes: vec![
                node("g0", "G", 0.0, 0.0),
                node("g1", "G", 10.0, 0.0),
                node("g2", "G", 20.0, 0.0),
                node("u1", "U", 10.0, 0.0),
                node("u2", "U", 20.0, 0.0),
                node("u3", "U", 60.0, 0.0),
                node("g3", "G", 60.0, 0.0),
            ],
            edges: vec![
                edge("walk-1", "g0", "g1", EdgeKind::Walk),
                edge("walk-2", "g1", "g2", EdgeKind::Walk),
                edge("stairs", "g1", "u1", EdgeKind::Stairs),
                edge("escalator-up", "g2", "u2", EdgeKind::Escalator),
                edge("walk-3", "g2", "g3", EdgeKind::Walk),
                edge("ramp", "g3", "u3", EdgeKind::Ramp),
                edge("walk-4", "u3", "u2", EdgeKind::Walk),
            ],
            anchors: vec![Anchor {
                id: "qr".into(),
                node: "g0".into(),
                name: t("qr"),
            }],
        }
    }

    #[test]
    fn stairs_only_place_offers_the_stepped_route_in_step_free_mode() {
        let v = small_venue();
        assert_eq!(v.validate(), Ok(()));
        let planner = Planner::new(&v);
        let err = planner.plan("g0", "loft", Mode::WHEELCHAIR).unwrap_err();
        let RouteError::Unreachable {
            reason,
            alternative,
        } = err
        else {
            panic!("{err:?}")
        };
        assert_eq!(
            reason.en,
            "In step-free mode: only stairs or escalators lead there"
        );
        assert_eq!(reason.zh, "无障碍模式下，只有楼梯或扶梯能到达那里");
        let alt = alternative.expect("the stairs route");
        assert_eq!(alt.edges, ["walk-1", "stairs"]);
        assert!((alt.distance_m - 14.5).abs() < 1e-9);
        assert_eq!(alt.steps[1].text.en, "Take the stairs up to U.");
        // Stepped mode simply takes the stairs.
        assert_eq!(
            planner.plan("g0", "loft", Mode::WALKING).unwrap().edges,
            ["walk-1", "stairs"]
        );
    }

    #[test]
    fn escalators_run_one_way_and_step_free_avoids_them() {
        let v = small_venue();
        let planner = Planner::new(&v);
        let up = planner.plan("g0", "hall", Mode::WALKING).unwrap();
        assert_eq!(up.edges, ["walk-1", "walk-2", "escalator-up"]);
        let free = planner.plan("g0", "hall", Mode::WHEELCHAIR).unwrap();
        assert_eq!(free.edges, ["walk-1", "walk-2", "walk-3", "ramp", "walk-4"]);
        // Coming down, the up escalator is never taken backwards: the ramp or the stairs.
        let mut down = v.clone();
        down.places.push(Place {
            id: "lobby".into(),
            level: "G".into(),
            kind: PlaceKind::Other,
            name: t("lobby"),
            polygon: Vec::new(),
            door: "g2".into(),
        });
        let planner = Planner::new(&down);
        let route = planner.plan("u2", "lobby", Mode::WALKING).unwrap();
        assert!(
            !route.edges.contains(&"escalator-up".to_owned()),
            "{:?}",
            route.edges
        );
        assert!(
            (route.distance_m - 84.5).abs() < 1e-9,
            "{}",
            route.distance_m
        );
        assert!(!planner
            .plan("u2", "lobby", Mode::WHEELCHAIR)
            .unwrap()
            .edges
            .contains(&"escalator-up".to_owned()));
    }

    #[test]
    fn closed_and_staff_only_edges_are_never_used_and_unknown_ids_are_named() {
        let mut v = small_venue();
        v.edges[5].closed = true; // the ramp
        let planner = Planner::new(&v);
        let err = planner.plan("g0", "hall", Mode::WHEELCHAIR).unwrap_err();
        assert!(
            matches!(&err, RouteError::Unreachable { alternative: Some(r), .. } if r.edges.contains(&"escalator-up".to_owned())),
            "{err:?}"
        );
        v.edges[2].staff_only = true; // the stairs
        let planner = Planner::new(&v);
        let RouteError::Unreachable {
            reason,
            alternative,
        } = planner.plan("g0", "loft", Mode::WALKING).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(reason.en, "No open public way leads there");
        assert_eq!(alternative, None);
        assert_eq!(
            planner.plan("nowhere", "loft", Mode::WALKING).unwrap_err(),
            RouteError::Unknown {
                what: "node",
                id: "nowhere".into()
            }
        );
        assert_eq!(
            planner.plan("g0", "attic", Mode::WALKING).unwrap_err(),
            RouteError::Unknown {
                what: "place",
                id: "attic".into()
            }
        );
    }

    fn errors(v: &Venue) -> Vec<String> {
        v.validate()
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn each_kind_of_invalid_venue_is_named() {
        let base = small_venue();
        let check = |change: &dyn Fn(&mut Venue), want: &[&str]| {
            let mut v = base.clone();
            change(&mut v);
            assert_eq!(errors(&v), want);
        };
        check(
            &|v| v.places[1].door = "n999".into(),
            &[r#"place loft .door: no node "n999""#],
        );
        check(
            &|v| v.places[1].level = "X".into(),
            &[
                r#"place loft .level: no level "X""#,
                r#"place loft .door: node "u1" is on level "U""#,
            ],
        );
        check(
            &|v| v.edges[0].to = "n999".into(),
            &[
                r#"edge walk-1 .to: no node "n999""#,
                r#"place loft .door: not reachable from the main entrance "entrance" over public open edges"#,
                r#"place hall .door: not reachable from the main entrance "entrance" over public open edges"#,
            ],
        );
        check(
            &|v| v.edges[1].from = "x".into(),
            &[
                r#"edge walk-2 .from: no node "x""#,
                r#"place hall .door: not reachable from the main entrance "entrance" over public open edges"#,
            ],
        );
        check(
            &|v| v.anchors[0].node = "x".into(),
            &[r#"anchor qr .node: no node "x""#],
        );
        check(
            &|v| v.nodes[6].level = "B9".into(),
            &[r#"node g3 .level: no level "B9""#],
        );
        check(
            &|v| v.nodes.push(v.nodes[0].clone()),
            &[r#"node g0 .id: duplicate id"#],
        );
        check(
            &|v| v.places[2].id = "loft".into(),
            &[r#"place loft .id: duplicate id"#],
        );
        check(
            &|v| v.edges[1].id = "walk-1".into(),
            &[r#"edge walk-1 .id: duplicate id"#],
        );
        check(
            &|v| v.levels.push(v.levels[0].clone()),
            &[r#"level G .id: duplicate id"#],
        );
        check(
            &|v| {
                v.edges[4].kind = EdgeKind::Elevator;
            },
            &[r#"edge walk-3 .to: an elevator must change level, but both ends are on "G""#],
        );
        check(
            &|v| v.edges[4].kind = EdgeKind::Stairs,
            &[r#"edge walk-3 .to: stairs must change level, but both ends are on "G""#],
        );
        check(
            &|v| v.edges[4].kind = EdgeKind::Escalator,
            &[r#"edge walk-3 .to: an escalator must change level, but both ends are on "G""#],
        );
        check(
            &|v| v.edges[4].length = Some(-3.0),
            &[r#"edge walk-3 .length: -3 is not a finite length of 0 m or more"#],
        );
        check(
            &|v| v.edges[4].length = Some(f64::NAN),
            &[r#"edge walk-3 .length: NaN is not a finite length of 0 m or more"#],
        );
        check(
            &|v| v.edges[2].staff_only = true,
            &[
                r#"place loft .door: not reachable from the main entrance "entrance" over public open edges"#,
            ],
        );
        check(
            &|v| v.edges[2].closed = true,
            &[
                r#"place loft .door: not reachable from the main entrance "entrance" over public open edges"#,
            ],
        );
        check(
            &|v| v.places[0].kind = PlaceKind::Other,
            &[r#"venue small .places: no entrance"#],
        );
    }

    fn steps(
        planner: &Planner,
        anchor_or_node: &str,
        to: &str,
        mode: Mode,
    ) -> Vec<(String, String)> {
        let v = planner.venue();
        let from = v
            .anchor(anchor_or_node)
            .map_or(anchor_or_node, |a| a.node.as_str());
        let route = planner.plan(from, to, mode).unwrap();
        route
            .steps
            .into_iter()
            .map(|s| (s.text.zh, s.text.en))
            .collect()
    }

    fn pairs(want: &[(&str, &str)]) -> Vec<(String, String)> {
        want.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn instructions_for_fixed_routes_in_both_languages() {
        let planner = Planner::new(&demo_venue());
        assert_eq!(
            steps(&planner, "entrance-main-door", "pharmacy-1f", Mode::WALKING),
            pairs(&[
                (
                    "向东走 48 米，经过 3 号收费窗口。",
                    "Head east for 48 m, passing Payment window 3."
                ),
                ("西药房在右侧。", "Pharmacy is on your right."),
            ]),
        );
        assert_eq!(
            steps(&planner, "qr-3f-east", "blood-draw", Mode::WHEELCHAIR),
            pairs(&[
                ("向西走 58 米。", "Head west for 58 m."),
                (
                    "右转乘 C 电梯下到 2 楼。",
                    "Turn right and take Elevator C down to 2F."
                ),
                (
                    "出电梯左转，走 8 米。",
                    "Leave the elevator, turn left and walk 8 m."
                ),
                (
                    "右侧第一间就是采血室。",
                    "Blood draw is the first door on your right."
                ),
            ]),
        );
        assert_eq!(
            steps(&planner, "kiosk-main-entrance", "room-4-12", Mode::ELDER),
            pairs(&[
                ("向东走 8 米。", "Head east for 8 m."),
                (
                    "左转乘 C 电梯上到 4 楼。",
                    "Turn left and take Elevator C up to 4F."
                ),
                (
                    "出电梯右转，走 8 米。",
                    "Leave the elevator, turn right and walk 8 m."
                ),
                ("右转，走 20 米。", "Turn right and walk 20 m."),
                ("右转，走 32 米。", "Turn right and walk 32 m."),
                (
                    "左侧第四间就是 4-12 诊室。",
                    "Room 4-12 is the fourth door on your left."
                ),
            ]),
        );
        assert_eq!(
            steps(&planner, "qr-2f-east", "dept-radiology", Mode::WALKING),
            pairs(&[
                (
                    "向西走 74 米，经过收费窗口。",
                    "Head west for 74 m, passing Payment."
                ),
                (
                    "右转乘 B 电梯下到地下 1 层。",
                    "Turn right and take Elevator B down to B1."
                ),
                (
                    "出电梯右转，走 48 米，经过 CT 1 室。",
                    "Leave the elevator, turn right and walk 48 m, passing CT room 1."
                ),
                (
                    "放射科登记台在左侧。",
                    "Radiology reception is on your left."
                ),
            ]),
        );
        // Stairs, and the escalator's words: up the east stairs to 2F, then the landing.
        assert_eq!(
            steps(&planner, "qr-1f-east", "escalator-down-2f", Mode::WALKING)[3],
            (
                "左转走东楼梯上到 2 楼。".to_owned(),
                "Turn left and take the stairs up to 2F.".to_owned()
            ),
        );
        let up = steps(
            &planner,
            "escalator-up-1f-door",
            "dept-pediatrics",
            Mode::WALKING,
        );
        assert_eq!(
            up[0],
            (
                "乘上行扶梯上到 2 楼。".to_owned(),
                "Take the escalator up to 2F.".to_owned()
            )
        );
        // A route of no length still says where you are.
        assert_eq!(
            steps(&planner, "pharmacy-1f-door", "pharmacy-1f", Mode::WALKING),
            pairs(&[("到达西药房。", "Arrive at Pharmacy.")]),
        );
    }
}

mod publishing {
    use careway_core::navigation::{Edge, EdgeKind};

    #[test]
    fn an_edges_flags_are_published_only_when_set_and_read_back_either_way() {
        let open = Edge {
            id: "e1".into(),
            from: "a".into(),
            to: "b".into(),
            length: None,
            kind: EdgeKind::Walk,
            staff_only: false,
            closed: false,
        };
        let json = serde_json::to_string(&open).unwrap();
        assert!(
            !json.contains("staff_only") && !json.contains("closed"),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Edge>(&json).unwrap(), open);

        let shut = Edge {
            staff_only: true,
            closed: true,
            ..open
        };
        let json = serde_json::to_string(&shut).unwrap();
        assert!(
            json.contains("\"staff_only\":true") && json.contains("\"closed\":true"),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Edge>(&json).unwrap(), shut);
    }
}
