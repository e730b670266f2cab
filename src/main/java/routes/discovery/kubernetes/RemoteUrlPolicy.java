package routes.discovery.kubernetes;

import routes.secrets.Quote;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * ToolHive's SSRF rule for an MCPServerEntry's {@code remoteUrl} (the operator's
 * {@code ValidateRemoteURL}): http or https, a host, and a host that is not loopback, link-local,
 * "this network", a cluster-internal name or, unless the entry sets {@code allowPrivateEndpoint},
 * a private range or a {@code *.cluster.local} name. Messages use ToolHive's words.
 * <p>
 * Like ToolHive it never resolves names (no DNS): a name that resolves to a private address is
 * allowed, as it is there. Unlike Go's {@code net.ParseIP}, it judges a host by what an HTTP client
 * would connect to: glibc's {@code inet_aton} (used by curl and by the JDK on Linux) reads
 * {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 127.1} as 127.0.0.1, so those
 * forms are read the same way here; a host that looks numeric but is no valid address, a
 * percent-encoded host and a backslash are refused rather than guessed at. IPv4-mapped (and
 * IPv4-compatible) IPv6 addresses are judged as their IPv4 address; zone ids are ignored.
 * <p>
 * The admin allow-list ({@code caravan.discovery.allowed-hosts}) is a security decision: each entry
 * is one exact host name (case-insensitive, trailing dot ignored) or one IP address, let through even
 * when the table blocks it (so a test or a sidecar on loopback can be reached). It never matches
 * subdomains or ranges, so it cannot widen the table beyond the hosts it names. Empty by default.
 */
public final class RemoteUrlPolicy {

    private record Range(byte[] network, int prefix, String text) {

        static Range of(String cidr) {
            int slash = cidr.indexOf('/');
            return new Range(literal(cidr.substring(0, slash)).getAddress(), Integer.parseInt(cidr.substring(slash + 1)), cidr);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Range> ALWAYS_BLOCKED_RANGES = List.of(Range.of("0.0.0.0/8"), Range.of("127.0.0.0/8"),
            Range.of("169.254.0.0/16"), Range.of("::/128"), Range.of("::1/128"), Range.of("fe80::/10"));
    private static final List<Range> PRIVATE_RANGES = List.of(Range.of("10.0.0.0/8"), Range.of("172.16.0.0/12"),
            Range.of("192.168.0.0/16"), Range.of("fc00::/7"));
    /** Checked before the private names, so kubernetes.default.svc.cluster.local stays blocked with allowPrivateEndpoint. */
    private static final List<String> ALWAYS_BLOCKED_NAMES = List.of("localhost", "kubernetes.default.svc.cluster.local",
            "kubernetes.default.svc", "kubernetes.default", "metadata.google.internal");
    private static final List<String> PRIVATE_NAMES = List.of("cluster.local");

    private final Set<String> allowedNames = new HashSet<>();
    private final Set<InetAddress> allowedAddresses = new HashSet<>();

    /** @param allowedHosts host names or IP addresses let through even when blocked (exact matches only) */
    public RemoteUrlPolicy(Set<String> allowedHosts) {
        for (String raw : allowedHosts) {
            String host = raw.trim();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            host = stripTrailingDots(host.toLowerCase(Locale.ROOT));
            if (host.isEmpty()) {
                continue;
            }
            InetAddress ip = host.indexOf(':') >= 0 ? ipv6OrNull(host) : ipv4OrNull(host);
            if (ip != null) {
                allowedAddresses.add(normalize(ip));
            } else {
                allowedNames.add(host);
            }
        }
    }

    /** From {@code caravan.discovery.allowed-hosts}: comma-separated hosts or IPs; null or blank allows none. */
    public static RemoteUrlPolicy fromSetting(String commaSeparated) {
        Set<String> hosts = new HashSet<>();
        if (commaSeparated != null) {
            for (String part : commaSeparated.split(",")) {
                if (!part.isBlank()) {
                    hosts.add(part.trim());
                }
            }
        }
        return new RemoteUrlPolicy(hosts);
    }

    /**
     * Why this URL may not be used as a backend, or empty when it may.
     *
     * @param allowPrivateEndpoint the entry's {@code spec.allowPrivateEndpoint}
     */
    public Optional<String> problem(String rawUrl, boolean allowPrivateEndpoint) {
        if (rawUrl == null || rawUrl.isEmpty()) {
            return Optional.of("remote URL must not be empty");
        }
        for (int i = 0; i < rawUrl.length(); i++) {
            char c = rawUrl.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return Optional.of("remote URL is invalid: it contains a space or control character");
            }
        }
        int colon = rawUrl.indexOf(':');
        String scheme = colon > 0 ? rawUrl.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("remote URL must use http or https scheme, got " + Quote.of(colon > 0 ? rawUrl.substring(0, colon) : ""));
        }
        if (rawUrl.indexOf('\\') >= 0) {
            // browsers read it as '/', Java's URI refuses it: ambiguous, so never a backend
            return Optional.of("remote URL is invalid: it contains a backslash");
        }
        String rest = rawUrl.substring(colon + 1);
        if (!rest.startsWith("//")) {
            return Optional.of("remote URL must have a valid host");
        }
        int end = 2;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String authority = rest.substring(2, end);
        // an HTTP client connects to what follows the last '@'; everything before it is userinfo
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        return hostProblem(hostPort, allowPrivateEndpoint);
    }

