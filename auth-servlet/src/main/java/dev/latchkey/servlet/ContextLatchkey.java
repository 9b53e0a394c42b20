package dev.latchkey.servlet;

import dev.latchkey.core.Latchkey;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Optional;

/** How a filter or servlet configured from {@code web.xml} finds its {@link Latchkey}. */
final class ContextLatchkey {

    private ContextLatchkey() {
    }

    /**
     * The Latchkey in the servlet context attribute named by the init parameter {@code latchkey}
     * ({@code dev.latchkey.core.Latchkey} when absent).
     *
     * @param who the class asking, for the message
     * @throws ServletException if there is none
     */
    static Latchkey find(ServletContext context, String initParameter, String who) throws ServletException {
        String attribute = Optional.ofNullable(initParameter).orElse(LatchkeyFilter.LATCHKEY_ATTRIBUTE);
        if (!(context.getAttribute(attribute) instanceof Latchkey configured)) {
            throw new ServletException(who + " needs a Latchkey in the servlet context attribute '" + attribute + "'");
        }
        return configured;
    }
}
