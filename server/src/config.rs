//! Deployment configuration, read from `CAREWAY_*` environment variables.
//!
//! Demo mode (`CAREWAY_DEMO=1`, which `cargo xtask run` sets) runs the embedded demo
//! hospital on one machine with no other setting: codes are written to the log, the demo
//! account's code is shown on screen and a published staff token works. Without it the
//! server is a hospital's and fails closed: it will not start until its hospital folder,
//! its public https address and a signed SMS gateway are configured.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};

/// The server's settings. Built once at start and shared read-only through the app state.
#[derive(Clone, Debug)]
pub struct Config {
    /// Demo mode (`CAREWAY_DEMO=1`): the embedded demo hospital, its demo account and
    /// staff token, codes in the log. Never on a hospital's server.
    pub demo: bool,
    /// Address to listen on (`CAREWAY_ADDR`, default `127.0.0.1:8080`).
    pub addr: SocketAddr,
    /// Folder for the embedded SQLite database (`CAREWAY_DATA_DIR`, default `./data`).
    pub data_dir: PathBuf,
    /// Database URL (`DATABASE_URL`); defaults to `sqlite://<data_dir>/careway.db`.
    pub database_url: String,
    /// The built app (`CAREWAY_DIST`, default `./dist`).
    pub dist_dir: PathBuf,
    /// The hospital's content files (`CAREWAY_HOSPITAL_DIR`); unset means the demo hospital.
    pub hospital_dir: Option<PathBuf>,
    /// IANA time zone the hospital works in (`CAREWAY_TIME_ZONE`, default `Asia/Shanghai`).
    pub time_zone: String,
    /// Seconds of no input before a kiosk starts over (`CAREWAY_KIOSK_IDLE_SECS`, 90).
    pub kiosk_idle_seconds: u32,
    /// CSP `frame-ancestors` sources, for webviews that embed the app
    /// (`CAREWAY_FRAME_ANCESTORS`, default `'none'`).
    pub frame_ancestors: String,
    /// The public origin (`CAREWAY_PUBLIC_URL`); when it is https, cookies are `Secure` and
    /// responses carry HSTS.
    pub public_url: Option<String>,
    /// Log as JSON lines instead of text (`CAREWAY_LOG_FORMAT=json`).
    pub log_json: bool,
    /// The header a trusted reverse proxy puts the client's address in
    /// (`CAREWAY_CLIENT_IP_HEADER`, e.g. `x-real-ip`); unset means the peer address.
    pub client_ip_header: Option<String>,
    /// Networks the lobby's kiosks sit in (`CAREWAY_KIOSK_NETWORKS`, CIDRs separated by
    /// commas, e.g. `10.20.0.0/16, 2001:db8:20::/48`): when set, logging in by card works
    /// only from these addresses. Unset: from anywhere (a card login is a short kiosk
    /// session wherever it comes from).
    pub kiosk_networks: Vec<Network>,
    /// The server's secret key as 64 hex digits (`CAREWAY_SECRET`); unset means a key
    /// kept in `<data_dir>/secret.key`. Servers sharing a database must share it.
    pub secret: Option<String>,
    /// The SMS gateway's https URL (`CAREWAY_SMS_WEBHOOK`): each message is POSTed there
    /// as JSON, signed (see [`crate::jobs::outbox::Sender`]). Required outside demo mode;
    /// in demo mode, unset means messages are written to the log.
    pub sms_webhook: Option<String>,
    /// The key the gateway's requests are signed with (`CAREWAY_SMS_WEBHOOK_SECRET`, at
    /// least 32 characters), shared with the gateway so it can check them.
    pub sms_webhook_secret: Option<String>,
    /// The bearer token of staff and HIS calls (`CAREWAY_STAFF_TOKEN`); unset means staff
    /// endpoints are closed (a demo server accepts a fixed demo token).
    pub staff_token: Option<String>,
    /// Remember windows found full for a second and answer their losers at once (on by
    /// default; not read from the environment). Tests turn it off to show the booking
    /// rules hold on the database alone.
    pub full_slot_cache: bool,
    /// How long a client may take to send a request's headers before its connection is
    /// closed (10 s; not read from the environment). Tests shorten it.
    pub header_read_timeout: std::time::Duration,
    /// How long a request may take, its body included, before it is answered 503
    /// (30 s; not read from the environment). Tests shorten it.
    pub request_timeout: std::time::Duration,
    /// Requests handled at once; more are answered 503 at once (1 024).
    pub max_in_flight: usize,
}

