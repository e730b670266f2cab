package routes.discovery.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendSpec;
import routes.protocol.Json;
import routes.secrets.SecretRef;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** One resource in, one backend or one reason out, as ToolHive's vMCP converts its workloads. */
class WorkloadConversionTest {

    private static final WorkloadConversion.Lookups NONE = new WorkloadConversion.Lookups() {
        @Override
        public JsonNode externalAuthConfig(String name) {
            return switch (name) {
                case "open" -> json("{'spec':{'type':'unauthenticated'}}");
                case "exchange" -> json("""
                        {'spec':{'type':'tokenExchange','tokenExchange':{'tokenUrl':'https://sts.example.com/token',
                         'clientId':'gw','clientSecretRef':{'name':'sts','key':'secret'},'audience':'github',
                         'scopes':['repo','read:org'],'subjectTokenType':'id_token','externalTokenHeaderName':'X-Upstream'}}}""");
                case "bare-exchange" -> json("{'spec':{'type':'tokenExchange','tokenExchange':{'tokenUrl':'https://sts.example.com/t'}}}");
                case "embedded" -> json("{'spec':{'type':'tokenExchange','tokenExchange':{'tokenUrl':'https://sts/t','subjectProviderName':'gh'}}}");
                case "saml" -> json("{'spec':{'type':'tokenExchange','tokenExchange':{'tokenUrl':'https://sts/t','subjectTokenType':'saml2'}}}");
                case "no-url" -> json("{'spec':{'type':'tokenExchange','tokenExchange':{'clientId':'gw'}}}");
                case "sts" -> json("{'spec':{'type':'awsSts','awsSts':{'region':'eu-west-1'}}}");
                default -> null;
            };
        }

        @Override
        public Map<String, String> configMapData(String name) {
            return name.equals("ca") ? Map.of("bundle.pem", "PEM") : null;
        }
    };

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static WorkloadConversion.Result convert(WorkloadKind kind, String resource) {
        return WorkloadConversion.convert(kind, json(resource), NONE, entry -> null);
    }

    @Test
    void anEntryIsReachedAtItsRemoteUrlWithItsHeadersCaAndAuth() {
        var r = (WorkloadConversion.Backend) convert(WorkloadKind.MCP_SERVER_ENTRY, """
                {'metadata':{'name':'github'},'spec':{'remoteUrl':'https://api.example.com/mcp/','transport':'streamable-http',
                 'groupRef':{'name':'g'},'caBundleRef':{'configMapRef':{'name':'ca','key':'bundle.pem'}},
                 'externalAuthConfigRef':{'name':'open'},
                 'headerForward':{'addPlaintextHeaders':{'X-MCP-Toolsets':'repos'},
                   'addHeadersFromSecret':[{'headerName':'X-Api-Key','valueSecretRef':{'name':'gh','key':'token'}}]}}}""");
        assertEquals("https://api.example.com/mcp/", r.config().url().toString());
        assertEquals(BackendSpec.Transport.STREAMABLE_HTTP, r.config().transport());
        assertEquals("PEM", r.config().caBundleData());
        assertEquals(Map.of("X-MCP-Toolsets", "repos"), r.config().headerForward().addPlaintextHeaders());
        assertEquals("gh", r.config().headerForward().addHeadersFromSecret().get(0).valueSecretRef().name());
        assertEquals(AuthStrategy.UNAUTHENTICATED, r.auth());
    }

