/**
 * Latchkey for Jakarta Servlet 6: {@link dev.latchkey.servlet.LatchkeyFilter} protects a host's
 * servlets, {@link dev.latchkey.servlet.LatchkeyServlet} serves the endpoints, and
 * {@link dev.latchkey.servlet.JwksServlet} publishes the public keys; {@link dev.latchkey.servlet.OpenApiDocument}
 * is the OpenAPI 3.1 document of their HTTP contract.
 */
package dev.latchkey.servlet;
