package dev.latchkey.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Spring Security's reading of the Bearer token (the header only, never a query or form parameter),
 * refusing a request that sends two {@code Authorization} headers as Latchkey's own endpoints do: a
 * proxy and the application could each read a different one (RFC 6750 §2 allows one method, once).
 */
final class SingleBearerTokenResolver implements BearerTokenResolver {

    private final DefaultBearerTokenResolver delegate = new DefaultBearerTokenResolver();

    @Override
    public String resolve(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers != null && headers.hasMoreElements()) {
            headers.nextElement();
            if (headers.hasMoreElements()) {
                throw new OAuth2AuthenticationException(BearerTokenErrors.invalidRequest("Send one Authorization header"));
            }
        }
        return delegate.resolve(request);
    }
}
