package dev.latchkey.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The embedded servlet containers the HTTP tests run on, each with its default request parsing
 * (nothing loosened or tightened), on a free loopback port, with no server banner and headers up to
 * 1 MiB (so that the attack suite's oversized tokens reach Latchkey's own size check); Tomcat's
 * error pages without stack traces, as auth-servlet's README asks of a Tomcat host.
 */
enum ServletContainer {

    /** Jetty 12, ee10. */
    JETTY {
        @Override
        Started start(Webapp webapp) throws Exception {
            Server server = new Server();
            HttpConfiguration config = new HttpConfiguration();
            config.setSendServerVersion(false);
            config.setSendXPoweredBy(false);
            config.setRequestHeaderSize(MAX_HEADER_BYTES);
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);

            ServletContextHandler context = new ServletContextHandler(webapp.contextPath().isEmpty() ? "/"
                    : webapp.contextPath());
            webapp.servlets().forEach((pattern, servlet) -> context.addServlet(new ServletHolder(servlet), pattern));
            if (webapp.filter() != null) {
                context.addFilter(new FilterHolder(webapp.filter()), webapp.filterPattern(),
                        EnumSet.of(DispatcherType.REQUEST));
            }
            server.setHandler(context);
            server.start();
            return new Started(this, URI.create("http://127.0.0.1:" + connector.getLocalPort() + webapp.contextPath()),
                    () -> server.stop());
        }
    },

    /** Tomcat 11. */
    TOMCAT {
        @Override
        Started start(Webapp webapp) throws Exception {
            Path baseDir = Files.createTempDirectory("latchkey-tomcat");
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            connector.setProperty("maxHttpHeaderSize", Integer.toString(MAX_HEADER_BYTES));
            tomcat.setConnector(connector);

            // As the README asks of a Tomcat host: error pages without stack traces or the server's version.
            ErrorReportValve errorPages = new ErrorReportValve();
            errorPages.setShowReport(false);
            errorPages.setShowServerInfo(false);
            tomcat.getHost().getPipeline().addValve(errorPages);
            StandardContext context = (StandardContext) tomcat.addContext(webapp.contextPath(), null);
            // Leak detection on stop is for redeployed webapps with their own class loader, not for this.
            context.setClearReferencesRmiTargets(false);
            context.setClearReferencesThreadLocals(false);
            int n = 0;
            for (Map.Entry<String, HttpServlet> servlet : webapp.servlets().entrySet()) {
                String name = "servlet-" + n++;
                Tomcat.addServlet(context, name, servlet.getValue());
                context.addServletMapping(servlet.getKey(), name);
            }
            if (webapp.filter() != null) {
                FilterDef def = new FilterDef();
                def.setFilterName("latchkey");
                def.setFilter(webapp.filter());
                context.addFilterDef(def);
                FilterMap map = new FilterMap();
                map.setFilterName("latchkey");
                map.addURLPattern(webapp.filterPattern());
                map.setDispatcher(DispatcherType.REQUEST.name());
                context.addFilterMap(map);
            }
            tomcat.start();
            return new Started(this, URI.create("http://127.0.0.1:" + connector.getLocalPort() + webapp.contextPath()),
                    () -> {
                        tomcat.stop();
                        tomcat.destroy();
                        deleteRecursively(baseDir);
                    });
        }
    };

    private static final int MAX_HEADER_BYTES = 1024 * 1024;

    /** Starts the webapp; the caller closes what it gets. */
    abstract Started start(Webapp webapp) throws Exception;

    /**
     * What a host mounts in one servlet context: servlets by URL pattern, and (when not null) one
     * filter on one URL pattern for {@link DispatcherType#REQUEST} dispatches.
     *
     * @param contextPath "" for the root context, else "/name"
     */
    record Webapp(String contextPath, Map<String, HttpServlet> servlets, Filter filter, String filterPattern) {
        Webapp {
            Objects.requireNonNull(contextPath, "contextPath");
            servlets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(servlets));
        }
    }

    /** A running container. */
    static final class Started implements AutoCloseable {
        private final ServletContainer container;
        private final URI base;
        private final Stopper stopper;

        private Started(ServletContainer container, URI base, Stopper stopper) {
            this.container = container;
            this.base = base;
            this.stopper = stopper;
        }

        /** {@code http://127.0.0.1:port} followed by the context path. */
        URI base() {
            return base;
        }

        int port() {
            return base.getPort();
        }

        @Override
        public void close() {
            try {
                stopper.stop();
            } catch (Exception e) {
                throw new IllegalStateException(container + " did not stop", e);
            }
        }
    }

    @FunctionalInterface
    private interface Stopper {
        void stop() throws Exception;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