    @Test
    void aTokenExchangeAuthConfigBecomesTheStrategyWithItsSecretReadFromTheSecret() {
        var r = (WorkloadConversion.Backend) convert(WorkloadKind.MCP_SERVER_ENTRY, """
                {'metadata':{'name':'github'},'spec':{'remoteUrl':'https://api.example.com/mcp','transport':'streamable-http',
                 'externalAuthConfigRef':{'name':'exchange'}}}""");
        var t = assertInstanceOf(AuthStrategy.TokenExchange.class, r.auth());
        assertEquals("https://sts.example.com/token", t.tokenUrl().toString());
        assertEquals("gw", t.client().clientId());
        assertEquals(new SecretRef.Key("sts", "secret"), t.client().secret());
        assertNull(t.client().literalSecret());
        assertEquals("github", t.audience());
        assertEquals(List.of("repo", "read:org"), t.scopes());
        assertEquals("urn:ietf:params:oauth:token-type:id_token", t.subjectTokenType());
        // with a client secret the gateway's own calls (probes, catalog) use client credentials
        assertInstanceOf(AuthStrategy.ClientCredentials.class, t.forGateway());

        var bare = (WorkloadConversion.Backend) convert(WorkloadKind.MCP_SERVER_ENTRY, """
                {'metadata':{'name':'b'},'spec':{'remoteUrl':'https://x/','transport':'sse','externalAuthConfigRef':{'name':'bare-exchange'}}}""");
        var b = assertInstanceOf(AuthStrategy.TokenExchange.class, bare.auth());
        assertNull(b.client());
        assertEquals(AuthStrategy.TokenExchange.ACCESS_TOKEN, b.subjectTokenType());
        assertEquals(AuthStrategy.UNAUTHENTICATED, b.forGateway());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "embedded auth server|embedded|MCPExternalAuthConfig embedded: spec.tokenExchange.subjectProviderName names an upstream provider",
            "bad token type|saml|MCPExternalAuthConfig saml: spec.tokenExchange.subjectTokenType 'saml2' is not access_token, id_token or jwt",
            "no token URL|no-url|MCPExternalAuthConfig no-url: spec.tokenExchange.tokenUrl is missing",
            "aws sts|sts|MCPExternalAuthConfig sts has type 'awsSts', which Caravan does not support",
    })
    void anAuthConfigCaravanCannotHonourLeavesItsWorkloadOut(String what, String auth, String reason) {
        var r = assertInstanceOf(WorkloadConversion.Skipped.class, convert(WorkloadKind.MCP_SERVER_ENTRY, """
                {'metadata':{'name':'a'},'spec':{'remoteUrl':'https://x/','transport':'sse','externalAuthConfigRef':{'name':'%s'}}}"""
                .formatted(auth)), what);
        assertEquals(true, r.reason().startsWith(reason), r.reason());
    }

    @Test
    void anMcpServerIsReachedAtItsStatusUrlAndAStdioServerThroughItsProxyMode() {
        var r = (WorkloadConversion.Backend) convert(WorkloadKind.MCP_SERVER, """
                {'metadata':{'name':'fetch'},'spec':{'transport':'stdio','proxyMode':'sse','groupRef':{'name':'g'}},
                 'status':{'url':'http://mcp-fetch-proxy.ns.svc.cluster.local:8080/sse#fetch','phase':'Ready'}}""");
        assertEquals(BackendSpec.Transport.SSE, r.config().transport());
        assertEquals("mcp-fetch-proxy.ns.svc.cluster.local", r.config().url().getHost());
        assertNull(r.auth());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no spec|{'metadata':{'name':'a'}}|spec is missing or not an object",
            "bad name|{'metadata':{'name':'A_b'},'spec':{}}|metadata.name",
            "no remoteUrl|{'metadata':{'name':'a'},'spec':{'transport':'sse'}}|spec.remoteUrl is missing",
            "remoteUrl a number|{'metadata':{'name':'a'},'spec':{'remoteUrl':5,'transport':'sse'}}|spec.remoteUrl is missing",
            "ftp remoteUrl|{'metadata':{'name':'a'},'spec':{'remoteUrl':'ftp://x/','transport':'sse'}}|spec.remoteUrl must be an http or https URL",
            "bad transport|{'metadata':{'name':'a'},'spec':{'remoteUrl':'http://x/','transport':'grpc'}}|spec.transport: unknown transport 'grpc'",
            "headers not a map|{'metadata':{'name':'a'},'spec':{'remoteUrl':'http://x/','transport':'sse','headerForward':{'addPlaintextHeaders':[1]}}}|spec.headerForward.addPlaintextHeaders must be a map",
            "secret ref missing|{'metadata':{'name':'a'},'spec':{'remoteUrl':'http://x/','transport':'sse','headerForward':{'addHeadersFromSecret':[{'headerName':'X'}]}}}|spec.headerForward.addHeadersFromSecret[0].valueSecretRef is missing",
            "bad secret name|{'metadata':{'name':'a'},'spec':{'remoteUrl':'http://x/','transport':'sse','headerForward':{'addHeadersFromSecret':[{'headerName':'X','valueSecretRef':{'name':'Bad/Name','key':'k'}}]}}}|spec.headerForward.addHeadersFromSecret[0].valueSecretRef: Secret name",
            "missing CA|{'metadata':{'name':'a'},'spec':{'remoteUrl':'http://x/','transport':'sse','caBundleRef':{'configMapRef':{'name':'gone'}}}}|CA bundle ConfigMap gone (spec.caBundleRef) not found",
            "CA key absent|{'metadata':{'name':'a'},'spec':{'remoteUrl':'http://x/','transport':'sse','caBundleRef':{'configMapRef':{'name':'ca'}}}}|CA bundle ConfigMap ca has no key ca.crt",
            "auth config absent|{'metadata':{'name':'a'},'spec':{'remoteUrl':'http://x/','transport':'sse','externalAuthConfigRef':{'name':'nope'}}}|MCPExternalAuthConfig nope (spec.externalAuthConfigRef) not found",
    })
    void aMalformedOrIncompleteEntryIsLeftOutWithAReasonThatNamesTheField(String what, String resource, String reason) {
        var r = assertInstanceOf(WorkloadConversion.Skipped.class, convert(WorkloadKind.MCP_SERVER_ENTRY, resource), what);
        assertEquals(true, r.reason().startsWith(reason), r.reason());
    }

    @Test
    void aProxyWithoutStatusUrlWaitsAndTheEntryGateIsAsked() {
        var waiting = (WorkloadConversion.Skipped) convert(WorkloadKind.MCP_REMOTE_PROXY,
                "{'metadata':{'name':'p'},'spec':{'transport':'streamable-http'},'status':{'phase':'Pending'}}");
        assertEquals("MCPRemoteProxy has no status.url yet (its proxy is not exposed)", waiting.reason());
        var gated = (WorkloadConversion.Skipped) WorkloadConversion.convert(WorkloadKind.MCP_SERVER_ENTRY,
                json("{'metadata':{'name':'e'},'spec':{'remoteUrl':'http://x/','transport':'sse'},'status':{'phase':'Failed'}}"),
                NONE, EntryGate.OPERATOR_VALIDATED::problem);
        assertEquals("status.phase is 'Failed', not Valid (ToolHive's operator has not validated it)", gated.reason());
    }
}