impl Config {
    /// Settings for tests and embedding: demo mode, a database in `data_dir`.
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> Config {
        let data_dir = data_dir.into();
        Config {
            demo: true,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: sqlite_url(&data_dir),
            data_dir,
            dist_dir: PathBuf::from("dist"),
            hospital_dir: None,
            time_zone: "Asia/Shanghai".to_owned(),
            kiosk_idle_seconds: 90,
            frame_ancestors: "'none'".to_owned(),
            public_url: None,
            log_json: false,
            client_ip_header: None,
            kiosk_networks: Vec::new(),
            secret: None,
            sms_webhook: None,
            sms_webhook_secret: None,
            staff_token: None,
            full_slot_cache: true,
            header_read_timeout: std::time::Duration::from_secs(10),
            request_timeout: std::time::Duration::from_secs(30),
            max_in_flight: 1024,
        }
    }

    /// Reads the environment, naming the variable in any error. Whether the settings are
    /// enough to serve is [`Config::check`]'s to say (a maintenance command such as the
    /// audit check needs only the database).
    pub fn from_env() -> anyhow::Result<Config> {
        Config::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        let data_dir = PathBuf::from(lookup("CAREWAY_DATA_DIR").unwrap_or_else(|| "data".into()));
        let mut config = Config::for_data_dir(&data_dir);
        config.demo =
            lookup("CAREWAY_DEMO").is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        config.addr = match lookup("CAREWAY_ADDR") {
            Some(addr) => addr.parse().with_context(|| {
                format!("CAREWAY_ADDR={addr:?} is not an address like 127.0.0.1:8080")
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        if let Some(url) = lookup("DATABASE_URL") {
            if !url.starts_with("sqlite:") {
                bail!("DATABASE_URL={url:?}: this build supports sqlite: URLs only");
            }
            config.database_url = url;
        }
        if let Some(dist) = lookup("CAREWAY_DIST") {
            config.dist_dir = dist.into();
        }
        config.hospital_dir = lookup("CAREWAY_HOSPITAL_DIR").map(PathBuf::from);
        if let Some(tz) = lookup("CAREWAY_TIME_ZONE") {
            jiff::tz::TimeZone::get(&tz).with_context(|| {
                format!("CAREWAY_TIME_ZONE={tz:?} is not a known IANA time zone")
            })?;
            config.time_zone = tz;
        }
        if let Some(secs) = lookup("CAREWAY_KIOSK_IDLE_SECS") {
            config.kiosk_idle_seconds = secs
                .parse()
                .ok()
                .filter(|s| (5..=3600).contains(s))
                .with_context(|| {
                    format!("CAREWAY_KIOSK_IDLE_SECS={secs:?} must be 5..=3600 seconds")
                })?;
        }
        if let Some(fa) = lookup("CAREWAY_FRAME_ANCESTORS") {
            if fa.contains([';', ',', '\n', '\r']) {
                bail!("CAREWAY_FRAME_ANCESTORS={fa:?} must be space-separated CSP sources");
            }
            config.frame_ancestors = fa;
        }
        config.public_url = lookup("CAREWAY_PUBLIC_URL");
        config.log_json = lookup("CAREWAY_LOG_FORMAT").is_some_and(|f| f == "json");
        config.client_ip_header =
            lookup("CAREWAY_CLIENT_IP_HEADER").map(|h| h.to_ascii_lowercase());
        config.secret = lookup("CAREWAY_SECRET");
        if let Some(list) = lookup("CAREWAY_KIOSK_NETWORKS") {
            config.kiosk_networks = list
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|n| {
                    Network::parse(n).with_context(|| {
                        format!("CAREWAY_KIOSK_NETWORKS: {n:?} is not a network like 10.20.0.0/16")
                    })
                })
                .collect::<anyhow::Result<_>>()?;
        }
        if let Some(token) = lookup("CAREWAY_STAFF_TOKEN") {
            if token.len() < 16 {
                bail!("CAREWAY_STAFF_TOKEN must be at least 16 characters");
            }
            config.staff_token = Some(token);
        }
        if let Some(url) = lookup("CAREWAY_SMS_WEBHOOK") {
            if !url.starts_with("https://") {
                bail!("CAREWAY_SMS_WEBHOOK={url:?} must be an https URL: codes travel in it");
            }
            let Some(secret) = lookup("CAREWAY_SMS_WEBHOOK_SECRET") else {
                bail!("CAREWAY_SMS_WEBHOOK needs CAREWAY_SMS_WEBHOOK_SECRET, the key its requests are signed with");
            };
            if secret.len() < 32 {
                bail!("CAREWAY_SMS_WEBHOOK_SECRET must be at least 32 characters");
            }
            config.sms_webhook = Some(url);
            config.sms_webhook_secret = Some(secret);
        }
        Ok(config)
    }

    /// Outside demo mode, refuses settings that would run a hospital's server open: no
    /// hospital of its own, no https, or codes with nowhere to go but the log.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.demo {
            return Ok(());
        }
        let mut missing = Vec::new();
        if self.hospital_dir.is_none() {
            missing.push("CAREWAY_HOSPITAL_DIR (the hospital's content folder)");
        }
        if !self.is_https() {
            missing.push("CAREWAY_PUBLIC_URL (the https address patients open)");
        }
        if self.sms_webhook.is_none() || self.sms_webhook_secret.is_none() {
            missing.push("CAREWAY_SMS_WEBHOOK and CAREWAY_SMS_WEBHOOK_SECRET (the SMS gateway)");
        }
        if missing.is_empty() {
            return Ok(());
        }
        bail!(
            "not in demo mode, and these settings are missing: {}. Set them, or set \
             CAREWAY_DEMO=1 to run the demo hospital on this machine (`cargo xtask run` does).",
            missing.join("; ")
        )
    }

