package routes.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.util.HashSet;
import java.util.Set;

/**
 * Checks a bearer JWT with Nimbus JOSE+JWT: signed (never {@code alg: none}), with an asymmetric
 * algorithm only (RS*, PS*, ES*: an HMAC token "signed" with the provider's public key as secret
 * is refused before any key is looked at), by a key of the provider's set, with {@code iss} the
 * issuer, {@code aud} one of the accepted audiences, {@code exp} required and in the future and
 * {@code nbf} in the past, both with the configured clock skew.
 */
final class JwtCheck {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    JwtCheck(OidcSettings s, JwksKeys keys) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // access tokens are "JWT" or RFC 9068's "at+jwt", or untyped
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"),
                null));
        JWTClaimsSet exact = s.issuer() == null ? null : new JWTClaimsSet.Builder().issuer(s.issuer()).build();
        Set<String> accepted = s.audiences().isEmpty() ? null : new HashSet<>(s.audiences());
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(accepted, exact,
                Set.of("exp", "sub"), null);
        claims.setMaxClockSkew(Math.toIntExact(s.clockSkew().toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The verified claims; throws with a reason for the log (never with the token). */
    JWTClaimsSet verify(JWT jwt) throws BadJOSEException, com.nimbusds.jose.JOSEException {
        if (!(jwt instanceof SignedJWT signed)) {
            throw new BadJOSEException("the token is not a signed JWT (alg " + jwt.getHeader().getAlgorithm() + ")");
        }
        return processor.process(signed, null);
    }
}
