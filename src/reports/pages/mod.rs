//! The reports pages, one per address: the list ([`list`]), one report ([`report`]), a
//! trend ([`trend`]) and who viewed them ([`reads`]). Each needs a login.

pub mod list;
pub mod reads;
pub mod report;
pub mod trend;
