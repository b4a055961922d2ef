//! IPv4 and IPv6 CIDR blocks: parsing, width and containment.

use std::net::IpAddr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    /// The address as a 128-bit number (IPv4 in the low 32 bits).
    bits: u128,
    prefix: u8,
    v6: bool,
}

impl Cidr {
    /// `10.0.0.0/8`, `2001:db8::/32`; a bare address is a single host.
    pub fn parse(text: &str) -> Option<Cidr> {
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
            None => (text.trim(), None),
        };
        let (bits, v6, max) = match addr.parse::<IpAddr>().ok()? {
            IpAddr::V4(a) => (u128::from(u32::from(a)), false, 32),
            IpAddr::V6(a) => (u128::from(a), true, 128),
        };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { bits, prefix, v6 })
    }

    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    pub fn is_v6(&self) -> bool {
        self.v6
    }

    /// The whole address space of its family (`0.0.0.0/0`, `::/0`).
    pub fn is_everything(&self) -> bool {
        self.prefix == 0
    }

    fn width(&self) -> u32 {
        if self.v6 {
            128
        } else {
            32
        }
    }

    fn network(&self) -> u128 {
        let host_bits = self.width() - u32::from(self.prefix);
        if host_bits >= 128 {
            0
        } else {
            self.bits >> host_bits << host_bits
        }
    }

    /// Whether every address of `other` is inside `self`.
    pub fn contains(&self, other: &Cidr) -> bool {
        if self.v6 != other.v6 || other.prefix < self.prefix {
            return false;
        }
        let narrowed = Cidr {
            bits: other.bits,
            prefix: self.prefix,
            v6: other.v6,
        };
        narrowed.network() == self.network()
    }
}

#[cfg(test)]
mod tests {
    use super::Cidr;

    fn c(s: &str) -> Cidr {
        Cidr::parse(s).unwrap()
    }

    #[test]
    fn containment_respects_family_and_prefix() {
        assert!(c("0.0.0.0/0").contains(&c("203.0.113.0/24")));
        assert!(c("203.0.113.0/24").contains(&c("203.0.113.16/28")));
        assert!(!c("203.0.113.16/28").contains(&c("203.0.113.0/24")));
        assert!(!c("10.0.0.0/8").contains(&c("11.0.0.0/8")));
        assert!(c("::/0").contains(&c("2001:db8::/32")));
        assert!(!c("0.0.0.0/0").contains(&c("2001:db8::/32")));
        assert!(c("169.254.169.254").contains(&c("169.254.169.254/32")));
        assert!(c("fd00:ec2::254/128").is_v6());
    }

    #[test]
    fn rejects_malformed_blocks() {
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert!(Cidr::parse("not-an-ip/8").is_none());
        assert!(Cidr::parse("10.0.0.0/x").is_none());
    }
}
