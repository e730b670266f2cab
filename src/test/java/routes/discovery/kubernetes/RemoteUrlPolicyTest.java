package routes.discovery.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The SSRF table of remoteUrl, one row per URL: what it is judged with and without allowPrivateEndpoint. */
class RemoteUrlPolicyTest {

    enum Verdict {
        /** allowed with and without allowPrivateEndpoint */
        ALLOWED,
        /** refused whatever allowPrivateEndpoint says */
        BLOCKED,
        /** refused unless allowPrivateEndpoint */
        PRIVATE
    }

    private static final RemoteUrlPolicy DEFAULT = RemoteUrlPolicy.fromSetting("");

    static Stream<Arguments> table() {
        return Stream.of(
                // public addresses and names
                row("https://mcp.example.com/mcp", Verdict.ALLOWED, null),
                row("http://mcp.example.com:8080/sse", Verdict.ALLOWED, null),
                row("https://8.8.8.8/mcp", Verdict.ALLOWED, null),
                row("https://100.64.0.1/", Verdict.ALLOWED, null), // CGNAT is not in ToolHive's table
                row("https://[2001:db8::1]:8443/mcp", Verdict.ALLOWED, null),
                row("http://my-service.my-ns.svc/mcp", Verdict.ALLOWED, null), // bare .svc: not blocked (no DNS)
                row("http://localhost.example.com/", Verdict.ALLOWED, null), // contains, but is not, localhost
                row("HTTPS://MCP.EXAMPLE.COM/", Verdict.ALLOWED, null),
                row("http://mcp.example.com/@127.0.0.1", Verdict.ALLOWED, null), // '@' in the path is no userinfo
                row("http://user:pw@mcp.example.com/", Verdict.ALLOWED, null),
                // 0.0.0.0/8, 127.0.0.0/8, 169.254.0.0/16 and their edges
                row("http://0.0.0.0/", Verdict.BLOCKED, "IP address 0.0.0.0 falls within blocked range 0.0.0.0/8"),
                row("http://0.255.255.255/", Verdict.BLOCKED, "0.0.0.0/8"),
                row("http://1.0.0.0/", Verdict.ALLOWED, null),
                row("http://126.255.255.255/", Verdict.ALLOWED, null),
                row("http://127.0.0.1:8080/mcp", Verdict.BLOCKED, "remote URL host is not allowed: IP address 127.0.0.1 falls within blocked range 127.0.0.0/8"),
                row("http://127.255.255.255/", Verdict.BLOCKED, "127.0.0.0/8"),
                row("http://128.0.0.0/", Verdict.ALLOWED, null),
                row("http://169.253.255.255/", Verdict.ALLOWED, null),
                row("http://169.254.169.254/latest/meta-data", Verdict.BLOCKED, "169.254.0.0/16"),
                row("http://169.254.255.255/", Verdict.BLOCKED, "169.254.0.0/16"),
                row("http://169.255.0.0/", Verdict.ALLOWED, null),
                // private ranges and their edges
                row("http://10.0.0.0/", Verdict.PRIVATE, "IP address 10.0.0.0 falls within blocked range 10.0.0.0/8"),
                row("http://10.255.255.255/", Verdict.PRIVATE, "10.0.0.0/8"),
                row("http://11.0.0.0/", Verdict.ALLOWED, null),
                row("http://9.255.255.255/", Verdict.ALLOWED, null),
                row("http://172.15.255.255/", Verdict.ALLOWED, null),
                row("http://172.16.0.0/", Verdict.PRIVATE, "172.16.0.0/12"),
                row("http://172.31.255.255/", Verdict.PRIVATE, "172.16.0.0/12"),
                row("http://172.32.0.0/", Verdict.ALLOWED, null),
                row("http://192.167.255.255/", Verdict.ALLOWED, null),
                row("http://192.168.0.0/", Verdict.PRIVATE, "192.168.0.0/16"),
                row("http://192.168.255.255/", Verdict.PRIVATE, "192.168.0.0/16"),
                row("http://192.169.0.0/", Verdict.ALLOWED, null),
                // IPv6
                row("http://[::]/", Verdict.BLOCKED, "IP address :: falls within blocked range ::/128"),
                row("http://[::1]:9000/", Verdict.BLOCKED, "IP address ::1 falls within blocked range ::1/128"),
                row("http://[0:0:0:0:0:0:0:1]/", Verdict.BLOCKED, "::1/128"),
                row("http://[fe80::1]/", Verdict.BLOCKED, "fe80::/10"),
                row("http://[fe80::1%25eth0]/", Verdict.BLOCKED, "fe80::/10"),
                row("http://[febf:ffff::1]/", Verdict.BLOCKED, "fe80::/10"),
                row("http://[fec0::1]/", Verdict.ALLOWED, null),
                row("http://[fc00::1]/", Verdict.PRIVATE, "fc00::/7"),
                row("http://[fdff:ffff::1]/", Verdict.PRIVATE, "fc00::/7"),
                row("http://[fbff::1]/", Verdict.ALLOWED, null),
                row("http://[fe00::1]/", Verdict.ALLOWED, null),
                // IPv4-mapped IPv6 is judged as its IPv4 address
                row("http://[::ffff:127.0.0.1]/", Verdict.BLOCKED, "(127.0.0.1) falls within blocked range 127.0.0.0/8"),
                row("http://[::ffff:7f00:1]/", Verdict.BLOCKED, "127.0.0.0/8"),
                row("http://[::ffff:169.254.169.254]/", Verdict.BLOCKED, "169.254.0.0/16"),
                row("http://[::ffff:10.0.0.1]/", Verdict.PRIVATE, "10.0.0.0/8"),
                row("http://[::ffff:8.8.8.8]/", Verdict.ALLOWED, null),
                row("http://[::127.0.0.1]/", Verdict.BLOCKED, "127.0.0.0/8"), // IPv4-compatible
                // other spellings of an IPv4 address, read as glibc's inet_aton (curl, the JDK) reads them
                row("http://2130706433/", Verdict.BLOCKED, "IP address 2130706433 (127.0.0.1) falls within blocked range 127.0.0.0/8"),
                row("http://0177.0.0.1/", Verdict.BLOCKED, "(127.0.0.1)"),
                row("http://0x7f.0.0.1/", Verdict.BLOCKED, "(127.0.0.1)"),
                row("http://0x7f000001/", Verdict.BLOCKED, "(127.0.0.1)"),
                row("http://127.1/", Verdict.BLOCKED, "(127.0.0.1)"),
                row("http://0/", Verdict.BLOCKED, "(0.0.0.0)"),
                row("http://167772161/", Verdict.PRIVATE, "(10.0.0.1)"),
                row("http://3232235521/", Verdict.PRIVATE, "(192.168.0.1)"),
                row("http://134744072/", Verdict.ALLOWED, null), // 8.8.8.8
                row("http://127.0.0.1./", Verdict.BLOCKED, "127.0.0.0/8"),
                // userinfo: the host is what follows the last '@'
                row("http://evil@127.0.0.1/", Verdict.BLOCKED, "127.0.0.0/8"),
                row("http://mcp.example.com@127.0.0.1/", Verdict.BLOCKED, "127.0.0.0/8"),
                row("http://a@b@localhost/", Verdict.BLOCKED, "matches blocked internal hostname \"localhost\""),
                // names
                row("http://localhost:8080/", Verdict.BLOCKED, "remote URL host is not allowed: hostname \"localhost\" matches blocked internal hostname \"localhost\""),
                row("http://LOCALHOST/", Verdict.BLOCKED, "hostname \"LOCALHOST\" matches blocked internal hostname \"localhost\""),
                row("http://localhost./", Verdict.BLOCKED, "\"localhost\""),
                row("http://api.localhost/", Verdict.BLOCKED, "\"localhost\""),
                row("http://ｌｏｃａｌｈｏｓｔ/", Verdict.BLOCKED, "\"localhost\""), // full-width letters fold to ASCII
                row("https://kubernetes.default/", Verdict.BLOCKED, "\"kubernetes.default\""),
                row("https://kubernetes.default.svc/", Verdict.BLOCKED, "\"kubernetes.default.svc\""),
                row("https://kubernetes.default.svc.cluster.local/", Verdict.BLOCKED, "\"kubernetes.default.svc.cluster.local\""),
                row("https://Kubernetes.Default.Svc.Cluster.Local./", Verdict.BLOCKED, "\"kubernetes.default.svc.cluster.local\""),
                row("http://metadata.google.internal/computeMetadata/v1/", Verdict.BLOCKED, "\"metadata.google.internal\""),
                row("http://mcp.my-ns.svc.cluster.local:8080/mcp", Verdict.PRIVATE, "matches blocked internal hostname \"cluster.local\""),
                row("http://MCP.NS.SVC.CLUSTER.LOCAL./mcp", Verdict.PRIVATE, "\"cluster.local\""),
                row("http://notcluster.local/", Verdict.ALLOWED, null),
                // not a URL a backend can have
                row("", Verdict.BLOCKED, "remote URL must not be empty"),
                row("ftp://mcp.example.com/", Verdict.BLOCKED, "remote URL must use http or https scheme, got \"ftp\""),
                row("mcp.example.com/mcp", Verdict.BLOCKED, "remote URL must use http or https scheme, got \"\""),
                row("http:///mcp", Verdict.BLOCKED, "remote URL must have a valid host"),
                row("http://:8080/mcp", Verdict.BLOCKED, "remote URL must have a valid host"),
                row("http:/mcp.example.com", Verdict.BLOCKED, "remote URL must have a valid host"),
                row("http://mcp.example.com:80a/", Verdict.BLOCKED, "port \"80a\" is not a number"),
                row("http://[::1/", Verdict.BLOCKED, "missing ']'"),
                row("http://[127.0.0.1]/", Verdict.BLOCKED, "is not a valid IPv6 address"),
                row("http://mcp example.com/", Verdict.BLOCKED, "space or control character"),
                row("http://%31%32%37.0.0.1/", Verdict.BLOCKED, "percent-encoded"),
                row("http://mcp.example.com\\@127.0.0.1/", Verdict.BLOCKED, "backslash"),
                row("http://256.0.0.1/", Verdict.BLOCKED, "is neither a host name nor a valid IPv4 address"),
                row("http://08.0.0.1/", Verdict.BLOCKED, "is neither a host name nor a valid IPv4 address"),
                row("http://4294967296/", Verdict.BLOCKED, "is neither a host name nor a valid IPv4 address"));
    }

