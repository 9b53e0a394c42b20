package dev.latchkey.servlet;

/** The endpoint suite on Tomcat 11, with the in-memory stores. */
class TomcatInMemoryEndpointsTest extends InMemoryEndpointsTest {

    @Override
    protected ServletContainer container() {
        return ServletContainer.TOMCAT;
    }
}