    /// True when the app is served over https, so cookies get `Secure` and HSTS is sent.
    pub fn is_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

/// An IP network in CIDR form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    addr: std::net::IpAddr,
    prefix: u8,
}

impl Network {
    /// Reads `10.20.0.0/16` or `2001:db8::/32`; a bare address is a network of one.
    pub fn parse(s: &str) -> Option<Network> {
        let (addr, prefix) = match s.split_once('/') {
            Some((addr, prefix)) => (addr.parse().ok()?, Some(prefix.parse::<u8>().ok()?)),
            None => (s.parse().ok()?, None),
        };
        let max = match addr {
            std::net::IpAddr::V4(_) => 32,
            std::net::IpAddr::V6(_) => 128,
        };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Network { addr, prefix })
    }

    /// Whether `addr` (as the client's address is logged) is in this network.
    pub fn contains(&self, addr: &str) -> bool {
        use std::net::IpAddr;
        let Ok(addr) = addr.parse::<IpAddr>() else {
            return false;
        };
        let addr = match addr {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(addr, IpAddr::V4),
            v4 => v4,
        };
        let bits = |a: IpAddr| -> u128 {
            match a {
                IpAddr::V4(v4) => u128::from(u32::from(v4)) << 96,
                IpAddr::V6(v6) => u128::from(v6),
            }
        };
        if addr.is_ipv4() != self.addr.is_ipv4() {
            return false;
        }
        let mask = if self.prefix == 0 {
            0
        } else {
            u128::MAX << (128 - u32::from(self.prefix))
        };
        bits(addr) & mask == bits(self.addr) & mask
    }
}