    private static Arguments row(String url, Verdict verdict, String messagePart) {
        return Arguments.of(url, verdict, messagePart);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("table")
    void judgesEachUrl(String url, Verdict verdict, String messagePart) {
        Optional<String> strict = DEFAULT.problem(url, false);
        Optional<String> relaxed = DEFAULT.problem(url, true);
        switch (verdict) {
            case ALLOWED -> {
                assertEquals(Optional.empty(), strict, url);
                assertEquals(Optional.empty(), relaxed, url + " with allowPrivateEndpoint");
            }
            case BLOCKED -> {
                assertTrue(strict.isPresent(), url + " must be refused");
                assertTrue(strict.get().contains(messagePart), strict.get());
                assertEquals(strict, relaxed, "allowPrivateEndpoint must not relax " + url);
            }
            case PRIVATE -> {
                assertTrue(strict.isPresent(), url + " must be refused without allowPrivateEndpoint");
                assertTrue(strict.get().contains(messagePart), strict.get());
                assertEquals(Optional.empty(), relaxed, url + " is allowed with allowPrivateEndpoint");
            }
        }
    }

    @Test
    void theTableHasAtLeastFortyRows() {
        assertTrue(table().count() >= 40);
    }

    @Test
    void theAllowListLetsExactlyTheNamedHostsThrough() {
        RemoteUrlPolicy policy = RemoteUrlPolicy.fromSetting(" 127.0.0.1 , Localhost., [::1],mcp.svc.cluster.local");
        assertEquals(Optional.empty(), policy.problem("http://127.0.0.1:9000/mcp", false));
        assertEquals(Optional.empty(), policy.problem("http://2130706433/", false), "the same address spelled otherwise");
        assertEquals(Optional.empty(), policy.problem("http://[::ffff:127.0.0.1]/", false));
        assertEquals(Optional.empty(), policy.problem("http://LOCALHOST:8080/", false));
        assertEquals(Optional.empty(), policy.problem("http://[::1]:8080/", false));
        assertEquals(Optional.empty(), policy.problem("http://mcp.svc.cluster.local/", false));

        assertTrue(policy.problem("http://127.0.0.2/", false).isPresent(), "not a range: only the address named");
        assertTrue(policy.problem("http://api.localhost/", false).isPresent(), "not a suffix: only the name named");
        assertTrue(policy.problem("http://other.svc.cluster.local/", false).isPresent());
        assertTrue(policy.problem("http://169.254.169.254/", false).isPresent());
    }

    @Test
    void anEmptyAllowListWeakensNothing() {
        assertEquals(RemoteUrlPolicy.fromSetting(null).problem("http://127.0.0.1/", false),
                new RemoteUrlPolicy(Set.of()).problem("http://127.0.0.1/", false));
        assertTrue(RemoteUrlPolicy.fromSetting(" , ").problem("http://localhost/", false).isPresent());
    }
}
