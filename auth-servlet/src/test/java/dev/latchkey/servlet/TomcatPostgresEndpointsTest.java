package dev.latchkey.servlet;

/** The endpoint suite on Tomcat 11, with PostgreSQL storage and the shared PostgreSQL throttle. */
class TomcatPostgresEndpointsTest extends PostgresEndpointsTest {

    @Override
    protected ServletContainer container() {
        return ServletContainer.TOMCAT;
    }
}
