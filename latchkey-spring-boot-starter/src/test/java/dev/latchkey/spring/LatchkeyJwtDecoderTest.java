package dev.latchkey.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.Actor;
import dev.latchkey.core.ClientInfo;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.memory.InMemorySessionRepository;
import dev.latchkey.core.memory.InMemoryUserRepository;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.Registration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/** The decoder and the roles converter on a real Latchkey (in memory): what Spring Security is handed. */
class LatchkeyJwtDecoderTest {

    private static final String EMAIL = "kim@example.com";
    private static final String PASSWORD = "testpassword123";
    private static final ClientInfo CLIENT = new ClientInfo("127.0.0.1", "test");

    private final InMemoryUserRepository users = new InMemoryUserRepository();
    private final Latchkey latchkey = Latchkey.builder()
            .keys(KeyRing.hs256("Zp4s8vLq2Wn7Kd1Rt6Yh3Jm9Xc5Bf0Ga"))
            .config(LatchkeyConfig.builder().bcryptCost(4).issuer("https://auth.example.com").audience("notes").build())
            .users(users).sessions(new InMemorySessionRepository(users)).build();
    private final LatchkeyJwtDecoder decoder = new LatchkeyJwtDecoder(latchkey);

    @Test
    void theJwtCarriesWhatLatchkeyVerified() {
        latchkey.register(new Registration("Kim", EMAIL, null, PASSWORD));
        var admin = latchkey.admin(Actor.system("test"));
        admin.grantRole(admin.userByEmail(EMAIL).orElseThrow().id(), "billing:read");
        LoginResult login = latchkey.login(EMAIL, PASSWORD, "phone", CLIENT);

        Jwt jwt = decoder.decode(login.accessToken().value());
        assertThat(jwt.getSubject()).isEqualTo(login.account().id().toString());
        assertThat(jwt.getClaimAsString("sid")).isEqualTo(login.session().id().toString());
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("billing:read");
        assertThat(jwt.getAudience()).containsExactly("notes");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("https://auth.example.com");
        assertThat(jwt.getExpiresAt()).isEqualTo(login.accessToken().expiresAt());
        assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt").containsEntry("alg", "HS256");

        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new LatchkeyRoles());
        // Spring Security 7 adds a FACTOR_BEARER authority of its own beside the roles.
        assertThat(converter.convert(jwt).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .filteredOn(a -> a.startsWith("ROLE_")).containsExactly("ROLE_BILLING:READ");
        assertThat(converter.convert(jwt).getName()).isEqualTo(login.account().id().toString());
    }

    @Test
    void aTokenLatchkeyRefusesIsABadJwtWithoutItsReason() {
        latchkey.register(new Registration("Kim", EMAIL, null, PASSWORD));
        LoginResult login = latchkey.login(EMAIL, PASSWORD, "phone", CLIENT);
        String token = login.accessToken().value();
        assertThat(decoder.decode(token).getSubject()).isNotBlank();

        latchkey.logout(latchkey.verify(token), null);
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(BadJwtException.class)
                .hasMessage("Could not validate credentials");
        assertThatThrownBy(() -> decoder.decode("eyJhbGciOiJub25lIn0.e30.")).isInstanceOf(BadJwtException.class)
                .hasMessage("Could not validate credentials");
    }

    @Test
    void rolesBecomeUpperCaseRoleAuthorities() {
        assertThat(LatchkeyRoles.authority("admin")).isEqualTo("ROLE_ADMIN");
        assertThat(LatchkeyRoles.authority("billing-admin")).isEqualTo("ROLE_BILLING-ADMIN");
        Jwt none = Jwt.withTokenValue("t").header("alg", "HS256").subject("u").build();
        assertThat(new LatchkeyRoles().convert(none)).isEmpty();
        Jwt two = Jwt.withTokenValue("t").header("alg", "HS256").claim("roles", List.of("admin", "editor")).build();
        assertThat(new LatchkeyRoles().convert(two)).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_ADMIN", "ROLE_EDITOR");
    }
}
