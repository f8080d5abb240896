//! Which IP addresses a user-supplied URL may reach: only globally routable unicast.
//!
//! [`non_global_reason`] names the special-purpose range an address falls in (IANA IPv4
//! and IPv6 special-purpose registries), or `None` for an ordinary public address.
//! IPv6 forms that embed an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, NAT64
//! `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the embedded address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why `ip` is not a public unicast address, or `None` when it is.
pub fn non_global_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

/// The IPv4 address embedded in an IPv4-mapped, NAT64 (well-known prefix) or 6to4
/// IPv6 address.
pub fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if s[..5] == [0, 0, 0, 0, 0] && s[5] == 0xffff {
        return Some(tail); // ::ffff:a.b.c.d
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(tail); // 64:ff9b::a.b.c.d
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    None
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - prefix)
    };
    (u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    const RANGES: &[([u8; 4], u32, &str)] = &[
        (
            [0, 0, 0, 0],
            8,
            "\"this network\" 0.0.0.0/8 (incl. unspecified)",
        ),
        ([10, 0, 0, 0], 8, "private 10.0.0.0/8"),
        (
            [100, 64, 0, 0],
            10,
            "shared address space (CGNAT) 100.64.0.0/10",
        ),
        ([127, 0, 0, 0], 8, "loopback 127.0.0.0/8"),
        (
            [169, 254, 0, 0],
            16,
            "link-local 169.254.0.0/16 (cloud metadata)",
        ),
        ([172, 16, 0, 0], 12, "private 172.16.0.0/12"),
        ([192, 0, 0, 0], 24, "IETF protocol assignments 192.0.0.0/24"),
        ([192, 0, 2, 0], 24, "documentation 192.0.2.0/24"),
        ([192, 88, 99, 0], 24, "6to4 relay anycast 192.88.99.0/24"),
        ([192, 168, 0, 0], 16, "private 192.168.0.0/16"),
        ([198, 18, 0, 0], 15, "benchmarking 198.18.0.0/15"),
        ([198, 51, 100, 0], 24, "documentation 198.51.100.0/24"),
        ([203, 0, 113, 0], 24, "documentation 203.0.113.0/24"),
        ([224, 0, 0, 0], 4, "multicast 224.0.0.0/4"),
        ([255, 255, 255, 255], 32, "broadcast 255.255.255.255"),
        ([240, 0, 0, 0], 4, "reserved 240.0.0.0/4"),
    ];
    RANGES
        .iter()
        .find(|(net, prefix, _)| in_v4(ip, *net, *prefix))
        .map(|(_, _, reason)| *reason)
}

fn in_v6(ip: Ipv6Addr, net: Ipv6Addr, prefix: u32) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - prefix)
    };
    (u128::from(ip) & mask) == (u128::from(net) & mask)
}

fn v6_reason(ip: Ipv6Addr) -> Option<&'static str> {
    if ip.is_unspecified() {
        return Some("unspecified ::");
    }
    if ip.is_loopback() {
        return Some("loopback ::1");
    }
    if let Some(v4) = embedded_v4(ip) {
        return v4_reason(v4).map(|_| "IPv6 form of a non-global IPv4 address");
    }
    const fn a(s0: u16, s1: u16, s2: u16) -> Ipv6Addr {
        Ipv6Addr::new(s0, s1, s2, 0, 0, 0, 0, 0)
    }
    const RANGES: &[(Ipv6Addr, u32, &str)] = &[
        (a(0, 0, 0), 96, "IPv4-compatible IPv6 ::/96 (deprecated)"),
        (a(0x64, 0xff9b, 1), 48, "local-use NAT64 64:ff9b:1::/48"),
        (a(0x100, 0, 0), 64, "discard-only 100::/64"),
        (
            a(0x2001, 0, 0),
            23,
            "IETF protocol assignments 2001::/23 (Teredo, benchmarking)",
        ),
        (a(0x2001, 0xdb8, 0), 32, "documentation 2001:db8::/32"),
        (a(0x3fff, 0, 0), 20, "documentation 3fff::/20"),
        (a(0x5f00, 0, 0), 16, "SRv6 SIDs 5f00::/16"),
        (a(0xfc00, 0, 0), 7, "unique local fc00::/7"),
        (a(0xfe80, 0, 0), 10, "link-local fe80::/10"),
        (a(0xfec0, 0, 0), 10, "site-local fec0::/10 (deprecated)"),
        (a(0xff00, 0, 0), 8, "multicast ff00::/8"),
    ];
    if let Some((_, _, reason)) = RANGES
        .iter()
        .find(|(net, prefix, _)| in_v6(ip, *net, *prefix))
    {
        return Some(reason);
    }
    // Whatever is left outside global unicast 2000::/3 is unassigned or reserved.
    if !in_v6(ip, a(0x2000, 0, 0), 3) {
        return Some("outside IPv6 global unicast 2000::/3");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(s: &str) -> Option<&'static str> {
        non_global_reason(s.parse().expect("address"))
    }

    #[test]
    fn public_addresses_pass() {
        for s in [
            "8.8.8.8",
            "1.1.1.1",
            "93.184.216.34",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700:4700::1111",
            "2a00:1450:4001::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert_eq!(reason(s), None, "{s}");
        }
    }

    #[test]
    fn special_addresses_are_refused() {
        for s in [
            "127.0.0.1",
            "127.255.255.254",
            "0.0.0.0",
            "0.1.2.3",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "198.19.255.255",
            "192.0.0.8",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "::10.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::1",
            "2002:7f00:1::1",
            "2002:c0a8:101::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "2001::1",
            "2001:2::1",
            "3fff::1",
            "100::1",
            "4000::1",
        ] {
            assert!(reason(s).is_some(), "{s} should be refused");
        }
    }

    #[test]
    fn embedded_forms() {
        let v6: Ipv6Addr = "::ffff:192.168.0.1".parse().expect("v6");
        assert_eq!(embedded_v4(v6), Some(Ipv4Addr::new(192, 168, 0, 1)));
        let nat64: Ipv6Addr = "64:ff9b::a00:1".parse().expect("v6");
        assert_eq!(embedded_v4(nat64), Some(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(embedded_v4("2606:4700::1".parse().expect("v6")), None);
    }
}
