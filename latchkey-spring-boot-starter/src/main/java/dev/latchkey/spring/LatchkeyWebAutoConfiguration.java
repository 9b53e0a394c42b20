package dev.latchkey.spring;

import dev.latchkey.core.Latchkey;
import dev.latchkey.servlet.JwksServlet;
import dev.latchkey.servlet.LatchkeyAdminServlet;
import dev.latchkey.servlet.LatchkeyFilter;
import dev.latchkey.servlet.LatchkeyServlet;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Latchkey's endpoints in a servlet web application: the authentication endpoints at
 * {@code latchkey.base-path}, the administration at {@code latchkey.admin.base-path}, the JWK set at
 * {@code latchkey.jwks-path}, and, before every other filter, Latchkey's request firewall, which
 * answers an ambiguous path ({@code //}, {@code ;}, dot segments, encoded separators) with a JSON 400.
 */
@AutoConfiguration(after = LatchkeyAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ServletRegistrationBean.class, LatchkeyServlet.class})
public class LatchkeyWebAutoConfiguration {

    /** The bean name of the firewall's registration. */
    public static final String FIREWALL = "latchkeyFirewall";

    /** The paths Latchkey's endpoints are mounted at. */
    @Bean
    @ConditionalOnMissingBean
    public LatchkeyPaths latchkeyPaths(LatchkeyProperties properties) {
        return LatchkeyPaths.of(properties);
    }

    /** register, login, refresh, logout, revoke-all-tokens, me, sessions, change-password. */
    @Bean
    @ConditionalOnMissingBean(name = "latchkeyServlet")
    public ServletRegistrationBean<LatchkeyServlet> latchkeyServlet(Latchkey latchkey, LatchkeyPaths paths,
            LatchkeyProperties properties) {
        LatchkeyServlet servlet;
        try {
            servlet = LatchkeyServlet.builder(latchkey)
                    .trustedProxies(properties.trustedProxies().toArray(String[]::new))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException("latchkey.trusted-proxies", e.getMessage(), e);
        }
        ServletRegistrationBean<LatchkeyServlet> bean = new ServletRegistrationBean<>(servlet, paths.basePath() + "/*");
        bean.setName("latchkey");
        return bean;
    }

    /** The administration: users, sessions, roles (Bearer with the administrator role). */
    @Bean
    @ConditionalOnMissingBean(name = "latchkeyAdminServlet")
    public ServletRegistrationBean<LatchkeyAdminServlet> latchkeyAdminServlet(Latchkey latchkey, LatchkeyPaths paths) {
        ServletRegistrationBean<LatchkeyAdminServlet> bean = new ServletRegistrationBean<>(
                new LatchkeyAdminServlet(latchkey), paths.adminBasePath() + "/*");
        bean.setName("latchkeyAdmin");
        return bean;
    }

    /** The public JWK set (empty with HS256). */
    @Bean
    @ConditionalOnMissingBean(name = "latchkeyJwksServlet")
    public ServletRegistrationBean<JwksServlet> latchkeyJwksServlet(Latchkey latchkey, LatchkeyPaths paths) {
        ServletRegistrationBean<JwksServlet> bean = new ServletRegistrationBean<>(new JwksServlet(latchkey),
                paths.jwksPath());
        bean.setName("latchkeyJwks");
        return bean;
    }

    /**
     * LatchkeyFilter on every path with every path open: it authenticates nothing here (Spring
     * Security does, and the endpoints do themselves) and only refuses ambiguous requests, first.
     */
    @Bean(FIREWALL)
    @ConditionalOnMissingBean(name = FIREWALL)
    public FilterRegistrationBean<LatchkeyFilter> latchkeyFirewall(Latchkey latchkey) {
        FilterRegistrationBean<LatchkeyFilter> bean = new FilterRegistrationBean<>(new LatchkeyFilter(latchkey, "/*"));
        bean.addUrlPatterns("/*");
        bean.setDispatcherTypes(DispatcherType.REQUEST);
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        bean.setName(FIREWALL);
        return bean;
    }
}
