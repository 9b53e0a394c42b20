package dev.latchkey.servlet;

/** The OpenAPI contract suite on Jetty 12, with the in-memory stores. */
class OpenApiContractTest extends AbstractOpenApiContractTest {

    @Override
    protected ServletContainer container() {
        return ServletContainer.JETTY;
    }
}
