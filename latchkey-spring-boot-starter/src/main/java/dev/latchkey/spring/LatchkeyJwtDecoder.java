package dev.latchkey.spring;

import com.nimbusds.jose.JWSObject;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.StorageUnavailableException;
import dev.latchkey.core.token.VerifiedAccessToken;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Spring Security's view of a Latchkey access token: {@link Latchkey#verify} decides (signature, type,
 * issuer, audience, time, and whether the session was ended or a role removed, at once), and the
 * {@link Jwt} handed on carries what it verified: {@code sub} (the user id), {@code sid}, {@code jti},
 * {@code iat}, {@code exp}, {@code iss}, {@code aud}, {@code roles} and the host's own claims.
 */
final class LatchkeyJwtDecoder implements JwtDecoder {

    private final Latchkey latchkey;

    LatchkeyJwtDecoder(Latchkey latchkey) {
        this.latchkey = Objects.requireNonNull(latchkey, "latchkey");
    }

    @Override
    public Jwt decode(String token) {
        VerifiedAccessToken verified;
        try {
            verified = latchkey.verify(token);
        } catch (InvalidTokenException e) {
            // The reason stays in the server: the client learns only that the token is refused.
            throw new BadJwtException(InvalidTokenException.MESSAGE);
        } catch (StorageUnavailableException e) {
            throw new JwtException("Access tokens cannot be verified now: " + e.getMessage());
        }
        Map<String, Object> headers;
        try {
            headers = JWSObject.parse(token).getHeader().toJSONObject();
        } catch (ParseException e) {
            // Verified a moment ago, so this cannot happen; refuse rather than guess.
            throw new BadJwtException(InvalidTokenException.MESSAGE);
        }
        LatchkeyConfig config = latchkey.config();
        return Jwt.withTokenValue(token)
                .headers(h -> h.putAll(headers))
                .claims(c -> c.putAll(verified.claims()))
                .subject(verified.userId().toString())
                .claim("sid", verified.sessionId().toString())
                .jti(verified.tokenId())
                .issuedAt(verified.issuedAt())
                .expiresAt(verified.expiresAt())
                .issuer(config.issuer())
                .audience(List.of(config.audience()))
                .claim("roles", List.copyOf(verified.roles()))
                .build();
    }
}