fn sqlite_url(data_dir: &std::path::Path) -> String {
    format!("sqlite://{}", data_dir.join("careway.db").display())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// Settings in demo mode plus `vars`.
    fn config(vars: &[(&str, &str)]) -> anyhow::Result<Config> {
        let mut all = vec![("CAREWAY_DEMO", "1")];
        all.extend_from_slice(vars);
        config_exactly(&all)
    }

    /// Settings as a serving server reads and checks them.
    fn config_exactly(vars: &[(&str, &str)]) -> anyhow::Result<Config> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let config = Config::from_lookup(|k| vars.get(k).cloned())?;
        config.check()?;
        Ok(config)
    }

    const HOSPITAL: [(&str, &str); 4] = [
        ("CAREWAY_HOSPITAL_DIR", "/etc/careway/hospital"),
        ("CAREWAY_PUBLIC_URL", "https://care.example.org"),
        ("CAREWAY_SMS_WEBHOOK", "https://sms.example.org/send"),
        (
            "CAREWAY_SMS_WEBHOOK_SECRET",
            "0123456789abcdef0123456789abcdef",
        ),
    ];

    #[test]
    fn without_demo_mode_the_server_needs_its_hospital_https_and_a_gateway() {
        let err = config_exactly(&[]).unwrap_err().to_string();
        for name in [
            "CAREWAY_HOSPITAL_DIR",
            "CAREWAY_PUBLIC_URL",
            "CAREWAY_SMS_WEBHOOK",
            "CAREWAY_DEMO=1",
        ] {
            assert!(err.contains(name), "{err}");
        }
        let c = config_exactly(&HOSPITAL).unwrap();
        assert!(!c.demo && c.is_https());
        let mut http = HOSPITAL.to_vec();
        http[1].1 = "http://care.example.org";
        assert!(config_exactly(&http)
            .unwrap_err()
            .to_string()
            .contains("CAREWAY_PUBLIC_URL"));
        let mut plain = HOSPITAL.to_vec();
        plain[2].1 = "http://sms.example.org/send";
        assert!(config_exactly(&plain)
            .unwrap_err()
            .to_string()
            .contains("https"));
        let unsigned = &HOSPITAL[..3];
        assert!(config_exactly(unsigned)
            .unwrap_err()
            .to_string()
            .contains("CAREWAY_SMS_WEBHOOK_SECRET"));
    }

    #[test]
    fn defaults_run_the_demo_on_localhost() {
        let c = config(&[]).unwrap();
        assert!(c.demo);
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, "sqlite://data/careway.db");
        assert!(c.hospital_dir.is_none());
        assert_eq!(c.time_zone, "Asia/Shanghai");
        assert!(!c.is_https());
    }

    #[test]
    fn bad_values_name_their_variable() {
        let err = config(&[("CAREWAY_ADDR", "nowhere")]).unwrap_err();
        assert!(err.to_string().contains("CAREWAY_ADDR"));
        let err = config(&[("CAREWAY_TIME_ZONE", "Mars/Olympus")]).unwrap_err();
        assert!(err.to_string().contains("CAREWAY_TIME_ZONE"));
        let err = config(&[("CAREWAY_KIOSK_IDLE_SECS", "1")]).unwrap_err();
        assert!(err.to_string().contains("CAREWAY_KIOSK_IDLE_SECS"));
        let err = config(&[("CAREWAY_FRAME_ANCESTORS", "'self'; script-src *")]).unwrap_err();
        assert!(err.to_string().contains("CAREWAY_FRAME_ANCESTORS"));
        let err = config(&[("DATABASE_URL", "mysql://x")]).unwrap_err();
        assert!(err.to_string().contains("DATABASE_URL"));
    }

    #[test]
    fn kiosk_networks_are_cidrs() {
        let c = config(&[(
            "CAREWAY_KIOSK_NETWORKS",
            "10.20.0.0/16, 2001:db8:20::/48,192.0.2.7",
        )])
        .unwrap();
        let inside = |a: &str| c.kiosk_networks.iter().any(|n| n.contains(a));
        assert!(inside("10.20.3.4") && inside("::ffff:10.20.0.1"));
        assert!(!inside("10.21.0.1") && !inside("unknown"));
        assert!(inside("2001:db8:20:ffff::1") && !inside("2001:db8:21::1"));
        assert!(inside("192.0.2.7") && !inside("192.0.2.8"));
        let err = config(&[("CAREWAY_KIOSK_NETWORKS", "10.0.0.0/33")]).unwrap_err();
        assert!(err.to_string().contains("CAREWAY_KIOSK_NETWORKS"));
    }

    #[test]
    fn data_dir_moves_the_database() {
        let c = config(&[("CAREWAY_DATA_DIR", "/var/lib/careway")]).unwrap();
        assert_eq!(c.database_url, "sqlite:///var/lib/careway/careway.db");
        let c = config(&[("CAREWAY_PUBLIC_URL", "https://care.example.org")]).unwrap();
        assert!(c.is_https());
    }
}
