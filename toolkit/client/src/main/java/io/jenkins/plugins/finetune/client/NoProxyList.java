package io.jenkins.plugins.finetune.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hosts reached without the proxy, in curl's {@code NO_PROXY} syntax: entries separated by commas or spaces;
 * {@code *} alone matches every host; a name matches itself and its subdomains ({@code example.com} and
 * {@code .example.com} both match {@code api.example.com}), case-insensitively; an IP address or CIDR range
 * ({@code 10.0.0.0/8}, {@code fd00::/8}) matches a host written as an address in it. As in curl, names are not
 * resolved: a name never matches an address entry.
 */
final class NoProxyList {

    static final NoProxyList EMPTY = new NoProxyList(List.of(), List.of(), false, "");

    private final List<String> names;
    private final List<Range> ranges;
    private final boolean everything;
    private final String text;

    private NoProxyList(List<String> names, List<Range> ranges, boolean everything, String text) {
        this.names = List.copyOf(names);
        this.ranges = List.copyOf(ranges);
        this.everything = everything;
        this.text = text;
    }

    /**
     * @param variable the variable the list came from, named in errors
     * @throws IllegalArgumentException naming the variable and the entry when a CIDR range is unusable
     */
    static NoProxyList parse(String variable, String value) {
        if (value == null || value.isBlank()) {
            return EMPTY;
        }
        List<String> names = new ArrayList<>();
        List<Range> ranges = new ArrayList<>();
        boolean everything = false;
        for (String raw : value.trim().split("[,\\s]+")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                everything = true;
                continue;
            }
            Range range = Range.parse(variable, entry);
            if (range != null) {
                ranges.add(range);
                continue;
            }
            String name = entry.toLowerCase(Locale.ROOT);
            name = name.startsWith(".") ? name.substring(1) : name;
            name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return new NoProxyList(
                names, ranges, everything, String.join(",", value.trim().split("[,\\s]+")));
    }

    /** True when the list is {@code *}: no host goes through the proxy. */
    boolean matchesEverything() {
        return everything;
    }

    boolean isEmpty() {
        return !everything && names.isEmpty() && ranges.isEmpty();
    }

    boolean matches(String targetHost) {
        if (everything) {
            return true;
        }
        if (targetHost == null || targetHost.isBlank()) {
            return false;
        }
        String host = targetHost.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        byte[] address = literalAddress(host);
        if (address != null) {
            for (Range range : ranges) {
                if (range.contains(address)) {
                    return true;
                }
            }
            return false;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        for (String entry : names) {
            if (name.equals(entry) || name.endsWith("." + entry)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of an IPv4 or IPv6 literal, or {@code null} for a name; never a DNS lookup. */
    static byte[] literalAddress(String host) {
        if (host.contains(":")) {
            try {
                // In brackets, InetAddress parses the literal or fails; it does not look the text up.
                return InetAddress.getByName("[" + host + "]").getAddress();
            } catch (UnknownHostException | SecurityException e) {
                return null;
            }
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
                return null;
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    @Override
    public String toString() {
        return text;
    }

    /** An address, or a CIDR range of them. */
    private record Range(byte[] network, int bits) {

        /** The range an entry writes, or {@code null} when the entry is a host name. */
        static Range parse(String variable, String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            if (address.startsWith("[") && address.endsWith("]")) {
                address = address.substring(1, address.length() - 1);
            }
            byte[] bytes = literalAddress(address);
            if (bytes == null) {
                if (slash >= 0) {
                    throw new IllegalArgumentException(variable + ": '" + Texts.printable(entry, 80)
                            + "' is not a CIDR range; write an address and a prefix length, e.g. 10.0.0.0/8");
                }
                return null;
            }
            int max = bytes.length * 8;
            int bits = max;
            if (slash >= 0) {
                String prefix = entry.substring(slash + 1);
                if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > max) {
                    throw new IllegalArgumentException(variable + ": '" + Texts.printable(entry, 80)
                            + "' has a prefix length that is not a number from 0 to " + max);
                }
                bits = Integer.parseInt(prefix);
            }
            return new Range(bytes, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
