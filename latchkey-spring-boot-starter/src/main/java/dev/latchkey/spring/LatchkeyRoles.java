package dev.latchkey.spring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The token's {@code roles} claim as Spring Security authorities: role {@code admin} becomes
 * {@code ROLE_ADMIN}, so that {@code hasRole('ADMIN')} and {@code @PreAuthorize("hasRole('ADMIN')")}
 * check it.
 */
public final class LatchkeyRoles implements Converter<Jwt, Collection<GrantedAuthority>> {

    /** The prefix Spring Security's {@code hasRole} expects. */
    public static final String PREFIX = "ROLE_";

    /** The authority for a Latchkey role name: {@code ROLE_} and the name in upper case. */
    public static String authority(String role) {
        return PREFIX + role.strip().toUpperCase(Locale.ROOT);
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (roles != null) {
            for (String role : roles) {
                authorities.add(new SimpleGrantedAuthority(authority(role)));
            }
        }
        return authorities;
    }
}
