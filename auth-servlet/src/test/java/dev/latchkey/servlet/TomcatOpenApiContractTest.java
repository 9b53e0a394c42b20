package dev.latchkey.servlet;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpenAPI contract suite on Tomcat 11, with the in-memory stores. Tomcat writes its own error
 * page over the answer to a body read that failed, so its 408s are not the document's.
 */
class TomcatOpenApiContractTest extends AbstractOpenApiContractTest {

    @Override
    protected ServletContainer container() {
        return ServletContainer.TOMCAT;
    }

    /**
     * Not a test here: the suite's 408 check runs on a Jetty of its own in the Jetty classes, and
     * Tomcat's own answer to a stalled body is its error page, which the README describes.
     */
    @Override
    void aBodyThatStopsArrivingIs408() {
    }

    @Override
    protected Set<String> notProvoked() {
        return new OpenApiContract().documented().stream().filter(answer -> answer.endsWith(" 408"))
                .collect(Collectors.toSet());
    }
}