    private Optional<String> hostProblem(String hostPort, boolean allowPrivate) {
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return Optional.of("remote URL is invalid: missing ']' in host");
            }
            host = hostPort.substring(1, close);
            port = hostPort.substring(close + 1);
            if (!port.isEmpty() && !port.startsWith(":")) {
                return Optional.of("remote URL is invalid: unexpected characters after the IPv6 address");
            }
        } else {
            int c = hostPort.indexOf(':');
            host = c < 0 ? hostPort : hostPort.substring(0, c);
            port = c < 0 ? "" : hostPort.substring(c);
        }
        if (port.length() > 1 && !port.substring(1).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return Optional.of("remote URL is invalid: port " + Quote.of(port.substring(1)) + " is not a number");
        }
        if (host.isEmpty()) {
            return Optional.of("remote URL must have a valid host");
        }
        if (hostPort.startsWith("[")) {
            return ipv6Problem(host, allowPrivate);
        }
        if (host.indexOf('%') >= 0) {
            return Optional.of("remote URL is invalid: host " + Quote.of(host) + " is percent-encoded");
        }
        String ascii;
        try {
            // what a client with IDN support connects to (full-width letters fold to ASCII)
            ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.of("remote URL is invalid: host " + Quote.of(host) + " is not a valid host name");
        }
        String name = stripTrailingDots(ascii);
        if (name.isEmpty()) {
            return Optional.of("remote URL must have a valid host");
        }
        if (looksNumeric(name)) {
            InetAddress ip = ipv4OrNull(name);
            if (ip == null) {
                return Optional.of("remote URL is invalid: host " + Quote.of(host) + " is neither a host name nor a valid IPv4 address");
            }
            return addressProblem(host, ip, allowPrivate);
        }
        if (allowedNames.contains(name)) {
            return Optional.empty();
        }
        Optional<String> blocked = nameProblem(host, name, ALWAYS_BLOCKED_NAMES);
        if (blocked.isPresent() || allowPrivate) {
            return blocked;
        }
        return nameProblem(host, name, PRIVATE_NAMES);
    }

    private Optional<String> ipv6Problem(String literal, boolean allowPrivate) {
        int zone = literal.indexOf('%');
        String address = zone < 0 ? literal : literal.substring(0, zone);
        InetAddress ip = address.indexOf(':') >= 0 ? ipv6OrNull(address) : null;
        if (ip == null) {
            return Optional.of("remote URL is invalid: " + Quote.of("[" + literal + "]") + " is not a valid IPv6 address");
        }
        return addressProblem(literal, ip, allowPrivate);
    }

    private Optional<String> addressProblem(String host, InetAddress parsed, boolean allowPrivate) {
        InetAddress ip = normalize(parsed);
        if (allowedAddresses.contains(ip)) {
            return Optional.empty();
        }
        // name the address a client would reach when the URL spells it another way (0177.1, ::ffff:…)
        boolean samePlainForm = ip instanceof Inet6Address || host.equals(ip.getHostAddress());
        String shown = samePlainForm ? host : host + " (" + ip.getHostAddress() + ")";
        Optional<String> blocked = rangeProblem(shown, ip, ALWAYS_BLOCKED_RANGES);
        if (blocked.isPresent() || allowPrivate) {
            return blocked;
        }
        return rangeProblem(shown, ip, PRIVATE_RANGES);
    }

    private static Optional<String> rangeProblem(String shown, InetAddress ip, List<Range> ranges) {
        byte[] bytes = ip.getAddress();
        for (Range r : ranges) {
            if (r.contains(bytes)) {
                return Optional.of("remote URL host is not allowed: IP address " + shown + " falls within blocked range " + r.text());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nameProblem(String host, String name, List<String> blockedNames) {
        for (String blocked : blockedNames) {
            if (name.equals(blocked) || name.endsWith("." + blocked)) {
                return Optional.of("remote URL host is not allowed: hostname " + Quote.of(host)
                        + " matches blocked internal hostname " + Quote.of(blocked));
            }
        }
        return Optional.empty();
    }

    /** IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d reach the IPv4 host: judge them as such. */
    private static InetAddress normalize(InetAddress ip) {
        if (ip instanceof Inet6Address) {
            byte[] b = ip.getAddress();
            boolean zeros = true;
            for (int i = 0; i < 12 && zeros; i++) {
                zeros = b[i] == 0;
            }
            boolean v4Tail = b[12] != 0 || b[13] != 0 || b[14] != 0 || (b[15] & 0xff) > 1;
            if (zeros && v4Tail) {
                return v4(new byte[]{b[12], b[13], b[14], b[15]});
            }
        }
        return ip;
    }

    /** The last label is a number (decimal, octal or 0x hex): a client reads the whole host as IPv4. */
    private static boolean looksNumeric(String name) {
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (last.startsWith("0x")) {
            return last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return !last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** inet_aton: 1 to 4 parts, each decimal, 0-prefixed octal or 0x hex; the last part fills the remaining bytes. */
    private static InetAddress ipv4OrNull(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = number(parts[i]);
            if (values[i] < 0) {
                return null;
            }
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 0xff) {
                return null;
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        if (last >= (1L << (8 * (5 - parts.length)))) {
            return null;
        }
        address |= last;
        return v4(new byte[]{(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }

    private static long number(String part) {
        if (part.isEmpty() || part.length() > 12) {
            return -1;
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return 0;
            }
        } else if (part.length() > 1 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static InetAddress ipv6OrNull(String s) {
        if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null;
        }
        try {
            return InetAddress.getByName("[" + s + "]"); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress literal(String s) {
        InetAddress ip = s.indexOf(':') >= 0 ? ipv6OrNull(s) : ipv4OrNull(s);
        if (ip == null) {
            throw new IllegalArgumentException(s);
        }
        return ip;
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static String stripTrailingDots(String host) {
        int end = host.length();
        while (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        return host.substring(0, end);
    }
}
