package io.storageconsole.security.service;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The address a sign-in comes from, as the sign-in limits count it: validated and written one way
 * (what a proxy header or a client sends is text, of any length), and for IPv6 widened to its /64,
 * which one customer line or host gets whole: counting single IPv6 addresses would give an attacker
 * billions of fresh ones. Text that is no address counts as one address, "unreadable".
 */
public record ClientAddress(String text, String limitKey) {

    public static final ClientAddress UNREADABLE = new ClientAddress("unreadable", "unreadable");

    private static final int LONGEST = 64;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Hex digits, colons, dots (an embedded IPv4) and a zone after "%": an IPv6 literal, never a host name. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

    public static ClientAddress of(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > LONGEST) {
            return UNREADABLE;
        }
        // Only literals reach InetAddress, which then parses and never asks the DNS.
        boolean ipv4 = IPV4.matcher(raw).matches();
        if (ipv4 ? !octetsInRange(raw) : !IPV6.matcher(raw).matches()) {
            return UNREADABLE;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(raw.replaceFirst("%.*$", ""));
        } catch (UnknownHostException | SecurityException notAnAddress) {
            return UNREADABLE;
        }
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            StringBuilder prefix = new StringBuilder();
            for (int group = 0; group < 4; group++) {
                prefix.append(Integer.toHexString(((bytes[2 * group] & 0xff) << 8) | (bytes[2 * group + 1] & 0xff))).append(':');
            }
            return new ClientAddress(address.getHostAddress(), prefix + ":/64");
        }
        // IPv4, and IPv4-mapped IPv6, which Java already gives as IPv4.
        return new ClientAddress(address.getHostAddress(), address.getHostAddress());
    }

    private static boolean octetsInRange(String ipv4) {
        for (String octet : ipv4.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
